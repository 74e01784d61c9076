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
import { ApiToken } from '../api-token/api-token.entity.js';
import { Membership } from '../membership/membership.entity.js';
import { Organization } from '../organization/organization.entity.js';
import { User } from '../user/user.entity.js';
import { ChangePasswordInput, LoginInput } from './auth.inputs.js';
import { changePassword, login, logout } from './auth.service.js';
import { Guard } from './guard.decorator.js';
import { canManageApiTokens, canManageMembers, unauthenticated } from './policy.js';
import type { Viewer } from './viewer.js';

/** Organization-scoped things the UI asks `viewer.can` about. */
export enum ViewerAction {
  MANAGE_MEMBERS = 'MANAGE_MEMBERS',
  MANAGE_API_TOKENS = 'MANAGE_API_TOKENS',
}
registerEnumType(ViewerAction, { name: 'ViewerAction' });

const CHECKS: Record<ViewerAction, (viewer: Viewer, organization: Organization) => boolean> = {
  MANAGE_MEMBERS: canManageMembers,
  MANAGE_API_TOKENS: canManageApiTokens,
};

@ObjectType('Viewer', { description: 'Who is calling, and what they may do.' })
export class ViewerInfo {
  constructor(readonly viewer: Viewer) {}

  @Field(() => User, { nullable: true, description: 'The signed-in person; null for anonymous callers and tokens.' })
  get user(): User | null {
    return this.viewer.user;
  }

  @Field(() => [Membership], { description: "The signed-in person's roles." })
  get memberships(): Membership[] {
    return this.viewer.memberships;
  }

  @Field(() => ApiToken, { nullable: true, description: 'The API token of the request, if any.' })
  get apiToken(): ApiToken | null {
    return this.viewer.token;
  }
}

@ObjectType()
export class LoginPayload extends MutationPayload {
  @Field(() => User, { nullable: true })
  user: User | null;
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

  @FieldResolver(() => Boolean, { description: 'Whether the caller may do `action` for the organization.' })
  async can(
    @Root() info: ViewerInfo,
    @Ctx() { em }: Context,
    @Arg('action', () => ViewerAction) action: ViewerAction,
    @Arg('organizationId', () => ID) organizationId: string,
  ): Promise<boolean> {
    const id = decodeGlobalId(organizationId, 'Organization', 'organizationId');
    const organization = await em.findOne(Organization, { id }, { populate: ['region'] });
    return organization !== null && CHECKS[action](info.viewer, organization);
  }

  @Guard('login')
  @Mutation(() => LoginPayload, { description: 'Signs in with email and password; sets the session cookie.' })
  login(
    @Ctx() ctx: Context,
    @Arg('input', () => LoginInput, { validate: false }) input: LoginInput,
  ): Promise<LoginPayload> {
    return runMutation<LoginPayload>(input, { user: null }, async () => ({
      user: await login(ctx, input.email, input.password),
    }));
  }

  @Guard('logout')
  @Mutation(() => LogoutPayload, { description: 'Ends the current session.' })
  logout(@Ctx() ctx: Context): Promise<LogoutPayload> {
    return runMutation<LogoutPayload>(null, { loggedOut: false }, async () => {
      await logout(ctx);
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
      await changePassword(ctx, user, input.currentPassword, input.newPassword);
      return { changed: true };
    });
  }
}
