import { Arg, Ctx, FieldResolver, ID, Query, Resolver, Root } from 'type-graphql';
import { RegionNode } from '../region/region.node.js';
import type { Context } from '../../graphql/context.js';
import { regionForFilter } from '../region/region-scope.js';
import { RegionCoverage, RegionStats } from './region-stats.types.js';
import { coverageByChild, regionStats } from './region-stats.service.js';

@Resolver(() => RegionStats)
export class RegionStatsResolver {
  @Query(() => RegionStats, { description: 'Roll-up statistics of a region (any level) and everything below it.' })
  async regionStats(@Ctx() { em }: Context, @Arg('regionId', () => ID) regionId: string): Promise<RegionStats> {
    return regionStats(em, await regionForFilter(em, regionId, 'regionId'));
  }

  @FieldResolver(() => [RegionCoverage], {
    description: 'Community coverage of each region directly below it (for a sub-district: each community).',
  })
  async coverageByChild(@Root() stats: RegionStats, @Ctx() { em, loaders }: Context): Promise<RegionCoverage[]> {
    const rows = await coverageByChild(em, stats.region.id);
    return Promise.all(
      rows.map(async (row) => ({
        region: await loaders.node(RegionNode, row.id),
        communities: row.communities,
        coveredCommunities: row.covered,
        coverage: row.communities ? row.covered / row.communities : null,
      })),
    );
  }
}
