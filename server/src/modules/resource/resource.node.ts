import { GraphQLLocalDate } from 'graphql-scalars';
import { QuantityUnit, ResourceKind } from '../common/enums.js';
import { BaseNode } from '../common/base.node.js';
import { Field, Int } from 'type-graphql';
import { NodeType } from '../../graphql/relay/node.interface.js';
import { Resource, ResourceStatus } from './resource.entity.js';
import { Localized } from '../../graphql/locale.js';

@Localized({ title: ['titleZh', 'titleEn'], description: ['descriptionZh', 'descriptionEn', { nullable: true }] })
@NodeType('Resource', Resource, {
  description: 'Something an organization offers to co-building: a venue, hours, funds, …',
})
export class ResourceNode extends BaseNode {
  @Field()
  titleZh: string;

  @Field()
  titleEn: string;

  @Field({ nullable: true })
  descriptionZh?: string;

  @Field({ nullable: true })
  descriptionEn?: string;

  @Field(() => ResourceKind)
  kind: ResourceKind;

  @Field(() => QuantityUnit)
  unit: QuantityUnit;

  @Field(() => Int, { description: 'Total quantity offered, in `unit`.' })
  capacity: number;

  @Field(() => Int, { description: 'Quantity held by active (not withdrawn) commitments.' })
  committed: number;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'First day it can be used (YYYY-MM-DD).' })
  availableFrom?: string;

  @Field(() => GraphQLLocalDate, { nullable: true, description: 'Last day it can be used (YYYY-MM-DD).' })
  availableUntil?: string;

  @Field(() => ResourceStatus)
  status: ResourceStatus;

  @Field(() => Int, { description: 'capacity − committed.' })
  get remaining(): number {
    return this.capacity - this.committed;
  }

  ownerId: string;

  regionId: string;
}
