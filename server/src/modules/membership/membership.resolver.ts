import {
  Arg,
  Args,
  Ctx,
  Field,
  FieldResolver,
  ID,
  Mutation,
  ObjectType,
  Resolver,
  Root,
  Extensions,
} from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { PER_VIEWER } from '../../websocket/fan-out.js';
import { MutationPayload, runMutation } from '../../graphql/payload.js';
import { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import { ConnectionType, type Connection } from '../../graphql/relay/connection.types.js';
import { toGlobalId } from '../../graphql/relay/global-id.js';
import { Guard } from '../auth/guard.decorator.js';
import { canSeeMembers, forbidden } from '../auth/policy.js';
import { organizationRef } from '../organization/organization-access.js';
import { OrganizationNode } from '../organization/organization.node.js';
import { UserNode } from '../user/user.node.js';
import { MembershipNode } from './membership.node.js';
import { RemoveMemberInput, SetMemberRoleInput } from './membership.inputs.js';
import { removeMember, setMemberRole } from './membership.service.js';

const MembershipConnection = ConnectionType(MembershipNode);

@ObjectType()
export class SetMemberRolePayload extends MutationPayload {
  @Field(() => MembershipNode, { nullable: true })
  membership: MembershipNode | null;
}

@ObjectType()
export class RemoveMemberPayload extends MutationPayload {
  @Field(() => ID, { nullable: true })
  removedMembershipId: string | null;
}

@Resolver(() => MembershipNode)
export class MembershipResolver {
  @FieldResolver(() => OrganizationNode)
  organization(@Root() membership: MembershipNode, @Ctx() { loaders }: Context): Promise<OrganizationNode> {
    return loaders.node(OrganizationNode, membership.organizationId);
  }

  @FieldResolver(() => UserNode)
  user(@Root() membership: MembershipNode, @Ctx() { loaders }: Context): Promise<UserNode> {
    return loaders.node(UserNode, membership.userId);
  }

  @Guard('setMemberRole')
  @Mutation(() => SetMemberRolePayload, {
    description: "Changes a member's role; an organization keeps at least one ADMIN.",
  })
  setMemberRole(
    @Ctx() ctx: Context,
    @Arg('input', () => SetMemberRoleInput, { validate: false }) input: SetMemberRoleInput,
  ): Promise<SetMemberRolePayload> {
    return runMutation<SetMemberRolePayload>(input, { membership: null }, async () => ({
      membership: await ctx.loaders.written(
        MembershipNode,
        (await setMemberRole(ctx.viewer, ctx.em, input.membershipId, input.role)).id,
      ),
    }));
  }

  @Guard('removeMember')
  @Mutation(() => RemoveMemberPayload, { description: 'Removes a person from an organization.' })
  removeMember(
    @Ctx() ctx: Context,
    @Arg('input', () => RemoveMemberInput, { validate: false }) input: RemoveMemberInput,
  ): Promise<RemoveMemberPayload> {
    return runMutation<RemoveMemberPayload>(input, { removedMembershipId: null }, async () => ({
      removedMembershipId: toGlobalId('Membership', await removeMember(ctx.viewer, ctx.em, input.membershipId)),
    }));
  }
}

@Resolver(() => OrganizationNode)
export class OrganizationMembersResolver {
  // Depends on who asks: live fan-out keys its shared results by viewer.
  @Extensions(PER_VIEWER)
  @FieldResolver(() => MembershipConnection, {
    description: 'People and their roles; visible to its members and to those who may manage them.',
  })
  async members(
    @Root() organization: OrganizationNode,
    @Ctx() { loaders, viewer }: Context,
    @Args({ validate: false }) args: ConnectionArgs,
  ): Promise<Connection<MembershipNode>> {
    if (!canSeeMembers(viewer, await organizationRef(loaders, organization))) {
      throw forbidden('Only members of the organization may see its members.');
    }
    return loaders.children(
      {
        name: 'Organization.members',
        type: MembershipNode,
        parent: 'organization',
        orderBy: [{ property: 'id', direction: 'asc' }],
      },
      organization.id,
      args,
    );
  }
}

@Resolver(() => UserNode)
export class UserResolver {
  // Depends on who asks: live fan-out keys its shared results by viewer.
  @Extensions(PER_VIEWER)
  @FieldResolver(() => String, { nullable: true, description: 'Visible to the person only; null for everyone else.' })
  email(@Root() user: UserNode, @Ctx() { viewer }: Context): string | null {
    return viewer.user?.id === user.id ? user.email : null;
  }
}
