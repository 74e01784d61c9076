import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { runMutation } from '../../graphql/payload.js';
import { ResourceNode } from './resource.node.js';
import { Guard } from '../auth/guard.decorator.js';
import { ResourcePayload } from '../common/payload-types.js';
import { PublishResourceInput, RetireResourceInput, UpdateResourceInput } from './resource.inputs.js';
import { publishResource, retireResource, updateResource } from './resource.service.js';

@Resolver()
export class ResourceMutationsResolver {
  @Guard('publishResource')
  @Mutation(() => ResourcePayload, { description: 'Offers a resource of an organization: venue, hours, funds, …' })
  publishResource(
    @Ctx() ctx: Context,
    @Arg('input', () => PublishResourceInput, { validate: false }) input: PublishResourceInput,
  ): Promise<ResourcePayload> {
    return runMutation<ResourcePayload>(input, { resource: null }, async () => ({
      resource: await ctx.loaders.written(ResourceNode, (await publishResource(ctx.viewer, ctx.em, input)).id),
    }));
  }

  @Guard('updateResource')
  @Mutation(() => ResourcePayload, {
    description: 'Changes a resource; capacity may not drop below what is committed.',
  })
  updateResource(
    @Ctx() ctx: Context,
    @Arg('input', () => UpdateResourceInput, { validate: false }) input: UpdateResourceInput,
  ): Promise<ResourcePayload> {
    return runMutation<ResourcePayload>(input, { resource: null }, async () => ({
      resource: await ctx.loaders.written(ResourceNode, (await updateResource(ctx.viewer, ctx.em, input)).id),
    }));
  }

  @Guard('retireResource')
  @Mutation(() => ResourcePayload, { description: 'Takes a resource off offer; existing commitments stay.' })
  retireResource(
    @Ctx() ctx: Context,
    @Arg('input', () => RetireResourceInput, { validate: false }) input: RetireResourceInput,
  ): Promise<ResourcePayload> {
    return runMutation<ResourcePayload>(input, { resource: null }, async () => ({
      resource: await ctx.loaders.written(
        ResourceNode,
        (await retireResource(ctx.viewer, ctx.em, input.resourceId)).id,
      ),
    }));
  }
}
