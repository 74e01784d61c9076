import { Field, ID, InputType } from 'type-graphql';
import { MembershipRole } from './membership.entity.js';

@InputType()
export class SetMemberRoleInput {
  @Field(() => ID)
  membershipId: string;

  @Field(() => MembershipRole)
  role: MembershipRole;
}

@InputType()
export class RemoveMemberInput {
  @Field(() => ID)
  membershipId: string;
}
