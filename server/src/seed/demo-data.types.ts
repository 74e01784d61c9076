import type { Category, QuantityUnit, ResourceKind } from '../modules/common/enums.js';
import type { CommitmentStatus } from '../modules/commitment/commitment.entity.js';
import type { Sector } from '../modules/organization/organization.entity.js';
import type { ProjectStatus } from '../modules/project/project.entity.js';

/** Shape of the bilingual demo data set; demo-seed.ts checks its consistency when seeding. */

export interface DemoSubdistrict {
  /** Illustrative 9-digit code: district code + 3 digits, e.g. "310106001". */
  code: string;
  zh: string;
  en: string;
}

export interface DemoDistrict {
  /** Real 6-digit code from shared/data, e.g. "310106". */
  code: string;
  zh: string;
  en: string;
  subdistricts: DemoSubdistrict[];
}

export interface DemoCommunity {
  /** Illustrative 12-digit code: subdistrict code + 3 digits, e.g. "310106001001". */
  code: string;
  subdistrictCode: string;
  zh: string;
  en: string;
  /** Number of grids to create below it (1–4); grid codes are `${code}-G01` … */
  grids: number;
}

export interface DemoOrganization {
  /** Stable key used by the other lists, e.g. "jingan-hospital". */
  key: string;
  kind: 'WORK_UNIT' | 'SERVICE_CENTER';
  /** Required for WORK_UNIT, absent for SERVICE_CENTER. */
  sector?: Sector;
  zh: string;
  en: string;
  descriptionZh: string;
  descriptionEn: string;
  /** Code of the community (or subdistrict) where it is located. */
  regionCode: string;
}

export interface DemoNeed {
  key: string;
  titleZh: string;
  titleEn: string;
  descriptionZh: string;
  descriptionEn: string;
  category: Category;
  /** A community code, or a grid code like "310106001001-G02". */
  regionCode: string;
  /** Organization keys that support the need. */
  supporters: string[];
}

export interface DemoResource {
  key: string;
  /** Organization key of the owner. */
  owner: string;
  kind: ResourceKind;
  unit: QuantityUnit;
  capacity: number;
  titleZh: string;
  titleEn: string;
  descriptionZh: string;
  descriptionEn: string;
  availableFrom?: string;
  availableUntil?: string;
}

export interface DemoCommitment {
  /** Organization key; must be a partner of the project. */
  organization: string;
  /** Resource key of that organization, same kind and unit as the requirement. */
  resource?: string;
  quantity: number;
  status: CommitmentStatus;
}

export interface DemoRequirement {
  titleZh: string;
  titleEn: string;
  kind: ResourceKind;
  unit: QuantityUnit;
  quantity: number;
  commitments: DemoCommitment[];
}

export interface DemoMilestone {
  titleZh: string;
  titleEn: string;
  dueOn: string;
  weight: number;
  progress: number;
}

export interface DemoProject {
  key: string;
  titleZh: string;
  titleEn: string;
  summaryZh: string;
  summaryEn: string;
  category: Category;
  status: ProjectStatus;
  /** Region code whose committee leads the project (district, subdistrict or community). */
  leadRegionCode: string;
  /** Region the project serves: the lead's region or one below it. */
  regionCode: string;
  startsOn: string;
  endsOn: string;
  /** Need keys it answers. */
  needs: string[];
  /** Organization keys taking part as partners. */
  partners: string[];
  requirements: DemoRequirement[];
  milestones: DemoMilestone[];
}

export interface DemoData {
  municipality: { code: string; zh: string; en: string };
  districts: DemoDistrict[];
  communities: DemoCommunity[];
  organizations: DemoOrganization[];
  needs: DemoNeed[];
  resources: DemoResource[];
  projects: DemoProject[];
}
