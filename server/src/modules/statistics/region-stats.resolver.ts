import { Arg, Ctx, ID, Query, Resolver } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { regionForFilter } from '../region/region-scope.js';
import { RegionStats } from './region-stats.types.js';
import { regionStats } from './region-stats.service.js';

@Resolver()
export class RegionStatsResolver {
  @Query(() => RegionStats, { description: 'Roll-up statistics of a region (any level) and everything below it.' })
  async regionStats(@Ctx() { em }: Context, @Arg('regionId', () => ID) regionId: string): Promise<RegionStats> {
    return regionStats(em, await regionForFilter(em, regionId, 'regionId'));
  }
}
