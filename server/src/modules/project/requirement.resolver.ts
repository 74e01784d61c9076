import { Args, Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import { ConnectionType, type Connection } from '../../graphql/relay/connection.types.js';
import { Commitment } from '../commitment/commitment.entity.js';
import { Project } from './project.entity.js';
import { Requirement } from './requirement.entity.js';

const CommitmentConnection = ConnectionType(Commitment);

@Resolver(() => Requirement)
export class RequirementResolver {
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
