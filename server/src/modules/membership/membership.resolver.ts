import { Arg, Args, Ctx, Field, FieldResolver, ID, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { MutationPayload, runMutation } from '../../graphql/payload.js';
import { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import { ConnectionType, type Connection } from '../../graphql/relay/connection.types.js';
import { toGlobalId } from '../../graphql/relay/global-id.js';
import { Guard } from '../auth/guard.decorator.js';
import { canSeeMembers, forbidden } from '../auth/policy.js';
import { Organization } from '../organization/organization.entity.js';
import { Region } from '../region/region.entity.js';
import { User } from '../user/user.entity.js';
import { Membership } from './membership.entity.js';
import { RemoveMemberInput, SetMemberRoleInput } from './membership.inputs.js';
import { removeMember, setMemberRole } from './membership.service.js';

const MembershipConnection = ConnectionType(Membership);

@ObjectType()
export class SetMemberRolePayload extends MutationPayload {
  @Field(() => Membership, { nullable: true })
  membership: Membership | null;
}

@ObjectType()
export class RemoveMemberPayload extends MutationPayload {
  @Field(() => ID, { nullable: true })
  removedMembershipId: string | null;
}

@Resolver(() => Membership)
export class MembershipResolver {
  @FieldResolver(() => Organization)
  organization(@Root() membership: Membership, @Ctx() { loaders }: Context): Promise<Organization> {
    return loaders.load(Organization, membership.organization);
  }

  @FieldResolver(() => User)
  user(@Root() membership: Membership, @Ctx() { loaders }: Context): Promise<User> {
    return loaders.load(User, membership.user);
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
      membership: await setMemberRole(ctx, input.membershipId, input.role),
    }));
  }

  @Guard('removeMember')
  @Mutation(() => RemoveMemberPayload, { description: 'Removes a person from an organization.' })
  removeMember(
    @Ctx() ctx: Context,
    @Arg('input', () => RemoveMemberInput, { validate: false }) input: RemoveMemberInput,
  ): Promise<RemoveMemberPayload> {
    return runMutation<RemoveMemberPayload>(input, { removedMembershipId: null }, async () => ({
      removedMembershipId: toGlobalId('Membership', await removeMember(ctx, input.membershipId)),
    }));
  }
}

@Resolver(() => Organization)
export class OrganizationMembersResolver {
  @FieldResolver(() => MembershipConnection, {
    description: 'People and their roles; visible to its members and to those who may manage them.',
  })
  async members(
    @Root() organization: Organization,
    @Ctx() { loaders, viewer }: Context,
    @Args() args: ConnectionArgs,
  ): Promise<Connection<Membership>> {
    // Loading the reference initializes `organization.region` itself (one identity map).
    await loaders.load(Region, organization.region);
    if (!canSeeMembers(viewer, organization)) {
      throw forbidden('Only members of the organization may see its members.');
    }
    return loaders.children(
      {
        name: 'Organization.members',
        entity: Membership,
        parent: 'organization',
        orderBy: [{ property: 'id', direction: 'asc' }],
      },
      organization.id,
      args,
    );
  }
}

@Resolver(() => User)
export class UserResolver {
  @FieldResolver(() => String, { nullable: true, description: 'Visible to the person only; null for everyone else.' })
  email(@Root() user: User, @Ctx() { viewer }: Context): string | null {
    return viewer.user?.id === user.id ? user.email : null;
  }
}
