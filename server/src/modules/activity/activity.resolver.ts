import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { OrganizationNode } from '../organization/organization.node.js';
import { ProjectNode } from '../project/project.node.js';
import { ActivityNode } from './activity.node.js';

@Resolver(() => ActivityNode)
export class ActivityResolver {
  @FieldResolver(() => ProjectNode, { nullable: true, description: 'The project it happened in, if any.' })
  project(@Root() activity: ActivityNode, @Ctx() { loaders }: Context): Promise<ProjectNode | null> {
    return loaders.node(ProjectNode, activity.projectId);
  }

  @FieldResolver(() => OrganizationNode, { nullable: true, description: 'The organization that acted.' })
  actorOrganization(@Root() activity: ActivityNode, @Ctx() { loaders }: Context): Promise<OrganizationNode | null> {
    return loaders.node(OrganizationNode, activity.actorOrganizationId);
  }
}
