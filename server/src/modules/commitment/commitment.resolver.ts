import { Arg, Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import { ConnectionType, type Connection } from '../../graphql/relay/connection.types.js';
import { CommitmentStatus } from './commitment.entity.js';
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

const CommitmentConnection = ConnectionType(CommitmentNode);

@Resolver(() => OrganizationNode)
export class OrganizationCommitmentsResolver {
  @FieldResolver(() => CommitmentConnection, {
    description: "The organization's commitments across projects, newest first; `status` keeps those in one status.",
  })
  commitments(
    @Root() organization: OrganizationNode,
    @Ctx() { loaders }: Context,
    @Args({ validate: false }) args: ConnectionArgs,
    @Arg('status', () => CommitmentStatus, { nullable: true }) status?: CommitmentStatus | null,
  ): Promise<Connection<CommitmentNode>> {
    return loaders.children(
      {
        name: 'Organization.commitments',
        type: CommitmentNode,
        parent: 'organization',
        orderBy: [{ property: 'id', direction: 'desc' }],
        ...(status ? { where: { status } } : {}),
      },
      organization.id,
      args,
    );
  }
}
