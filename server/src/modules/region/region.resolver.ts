import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import { ConnectionType, type Connection } from '../../graphql/relay/connection.types.js';
import { RegionNode } from './region.node.js';
import { RegionFilter } from './region.inputs.js';
import { ancestorCodes, listRegions, REGION_ORDER } from './region.service.js';

const RegionConnection = ConnectionType(RegionNode);

@Resolver(() => RegionNode)
export class RegionResolver {
  @Query(() => RegionConnection, { description: 'Regions of the tree, ordered by code.' })
  regions(
    @Ctx() { em }: Context,
    @Args({ validate: false }) args: ConnectionArgs,
    @Arg('filter', () => RegionFilter, { nullable: true }) filter?: RegionFilter,
  ): Promise<Connection<RegionNode>> {
    return listRegions(em, filter, args);
  }

  @FieldResolver(() => RegionNode, { nullable: true, description: 'Null for the municipality.' })
  parent(@Root() region: RegionNode, @Ctx() { loaders }: Context): Promise<RegionNode | null> {
    return loaders.node(RegionNode, region.parentId);
  }

  @FieldResolver(() => RegionConnection, { description: 'Regions one level below, ordered by code.' })
  children(
    @Root() region: RegionNode,
    @Ctx() { loaders }: Context,
    @Args({ validate: false }) args: ConnectionArgs,
  ): Promise<Connection<RegionNode>> {
    return loaders.children(
      { name: 'Region.children', type: RegionNode, parent: 'parent', orderBy: REGION_ORDER },
      region.id,
      args,
    );
  }

  @FieldResolver(() => [RegionNode], { description: 'From the municipality down to the parent.' })
  async ancestors(@Root() region: RegionNode, @Ctx() { loaders }: Context): Promise<RegionNode[]> {
    const found = await Promise.all(ancestorCodes(region).map((code) => loaders.byColumn(RegionNode, 'code', code)));
    return found.filter((r): r is RegionNode => r !== null);
  }
}
