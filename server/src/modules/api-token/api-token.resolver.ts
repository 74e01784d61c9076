import { Arg, Args, Ctx, Field, FieldResolver, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { MutationPayload, runMutation } from '../../graphql/payload.js';
import { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import { ConnectionType, type Connection } from '../../graphql/relay/connection.types.js';
import { Guard } from '../auth/guard.decorator.js';
import { canManageApiTokens, forbidden } from '../auth/policy.js';
import { Organization } from '../organization/organization.entity.js';
import { ApiToken } from './api-token.entity.js';
import { CreateApiTokenInput, RevokeApiTokenInput } from './api-token.inputs.js';
import { createApiToken, revokeApiToken } from './api-token.service.js';

const ApiTokenConnection = ConnectionType(ApiToken);

@ObjectType()
export class CreateApiTokenPayload extends MutationPayload {
  @Field(() => ApiToken, { nullable: true })
  apiToken: ApiToken | null;

  @Field(() => String, {
    nullable: true,
    description: 'The token to send as `Authorization: Bearer <secret>`. Shown only here; Cobuild keeps only its hash.',
  })
  secret: string | null;
}

@ObjectType()
export class RevokeApiTokenPayload extends MutationPayload {
  @Field(() => ApiToken, { nullable: true })
  apiToken: ApiToken | null;
}

@Resolver(() => ApiToken)
export class ApiTokenResolver {
  @FieldResolver(() => Organization)
  organization(@Root() token: ApiToken, @Ctx() { loaders }: Context): Promise<Organization> {
    return loaders.load(Organization, token.organization);
  }

  @Guard('createApiToken')
  @Mutation(() => CreateApiTokenPayload, { description: 'Creates a partner API token for an organization.' })
  createApiToken(
    @Ctx() ctx: Context,
    @Arg('input', () => CreateApiTokenInput, { validate: false }) input: CreateApiTokenInput,
  ): Promise<CreateApiTokenPayload> {
    return runMutation<CreateApiTokenPayload>(input, { apiToken: null, secret: null }, () =>
      createApiToken(ctx, input),
    );
  }

  @Guard('revokeApiToken')
  @Mutation(() => RevokeApiTokenPayload, { description: 'Revokes a token at once.' })
  revokeApiToken(
    @Ctx() ctx: Context,
    @Arg('input', () => RevokeApiTokenInput, { validate: false }) input: RevokeApiTokenInput,
  ): Promise<RevokeApiTokenPayload> {
    return runMutation<RevokeApiTokenPayload>(input, { apiToken: null }, async () => ({
      apiToken: await revokeApiToken(ctx, input.apiTokenId),
    }));
  }
}

@Resolver(() => Organization)
export class OrganizationApiTokensResolver {
  @FieldResolver(() => ApiTokenConnection, {
    description: "The organization's API tokens (admins only), newest first.",
  })
  async apiTokens(
    @Root() organization: Organization,
    @Ctx() { loaders, viewer }: Context,
    @Args() args: ConnectionArgs,
  ): Promise<Connection<ApiToken>> {
    if (!canManageApiTokens(viewer, organization))
      throw forbidden('Only admins of the organization may list its tokens.');
    return loaders.children(
      {
        name: 'Organization.apiTokens',
        entity: ApiToken,
        parent: 'organization',
        orderBy: [{ property: 'id', direction: 'desc' }],
      },
      organization.id,
      args,
    );
  }
}
