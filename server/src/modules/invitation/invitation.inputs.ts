import { IsEmail, MaxLength, MinLength } from 'class-validator';
import { Field, ID, InputType } from 'type-graphql';
import { MembershipRole } from '../membership/membership.entity.js';

@InputType()
export class InviteMemberInput {
  @Field(() => ID)
  organizationId: string;

  @Field()
  @IsEmail({}, { message: 'email must be an email address' })
  @MaxLength(254)
  email: string;

  @Field(() => MembershipRole)
  role: MembershipRole;
}

@InputType()
export class AcceptInvitationInput {
  @Field({ description: 'The secret from the invitation link.' })
  @MaxLength(200)
  secret: string;

  @Field({ description: 'Your name as others will see it (new accounts).' })
  @MinLength(1)
  @MaxLength(100)
  displayName: string;

  @Field({ description: 'New accounts: the password to set (≥ 10 characters). Existing accounts: their password.' })
  @MaxLength(200)
  password: string;
}
