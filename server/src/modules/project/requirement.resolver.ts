import { Args, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import { ConnectionType, type Connection } from '../../graphql/relay/connection.types.js';
import { CommitmentNode } from '../commitment/commitment.node.js';
import { ProjectNode } from './project.node.js';
import { RequirementNode } from './requirement.node.js';

const CommitmentConnection = ConnectionType(CommitmentNode);

@Resolver(() => RequirementNode)
export class RequirementResolver {
  @FieldResolver(() => Int, { description: 'Quantity still to be committed: max(0, quantity − committed).' })
  open(@Root() requirement: RequirementNode): number {
    return Math.max(0, requirement.quantity - requirement.committed);
  }

  @FieldResolver(() => ProjectNode)
  project(@Root() requirement: RequirementNode, @Ctx() { loaders }: Context): Promise<ProjectNode> {
    return loaders.node(ProjectNode, requirement.projectId);
  }

  @FieldResolver(() => CommitmentConnection, { description: 'Commitments towards this requirement, oldest first.' })
  commitments(
    @Root() requirement: RequirementNode,
    @Ctx() { loaders }: Context,
    @Args({ validate: false }) args: ConnectionArgs,
  ): Promise<Connection<CommitmentNode>> {
    return loaders.children(
      {
        name: 'Requirement.commitments',
        type: CommitmentNode,
        parent: 'requirement',
        orderBy: [{ property: 'id', direction: 'asc' }],
      },
      requirement.id,
      args,
    );
  }
}
