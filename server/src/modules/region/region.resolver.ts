import { Arg, Args, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import { ConnectionType, type Connection } from '../../graphql/relay/connection.types.js';
import { Region } from './region.entity.js';
import { RegionFilter } from './region.inputs.js';
import { ancestorCodes, listRegions, REGION_ORDER } from './region.service.js';

const RegionConnection = ConnectionType(Region);

@Resolver(() => Region)
export class RegionResolver {
  @Query(() => RegionConnection, { description: 'Regions of the tree, ordered by code.' })
  regions(
    @Ctx() { em }: Context,
    @Args() args: ConnectionArgs,
    @Arg('filter', () => RegionFilter, { nullable: true }) filter?: RegionFilter,
  ): Promise<Connection<Region>> {
    return listRegions(em, filter, args);
  }

  @FieldResolver(() => Region, { nullable: true, description: 'Null for the municipality.' })
  parent(@Root() region: Region, @Ctx() { loaders }: Context): Promise<Region | null> {
    return loaders.load(Region, region.parent);
  }

  @FieldResolver(() => RegionConnection, { description: 'Regions one level below, ordered by code.' })
  children(
    @Root() region: Region,
    @Ctx() { loaders }: Context,
    @Args() args: ConnectionArgs,
  ): Promise<Connection<Region>> {
    return loaders.children(
      { name: 'Region.children', entity: Region, parent: 'parent', orderBy: REGION_ORDER },
      region.id,
      args,
    );
  }

  @FieldResolver(() => [Region], { description: 'From the municipality down to the parent.' })
  async ancestors(@Root() region: Region, @Ctx() { loaders }: Context): Promise<Region[]> {
    const found = await Promise.all(ancestorCodes(region).map((code) => loaders.byUnique(Region, 'code', code)));
    return found.filter((r): r is Region => r !== null);
  }
}
