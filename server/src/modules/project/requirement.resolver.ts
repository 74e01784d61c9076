import { Args, Ctx, FieldResolver, Int, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import { ConnectionType, type Connection } from '../../graphql/relay/connection.types.js';
import { Commitment } from '../commitment/commitment.entity.js';
import { Project } from './project.entity.js';
import { Requirement } from './requirement.entity.js';

const CommitmentConnection = ConnectionType(Commitment);

interface RequirementTotals {
  id: string;
  committed: number;
  delivered: number;
}

const TOTALS = `select r.id,
    coalesce(sum(c.quantity) filter (where c.status <> 'WITHDRAWN'), 0)::int as committed,
    coalesce(sum(c.quantity) filter (where c.status = 'DELIVERED'), 0)::int as delivered
  from requirement r left join commitment c on c.requirement_id = r.id
  where r.id = any(?::uuid[]) group by r.id`;

@Resolver(() => Requirement)
export class RequirementResolver {
  @FieldResolver(() => Int, { description: 'Quantity of active (pledged, confirmed, delivered) commitments.' })
  async committed(@Root() requirement: Requirement, @Ctx() { loaders }: Context): Promise<number> {
    return (await loaders.aggregate<RequirementTotals>('Requirement.totals', TOTALS, requirement.id))?.committed ?? 0;
  }

  @FieldResolver(() => Int, { description: 'Quantity delivered.' })
  async delivered(@Root() requirement: Requirement, @Ctx() { loaders }: Context): Promise<number> {
    return (await loaders.aggregate<RequirementTotals>('Requirement.totals', TOTALS, requirement.id))?.delivered ?? 0;
  }

  @FieldResolver(() => Int, { description: 'Quantity still to be committed: max(0, quantity − committed).' })
  async open(@Root() requirement: Requirement, @Ctx() ctx: Context): Promise<number> {
    return Math.max(0, requirement.quantity - (await this.committed(requirement, ctx)));
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
