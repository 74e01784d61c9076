import {
  Arg,
  Ctx,
  Field,
  ID,
  Mutation,
  ObjectType,
  Query,
  Resolver,
  registerEnumType,
  FieldResolver,
  Root,
} from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { MutationPayload, runMutation } from '../../graphql/payload.js';
import { decodeGlobalId } from '../../graphql/relay/global-id.js';
import { ApiTokenNode } from '../api-token/api-token.node.js';
import { MembershipNode } from '../membership/membership.node.js';
import { organizationRef } from '../organization/organization-access.js';
import { OrganizationNode } from '../organization/organization.node.js';
import { UserNode } from '../user/user.node.js';
import { ChangePasswordInput, LoginInput } from './auth.inputs.js';
import { changePassword, login, logout } from './auth.service.js';
import { clearSessionCookie, signIn, signingClient } from './session-cookie.js';
import { Guard } from './guard.decorator.js';
import { canManageApiTokens, canManageMembers, unauthenticated, type OrganizationRef } from './policy.js';
import type { Viewer } from './viewer.js';

/** Organization-scoped things the UI asks `viewer.can` about. */
export enum ViewerAction {
  MANAGE_MEMBERS = 'MANAGE_MEMBERS',
  MANAGE_API_TOKENS = 'MANAGE_API_TOKENS',
}
registerEnumType(ViewerAction, { name: 'ViewerAction' });

const CHECKS: Record<ViewerAction, (viewer: Viewer, organization: OrganizationRef) => boolean> = {
  MANAGE_MEMBERS: canManageMembers,
  MANAGE_API_TOKENS: canManageApiTokens,
};

@ObjectType('Viewer', { description: 'Who is calling, and what they may do.' })
export class ViewerInfo {
  constructor(readonly viewer: Viewer) {}
}

@ObjectType()
export class LoginPayload extends MutationPayload {
  @Field(() => UserNode, { nullable: true })
  user: UserNode | null;
}

@ObjectType()
export class LogoutPayload extends MutationPayload {
  @Field()
  loggedOut: boolean;
}

@ObjectType()
export class ChangePasswordPayload extends MutationPayload {
  @Field()
  changed: boolean;
}

@Resolver(() => ViewerInfo)
export class AuthResolver {
  @Query(() => ViewerInfo, { description: 'The caller: person, memberships, token, and `can` checks.' })
  viewer(@Ctx() { viewer }: Context): ViewerInfo {
    return new ViewerInfo(viewer);
  }

  @FieldResolver(() => UserNode, {
    nullable: true,
    description: 'The signed-in person; null for anonymous callers and tokens.',
  })
  user(@Root() { viewer }: ViewerInfo, @Ctx() { loaders }: Context): Promise<UserNode | null> {
    return loaders.node(UserNode, viewer.user?.id);
  }

  @FieldResolver(() => [MembershipNode], { description: "The signed-in person's roles." })
  async memberships(@Root() { viewer }: ViewerInfo, @Ctx() { loaders }: Context): Promise<MembershipNode[]> {
    return Promise.all(viewer.memberships.map((m) => loaders.node(MembershipNode, m.id)));
  }

  @FieldResolver(() => ApiTokenNode, { nullable: true, description: 'The API token of the request, if any.' })
  apiToken(@Root() { viewer }: ViewerInfo, @Ctx() { loaders }: Context): Promise<ApiTokenNode | null> {
    return loaders.node(ApiTokenNode, viewer.token?.id);
  }

  @FieldResolver(() => Boolean, { description: 'Whether the caller may do `action` for the organization.' })
  async can(
    @Root() info: ViewerInfo,
    @Ctx() { loaders }: Context,
    @Arg('action', () => ViewerAction) action: ViewerAction,
    @Arg('organizationId', () => ID) organizationId: string,
  ): Promise<boolean> {
    const id = decodeGlobalId(organizationId, 'Organization', 'organizationId');
    const organization = await loaders.node(OrganizationNode, id);
    return organization !== null && CHECKS[action](info.viewer, await organizationRef(loaders, organization));
  }

  @Guard('login')
  @Mutation(() => LoginPayload, { description: 'Signs in with email and password; sets the session cookie.' })
  login(
    @Ctx() ctx: Context,
    @Arg('input', () => LoginInput, { validate: false }) input: LoginInput,
  ): Promise<LoginPayload> {
    return runMutation<LoginPayload>(input, { user: null }, async () => {
      const { user, opened } = await login(ctx.em, ctx.config, signingClient(ctx), input.email, input.password);
      await signIn(ctx, user, opened);
      return { user: await ctx.loaders.written(UserNode, user.id) };
    });
  }

  @Guard('logout')
  @Mutation(() => LogoutPayload, { description: 'Ends the current session.' })
  logout(@Ctx() ctx: Context): Promise<LogoutPayload> {
    return runMutation<LogoutPayload>(null, { loggedOut: false }, async () => {
      await logout(ctx.viewer, ctx.em);
      clearSessionCookie(ctx);
      return { loggedOut: true };
    });
  }

  @Guard('changePassword')
  @Mutation(() => ChangePasswordPayload, { description: "Changes the signed-in user's password; other sessions end." })
  changePassword(
    @Ctx() ctx: Context,
    @Arg('input', () => ChangePasswordInput, { validate: false }) input: ChangePasswordInput,
  ): Promise<ChangePasswordPayload> {
    const user = ctx.viewer.user;
    if (!user) throw unauthenticated();
    return runMutation<ChangePasswordPayload>(input, { changed: false }, async () => {
      await changePassword(ctx.viewer, ctx.em, user, input.currentPassword, input.newPassword);
      return { changed: true };
    });
  }
}
