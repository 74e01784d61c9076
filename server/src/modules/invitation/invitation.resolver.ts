import { Arg, Ctx, Field, Mutation, ObjectType, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { MutationPayload, runMutation } from '../../graphql/payload.js';
import { Guard } from '../auth/guard.decorator.js';
import { MembershipNode } from '../membership/membership.node.js';
import { InvitationNode } from './invitation.node.js';
import { AcceptInvitationInput, InviteMemberInput } from './invitation.inputs.js';
import { acceptInvitation, inviteMember } from './invitation.service.js';
import { signIn, signingClient } from '../auth/session-cookie.js';

@ObjectType()
export class InviteMemberPayload extends MutationPayload {
  @Field(() => InvitationNode, { nullable: true })
  invitation: InvitationNode | null;

  @Field(() => String, {
    nullable: true,
    description: 'The single-use secret for the invitation link. Shown only here; Cobuild keeps only its hash.',
  })
  invitationSecret: string | null;
}

@ObjectType()
export class AcceptInvitationPayload extends MutationPayload {
  @Field(() => MembershipNode, { nullable: true, description: 'The new membership; the caller is now signed in.' })
  membership: MembershipNode | null;
}

@Resolver()
export class InvitationResolver {
  @Guard('inviteMember')
  @Mutation(() => InviteMemberPayload, {
    description: 'Invites a person (by email) to join an organization with a role.',
  })
  inviteMember(
    @Ctx() ctx: Context,
    @Arg('input', () => InviteMemberInput, { validate: false }) input: InviteMemberInput,
  ): Promise<InviteMemberPayload> {
    return runMutation<InviteMemberPayload>(input, { invitation: null, invitationSecret: null }, async () => {
      const { invitation, secret } = await inviteMember(ctx.viewer, ctx.em, input);
      return { invitation: await ctx.loaders.written(InvitationNode, invitation.id), invitationSecret: secret };
    });
  }

  @Guard('acceptInvitation')
  @Mutation(() => AcceptInvitationPayload, { description: 'Joins the organization of an invitation and signs in.' })
  acceptInvitation(
    @Ctx() ctx: Context,
    @Arg('input', () => AcceptInvitationInput, { validate: false }) input: AcceptInvitationInput,
  ): Promise<AcceptInvitationPayload> {
    return runMutation<AcceptInvitationPayload>(input, { membership: null }, async () => ({
      membership: await (async () => {
        const { membership, opened } = await acceptInvitation(
          ctx.viewer,
          ctx.em,
          ctx.config,
          signingClient(ctx),
          input,
        );
        await signIn(ctx, membership.user, opened);
        return ctx.loaders.written(MembershipNode, membership.id);
      })(),
    }));
  }
}
