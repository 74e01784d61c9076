import { Arg, Ctx, Field, FieldResolver, Mutation, ObjectType, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { MutationPayload, runMutation } from '../../graphql/payload.js';
import { Guard } from '../auth/guard.decorator.js';
import { OrganizationNode } from '../organization/organization.node.js';
import { ProjectNode } from '../project/project.node.js';
import { PostProgressUpdateInput } from './progress-update.inputs.js';
import { ProgressUpdateNode } from './progress-update.node.js';
import { postProgressUpdate } from './progress-update.service.js';

@ObjectType()
export class ProgressUpdatePayload extends MutationPayload {
  @Field(() => ProgressUpdateNode, { nullable: true })
  progressUpdate: ProgressUpdateNode | null;
}

@Resolver(() => ProgressUpdateNode)
export class ProgressUpdateResolver {
  @FieldResolver(() => ProjectNode)
  project(@Root() update: ProgressUpdateNode, @Ctx() { loaders }: Context): Promise<ProjectNode> {
    return loaders.node(ProjectNode, update.projectId);
  }

  @FieldResolver(() => OrganizationNode, { description: 'The participating organization that reported.' })
  organization(@Root() update: ProgressUpdateNode, @Ctx() { loaders }: Context): Promise<OrganizationNode> {
    return loaders.node(OrganizationNode, update.organizationId);
  }

  @Guard('postProgressUpdate')
  @Mutation(() => ProgressUpdatePayload, {
    description:
      "Reports on a project's progress for a participating organization; it appears in the project's activity.",
  })
  postProgressUpdate(
    @Ctx() ctx: Context,
    @Arg('input', () => PostProgressUpdateInput, { validate: false }) input: PostProgressUpdateInput,
  ): Promise<ProgressUpdatePayload> {
    return runMutation<ProgressUpdatePayload>(input, { progressUpdate: null }, async () => ({
      progressUpdate: await ctx.loaders.written(
        ProgressUpdateNode,
        (await postProgressUpdate(ctx.viewer, ctx.em, input)).id,
      ),
    }));
  }
}
