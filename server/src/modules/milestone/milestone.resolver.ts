import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { ProjectNode } from '../project/project.node.js';
import { MilestoneNode } from './milestone.node.js';

@Resolver(() => MilestoneNode)
export class MilestoneResolver {
  @FieldResolver(() => ProjectNode)
  project(@Root() milestone: MilestoneNode, @Ctx() { loaders }: Context): Promise<ProjectNode> {
    return loaders.node(ProjectNode, milestone.projectId);
  }
}
