import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { Project } from '../project/project.entity.js';
import { Milestone } from './milestone.entity.js';

@Resolver(() => Milestone)
export class MilestoneResolver {
  @FieldResolver(() => Project)
  project(@Root() milestone: Milestone, @Ctx() { loaders }: Context): Promise<Project> {
    return loaders.load(Project, milestone.project);
  }
}
