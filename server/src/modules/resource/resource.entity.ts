import { Check, Entity, Enum, Index, ManyToOne, Property, type Rel } from '@mikro-orm/core';
import { GraphQLLocalDate } from 'graphql-scalars';
import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
import { BaseEntity } from '../common/base.entity.js';
import { QuantityUnit, ResourceKind } from '../common/enums.js';
import { Node } from '../../graphql/relay/node.interface.js';
import { Organization } from '../organization/organization.entity.js';
import { Region } from '../region/region.entity.js';

export enum ResourceStatus {
  ACTIVE = 'ACTIVE',
  RETIRED = 'RETIRED',
}
registerEnumType(ResourceStatus, { name: 'ResourceStatus' });

@ObjectType({
  implements: Node,
  description: 'Something an organization offers to co-building: a venue, hours, funds, …',
})
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
  @Field()
  @Property({ length: 200 })
  titleZh: string;

  @Field()
  @Property({ length: 200 })
  titleEn: string;

  @Field({ nullable: true })
  @Property({ type: 'text', nullable: true })
  descriptionZh?: string;

  @Field({ nullable: true })
  @Property({ type: 'text', nullable: true })
  descriptionEn?: string;

  @Field(() => ResourceKind)
  @Enum({ items: () => ResourceKind })
  kind: ResourceKind;

  @Field(() => QuantityUnit)
  @Enum({ items: () => QuantityUnit })
  unit: QuantityUnit;

  @Field(() => Int, { description: 'Total quantity offered, in `unit`.' })
  @Property()
  capacity: number;

  /**
   * Sum of the active commitments drawn from this resource. Kept by a guarded UPDATE in the
   * same transaction as each commitment change, and bounded by a CHECK constraint.
   */
  @Field(() => Int, { description: 'Quantity held by active (not withdrawn) commitments.' })
  @Property({ default: 0 })
  committed: number = 0;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'First day it can be used (YYYY-MM-DD).' })
  @Property({ type: 'date', nullable: true })
  availableFrom?: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Last day it can be used (YYYY-MM-DD).' })
  @Property({ type: 'date', nullable: true })
  availableUntil?: string;

  @Field(() => ResourceStatus)
  @Enum({ items: () => ResourceStatus, default: ResourceStatus.ACTIVE })
  status: ResourceStatus = ResourceStatus.ACTIVE;

  @ManyToOne(() => Organization, { index: true, deleteRule: 'restrict' })
  owner: Rel<Organization>;

  /** Where the resource is; defaults to the owner's region. */
  @ManyToOne(() => Region, { index: true, deleteRule: 'restrict' })
  region: Rel<Region>;

  @Field(() => Int, { description: 'capacity − committed.' })
  get remaining(): number {
    return this.capacity - this.committed;
  }
}
