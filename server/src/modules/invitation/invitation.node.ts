import { BaseNode } from '../common/base.node.js';
import { Field } from 'type-graphql';
import { NodeType } from '../../graphql/relay/node.interface.js';
import { MembershipRole } from '../membership/membership.entity.js';
import { Invitation } from './invitation.entity.js';

@NodeType('Invitation', Invitation, { description: 'A single-use invitation to join an organization.' })
export class InvitationNode extends BaseNode {
  @Field()
  email: string;

  @Field(() => MembershipRole)
  role: MembershipRole;

  @Field()
  expiresAt: Date;

  @Field({ nullable: true })
  acceptedAt?: Date;

  organizationId: string;

  invitedById: string | null;
}
