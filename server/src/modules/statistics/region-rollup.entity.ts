import { Entity, ManyToOne, PrimaryKeyProp, Property, type Rel } from '@mikro-orm/core';
import { Organization } from '../organization/organization.entity.js';
import { Region } from '../region/region.entity.js';

/**
 * Additive figures of the things located directly in a region (projects by status, active
 * resources by kind and unit, progress sums). Kept by triggers on project and resource in
 * the transaction that changes them (migration Migration20261126195950), so a region's
 * statistics sum the rows of its subtree's regions instead of scanning projects and
 * resources. Only the region where a thing lies is touched: no write contends on a city row.
 */
@Entity()
export class RegionRollup {
  [PrimaryKeyProp]?: ['region', 'metric'];

  @ManyToOne(() => Region, { primary: true, deleteRule: 'cascade' })
  region: Rel<Region>;

  /**
   * e.g. `projects:IN_PROGRESS`, `resources:VENUE:SESSION`, `offered:…`, `committed:…`,
   * `progress:sum`, `progress:count`: summed over a subtree's regions. `subtree:units` is not
   * additive: it already counts the region's whole subtree (distinct participating units).
   */
  @Property({ type: 'text', primary: true })
  metric: string;

  @Property({ type: 'double' })
  value: number;
}

/**
 * Distinct units taking part: for a region and every region above the project's, how many
 * of an organization's active participations lie in its subtree (committees excluded). Kept
 * by a trigger on participant, which also keeps the region's `subtree:units` roll-up (the
 * organizations with a positive count) so reading it is one row.
 */
@Entity()
export class RegionParticipation {
  [PrimaryKeyProp]?: ['region', 'organization'];

  @ManyToOne(() => Region, { primary: true, deleteRule: 'cascade' })
  region: Rel<Region>;

  @ManyToOne(() => Organization, { primary: true, deleteRule: 'cascade' })
  organization: Rel<Organization>;

  @Property()
  projects: number;
}
