import { Arg, Args, Ctx, Field, FieldResolver, Mutation, ObjectType, Resolver, Root, Extensions } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { PER_VIEWER } from '../../websocket/fan-out.js';
import { MutationPayload, runMutation } from '../../graphql/payload.js';
import { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import { ConnectionType, type Connection } from '../../graphql/relay/connection.types.js';
import { Guard } from '../auth/guard.decorator.js';
import { canManageApiTokens, forbidden } from '../auth/policy.js';
import { OrganizationNode } from '../organization/organization.node.js';
import { ApiTokenNode } from './api-token.node.js';
import { CreateApiTokenInput, RevokeApiTokenInput } from './api-token.inputs.js';
import { createApiToken, revokeApiToken } from './api-token.service.js';

const ApiTokenConnection = ConnectionType(ApiTokenNode);

@ObjectType()
export class CreateApiTokenPayload extends MutationPayload {
  @Field(() => ApiTokenNode, { nullable: true })
  apiToken: ApiTokenNode | null;

  @Field(() => String, {
    nullable: true,
    description: 'The token to send as `Authorization: Bearer <secret>`. Shown only here; Cobuild keeps only its hash.',
  })
  secret: string | null;
}

@ObjectType()
export class RevokeApiTokenPayload extends MutationPayload {
  @Field(() => ApiTokenNode, { nullable: true })
  apiToken: ApiTokenNode | null;
}

@Resolver(() => ApiTokenNode)
export class ApiTokenResolver {
  @FieldResolver(() => OrganizationNode)
  organization(@Root() token: ApiTokenNode, @Ctx() { loaders }: Context): Promise<OrganizationNode> {
    return loaders.node(OrganizationNode, token.organizationId);
  }

  @Guard('createApiToken')
  @Mutation(() => CreateApiTokenPayload, { description: 'Creates a partner API token for an organization.' })
  createApiToken(
    @Ctx() ctx: Context,
    @Arg('input', () => CreateApiTokenInput, { validate: false }) input: CreateApiTokenInput,
  ): Promise<CreateApiTokenPayload> {
    return runMutation<CreateApiTokenPayload>(input, { apiToken: null, secret: null }, async () => {
      const { apiToken, secret } = await createApiToken(ctx.viewer, ctx.em, input);
      return { apiToken: await ctx.loaders.written(ApiTokenNode, apiToken.id), secret };
    });
  }

  @Guard('revokeApiToken')
  @Mutation(() => RevokeApiTokenPayload, { description: 'Revokes a token at once.' })
  revokeApiToken(
    @Ctx() ctx: Context,
    @Arg('input', () => RevokeApiTokenInput, { validate: false }) input: RevokeApiTokenInput,
  ): Promise<RevokeApiTokenPayload> {
    return runMutation<RevokeApiTokenPayload>(input, { apiToken: null }, async () => ({
      apiToken: await ctx.loaders.written(
        ApiTokenNode,
        (await revokeApiToken(ctx.viewer, ctx.em, input.apiTokenId)).id,
      ),
    }));
  }
}

@Resolver(() => OrganizationNode)
export class OrganizationApiTokensResolver {
  // Depends on who asks: live fan-out keys its shared results by viewer.
  @Extensions(PER_VIEWER)
  @FieldResolver(() => ApiTokenConnection, {
    description: "The organization's API tokens (admins only), newest first.",
  })
  async apiTokens(
    @Root() organization: OrganizationNode,
    @Ctx() { loaders, viewer }: Context,
    @Args({ validate: false }) args: ConnectionArgs,
  ): Promise<Connection<ApiTokenNode>> {
    if (!canManageApiTokens(viewer, organization))
      throw forbidden('Only admins of the organization may list its tokens.');
    return loaders.children(
      {
        name: 'Organization.apiTokens',
        type: ApiTokenNode,
        parent: 'organization',
        orderBy: [{ property: 'id', direction: 'desc' }],
      },
      organization.id,
      args,
    );
  }
}
