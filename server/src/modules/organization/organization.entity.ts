import { Entity, Enum, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { Region } from '../region/region.entity.js';

export enum OrganizationKind {
  COMMITTEE = 'COMMITTEE',
  WORK_UNIT = 'WORK_UNIT',
  SERVICE_CENTER = 'SERVICE_CENTER',
}
registerEnumType(OrganizationKind, {
  name: 'OrganizationKind',
  description:
    'COMMITTEE: the co-building committee of one region; WORK_UNIT: an organization located in a region; SERVICE_CENTER: a party-masses or community service center.',
});

export enum Sector {
  STATE_OWNED_ENTERPRISE = 'STATE_OWNED_ENTERPRISE',
  PRIVATE_ENTERPRISE = 'PRIVATE_ENTERPRISE',
  FOREIGN_ENTERPRISE = 'FOREIGN_ENTERPRISE',
  SCHOOL = 'SCHOOL',
  HOSPITAL = 'HOSPITAL',
  GOVERNMENT_AGENCY = 'GOVERNMENT_AGENCY',
  PUBLIC_INSTITUTION = 'PUBLIC_INSTITUTION',
  SOCIAL_ORGANIZATION = 'SOCIAL_ORGANIZATION',
  NEW_ECONOMY = 'NEW_ECONOMY',
}
registerEnumType(Sector, { name: 'Sector', description: 'Sector of a work unit.' });

@Entity()
@Index({ properties: ['kind', 'region'] })
@Index({ properties: ['sector'] })
@Index({
  name: 'organization_one_committee_per_region',
  expression:
    'create unique index "organization_one_committee_per_region" on "organization" ("region_id") where "kind" = \'COMMITTEE\'',
})
export class Organization extends BaseEntity {
  @Enum({ items: () => OrganizationKind })
  kind: OrganizationKind;

  @Enum({ items: () => Sector, nullable: true })
  sector?: Sector;

  @Property({ length: 200 })
  nameZh: string;

  @Property({ length: 200 })
  nameEn: string;

  @Property({ type: 'text', nullable: true })
  descriptionZh?: string;

  @Property({ type: 'text', nullable: true })
  descriptionEn?: string;

  @ManyToOne(() => Region, { index: true, deleteRule: 'restrict' })
  region: Rel<Region>;
}
