import { Args, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import { ConnectionType, type Connection } from '../../graphql/relay/connection.types.js';
import { Commitment } from '../commitment/commitment.entity.js';
import { Project } from './project.entity.js';
import { Requirement } from './requirement.entity.js';

const CommitmentConnection = ConnectionType(Commitment);

@Resolver(() => Requirement)
export class RequirementResolver {
  @FieldResolver(() => Int, { description: 'Quantity of active (pledged, confirmed, delivered) commitments.' })
  committed(@Root() requirement: Requirement): number {
    return requirement.committed;
  }

  @FieldResolver(() => Int, { description: 'Quantity delivered.' })
  delivered(@Root() requirement: Requirement): number {
    return requirement.delivered;
  }

  @FieldResolver(() => Int, { description: 'Quantity still to be committed: max(0, quantity − committed).' })
  open(@Root() requirement: Requirement): number {
    return Math.max(0, requirement.quantity - requirement.committed);
  }

  @FieldResolver(() => Project)
  project(@Root() requirement: Requirement, @Ctx() { loaders }: Context): Promise<Project> {
    return loaders.load(Project, requirement.project);
  }

  @FieldResolver(() => CommitmentConnection, { description: 'Commitments towards this requirement, oldest first.' })
  commitments(
    @Root() requirement: Requirement,
    @Ctx() { loaders }: Context,
    @Args() args: ConnectionArgs,
  ): Promise<Connection<Commitment>> {
    return loaders.children(
      {
        name: 'Requirement.commitments',
        entity: Commitment,
        parent: 'requirement',
        orderBy: [{ property: 'id', direction: 'asc' }],
      },
      requirement.id,
      args,
    );
  }
}
