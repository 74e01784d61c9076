import { BaseNode } from '../common/base.node.js';
import { Field } from 'type-graphql';
import { NodeType } from '../../graphql/relay/node.interface.js';
import { Membership, MembershipRole } from './membership.entity.js';

@NodeType('Membership', Membership, { description: "A person's role in an organization." })
export class MembershipNode extends BaseNode {
  @Field(() => MembershipRole)
  role: MembershipRole;

  userId: string;

  organizationId: string;
}
