import { QuantityUnit } from '../common/enums.js';
import { BaseNode } from '../common/base.node.js';
import { Field, Int } from 'type-graphql';
import { NodeType } from '../../graphql/relay/node.interface.js';
import { Commitment, CommitmentStatus } from './commitment.entity.js';

@NodeType('Commitment', Commitment, {
  description: "An organization's commitment of a quantity towards a project requirement.",
})
export class CommitmentNode extends BaseNode {
  @Field(() => Int)
  quantity: number;

  @Field(() => QuantityUnit)
  unit: QuantityUnit;

  @Field(() => CommitmentStatus)
  status: CommitmentStatus;

  @Field({ nullable: true })
  note?: string;

  projectId: string;

  requirementId: string;

  organizationId: string;

  resourceId: string | null;
}
