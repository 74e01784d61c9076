import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { OrganizationNode } from '../organization/organization.node.js';
import { ProjectNode } from '../project/project.node.js';
import { RequirementNode } from '../project/requirement.node.js';
import { ResourceNode } from '../resource/resource.node.js';
import { CommitmentNode } from './commitment.node.js';

@Resolver(() => CommitmentNode)
export class CommitmentResolver {
  @FieldResolver(() => OrganizationNode, { description: 'The organization that commits.' })
  organization(@Root() commitment: CommitmentNode, @Ctx() { loaders }: Context): Promise<OrganizationNode> {
    return loaders.node(OrganizationNode, commitment.organizationId);
  }

  @FieldResolver(() => RequirementNode)
  requirement(@Root() commitment: CommitmentNode, @Ctx() { loaders }: Context): Promise<RequirementNode> {
    return loaders.node(RequirementNode, commitment.requirementId);
  }

  @FieldResolver(() => ProjectNode)
  project(@Root() commitment: CommitmentNode, @Ctx() { loaders }: Context): Promise<ProjectNode> {
    return loaders.node(ProjectNode, commitment.projectId);
  }

  @FieldResolver(() => ResourceNode, { nullable: true, description: 'The resource it draws on, if any.' })
  resource(@Root() commitment: CommitmentNode, @Ctx() { loaders }: Context): Promise<ResourceNode | null> {
    return loaders.node(ResourceNode, commitment.resourceId);
  }
}
