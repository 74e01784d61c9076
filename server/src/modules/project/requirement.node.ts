import { QuantityUnit, ResourceKind } from '../common/enums.js';
import { BaseNode } from '../common/base.node.js';
import { Field, Int } from 'type-graphql';
import { NodeType } from '../../graphql/relay/node.interface.js';
import { Requirement } from './requirement.entity.js';
import { Localized } from '../../graphql/locale.js';

@Localized({ title: ['titleZh', 'titleEn'] })
@NodeType('Requirement', Requirement, { description: 'Something a project needs, in a quantity and unit.' })
export class RequirementNode extends BaseNode {
  @Field()
  titleZh: string;

  @Field()
  titleEn: string;

  @Field(() => ResourceKind)
  kind: ResourceKind;

  @Field(() => QuantityUnit)
  unit: QuantityUnit;

  @Field(() => Int, { description: 'Quantity needed, in `unit`.' })
  quantity: number;

  @Field(() => Int, { description: 'Quantity of active (pledged, confirmed, delivered) commitments.' })
  committed: number;

  @Field(() => Int, { description: 'Quantity delivered.' })
  delivered: number;

  projectId: string;
}
