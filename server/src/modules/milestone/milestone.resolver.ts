import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { OrganizationNode } from '../organization/organization.node.js';
import { today } from './milestone.service.js';
import type { Context } from '../../graphql/context.js';
import { ProjectNode } from '../project/project.node.js';
import { MilestoneNode } from './milestone.node.js';

@Resolver(() => MilestoneNode)
export class MilestoneResolver {
  @FieldResolver(() => ProjectNode)
  project(@Root() milestone: MilestoneNode, @Ctx() { loaders }: Context): Promise<ProjectNode> {
    return loaders.node(ProjectNode, milestone.projectId);
  }

  @FieldResolver(() => OrganizationNode, {
    nullable: true,
    description: 'A participating organization that reports its progress (besides the lead committee).',
  })
  ownerOrganization(@Root() milestone: MilestoneNode, @Ctx() { loaders }: Context): Promise<OrganizationNode | null> {
    return loaders.node(OrganizationNode, milestone.ownerOrganizationId);
  }

  @FieldResolver(() => Boolean, { description: 'Due before today and not at 100 %.' })
  overdue(@Root() milestone: MilestoneNode): boolean {
    return milestone.dueOn != null && milestone.dueOn < today() && milestone.progress < 100;
  }
}
