import { Check, Entity, Enum, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Category } from '../common/enums.js';
import { ObjectionRule, SupportThreshold } from '../consultation/consultation-rule.js';
import { Organization } from '../organization/organization.entity.js';
import { Region } from '../region/region.entity.js';

export enum ProjectStatus {
  PROPOSED = 'PROPOSED',
  CONSULTING = 'CONSULTING',
  APPROVED = 'APPROVED',
  IN_PROGRESS = 'IN_PROGRESS',
  COMPLETED = 'COMPLETED',
  CANCELLED = 'CANCELLED',
}
registerEnumType(ProjectStatus, {
  name: 'ProjectStatus',
  description: 'PROPOSED › CONSULTING › APPROVED › IN_PROGRESS › COMPLETED, or CANCELLED.',
});

@Entity()
@Index({ properties: ['status', 'category'] })
@Index({
  name: 'project_title_trgm_idx',
  expression:
    'create index "project_title_trgm_idx" on "project" using gin ((title_zh || \' \' || title_en) gin_trgm_ops)',
})
@Check({
  name: 'project_dates_ordered',
  expression: 'ends_on is null or starts_on is null or ends_on >= starts_on',
})
export class Project extends BaseEntity<'status' | 'progress' | 'consultationSupport' | 'consultationObjections'> {
  @Property({ length: 200 })
  titleZh: string;

  @Property({ length: 200 })
  titleEn: string;

  @Property({ type: 'text', nullable: true })
  summaryZh?: string;

  @Property({ type: 'text', nullable: true })
  summaryEn?: string;

  @Enum({ items: () => Category })
  category: Category;

  @Enum({ items: () => ProjectStatus, default: ProjectStatus.PROPOSED })
  status: ProjectStatus = ProjectStatus.PROPOSED;

  @ManyToOne(() => Organization, { index: true, deleteRule: 'restrict' })
  leadCommittee: Rel<Organization>;

  /** The region the project serves; region filters match its whole subtree. */
  @ManyToOne(() => Region, { index: true, deleteRule: 'restrict' })
  region: Rel<Region>;

  @Property({ type: 'date', nullable: true })
  startsOn?: string;

  @Property({ type: 'date', nullable: true })
  endsOn?: string;

  /**
   * Weighted mean progress of the milestones (0–100), 0 without milestones. Kept by a trigger
   * on milestone in the transaction that changes one, so lists read it from the row.
   */
  @Property({ type: 'double', default: 0 })
  progress: number = 0;

  /** The consultation rule (set by the lead committee before consultation starts). */
  @Enum({ items: () => SupportThreshold, default: SupportThreshold.MAJORITY })
  consultationSupport: SupportThreshold = SupportThreshold.MAJORITY;

  @Enum({ items: () => ObjectionRule, default: ObjectionRule.LEAD_MUST_REPLY })
  consultationObjections: ObjectionRule = ObjectionRule.LEAD_MUST_REPLY;
}
