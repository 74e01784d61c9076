import { Check, Entity, Enum, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { QuantityUnit, ResourceKind } from '../common/enums.js';
import { Organization } from '../organization/organization.entity.js';
import { Region } from '../region/region.entity.js';

export enum ResourceStatus {
  ACTIVE = 'ACTIVE',
  RETIRED = 'RETIRED',
}
registerEnumType(ResourceStatus, { name: 'ResourceStatus' });

@Entity()
@Index({ properties: ['kind', 'status'] })
@Check({ name: 'resource_capacity_positive', expression: 'capacity > 0' })
@Check({
  name: 'resource_committed_within_capacity',
  expression: 'committed >= 0 and committed <= capacity',
})
@Check({
  name: 'resource_availability_ordered',
  expression: 'available_until is null or available_from is null or available_until >= available_from',
})
export class Resource extends BaseEntity<'status' | 'committed' | 'remaining'> {
  @Property({ length: 200 })
  titleZh: string;

  @Property({ length: 200 })
  titleEn: string;

  @Property({ type: 'text', nullable: true })
  descriptionZh?: string;

  @Property({ type: 'text', nullable: true })
  descriptionEn?: string;

  @Enum({ items: () => ResourceKind })
  kind: ResourceKind;

  @Enum({ items: () => QuantityUnit })
  unit: QuantityUnit;

  @Property()
  capacity: number;

  /**
   * Sum of the active commitments drawn from this resource. Kept by a guarded UPDATE in the
   * same transaction as each commitment change, and bounded by a CHECK constraint.
   */
  @Property({ default: 0 })
  committed: number = 0;

  @Property({ type: 'date', nullable: true })
  availableFrom?: string;

  @Property({ type: 'date', nullable: true })
  availableUntil?: string;

  @Enum({ items: () => ResourceStatus, default: ResourceStatus.ACTIVE })
  status: ResourceStatus = ResourceStatus.ACTIVE;

  @ManyToOne(() => Organization, { index: true, deleteRule: 'restrict' })
  owner: Rel<Organization>;

  /** Where the resource is; defaults to the owner's region. */
  @ManyToOne(() => Region, { index: true, deleteRule: 'restrict' })
  region: Rel<Region>;

  get remaining(): number {
    return this.capacity - this.committed;
  }
}
