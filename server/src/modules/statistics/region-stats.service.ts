import type { EntityManager } from '@mikro-orm/postgresql';
import type { QuantityUnit, ResourceKind } from '../common/enums.js';
import { ProjectStatus } from '../project/project.entity.js';
import type { RegionNode } from '../region/region.node.js';
import type { RegionStats } from './region-stats.types.js';

/** A community is covered when a region at or below it has an active project. */
const COVERED = `exists (
  select 1 from region_rollup t join region r on r.id = t.region_id
  where r.path like c.path || '%' and t.metric in ('projects:APPROVED', 'projects:IN_PROGRESS') and t.value > 0)`;

interface StatsRow {
  /** metric → sum over the subtree's regions, from region_rollup. */
  rollup: Record<string, number> | null;
  units: number;
  open: number;
  matched: number;
  resolved: number;
  communities: number;
  covered: number;
}

/**
 * The roll-up of a region's subtree in one statement: the maintained figures of the regions
 * in it (region_rollup, a few rows per region), its distinct participating units (one
 * maintained row) and its needs. Nothing scans projects, resources
 * or participants, whatever the region's size.
 */
export async function regionStats(em: EntityManager, region: RegionNode): Promise<RegionStats> {
  const subtree = `${region.path}%`;
  const [row] = await em.execute<StatsRow[]>(
    `select
       (select json_object_agg(metric, value) from (
          select t.metric, sum(t.value) as value from region_rollup t join region r on r.id = t.region_id
          where r.path like ? and t.metric not like 'subtree:%' group by t.metric) m) as rollup,
       (select coalesce(sum(value), 0)::int from region_rollup where region_id = ? and metric = 'subtree:units') as units,
       n.open, n.matched, n.resolved, c.communities, c.covered
     from (select count(*) filter (where n.status = 'OPEN')::int as open,
             count(*) filter (where n.status = 'MATCHED')::int as matched,
             count(*) filter (where n.status = 'RESOLVED')::int as resolved
           from need n join region r on r.id = n.region_id where r.path like ?) n,
          (select count(*)::int as communities, count(*) filter (where ${COVERED})::int as covered
           from region c where c.level = 'COMMUNITY' and c.path like ?) c`,
    [subtree, region.id, subtree, subtree],
  );
  const rollup = row.rollup ?? {};
  const figure = (metric: string) => Math.round(rollup[metric] ?? 0);
  const byStatus = Object.values(ProjectStatus).map((status) => ({ status, count: figure(`projects:${status}`) }));
  const resourcesByKind = Object.keys(rollup)
    .filter((metric) => metric.startsWith('resources:') && figure(metric) > 0)
    .map((metric) => {
      const key = metric.slice('resources:'.length);
      const [kind, unit] = key.split(':') as [ResourceKind, QuantityUnit];
      return {
        kind,
        unit,
        resources: figure(metric),
        offered: figure(`offered:${key}`),
        committed: figure(`committed:${key}`),
      };
    })
    .sort((a, b) => a.kind.localeCompare(b.kind) || a.unit.localeCompare(b.unit));
  const withProgress = figure('progress:count');
  const averageProgress = withProgress > 0 ? (rollup['progress:sum'] ?? 0) / withProgress : null;
  return {
    region,
    projects: byStatus.reduce((sum, s) => sum + s.count, 0),
    projectsByStatus: byStatus,
    needs: {
      open: row.open,
      matched: row.matched,
      resolved: row.resolved,
      total: row.open + row.matched + row.resolved,
    },
    resourcesByKind,
    participatingUnits: row.units,
    communities: row.communities,
    coveredCommunities: row.covered,
    coverage: row.communities ? row.covered / row.communities : null,
    averageProgress: averageProgress == null ? null : Math.round(averageProgress * 10) / 10,
  };
}

/** Each direct child of a region with its communities and how many are covered, in name order. */
export async function coverageByChild(
  em: EntityManager,
  regionId: string,
): Promise<{ id: string; communities: number; covered: number }[]> {
  return em.execute(
    `select ch.id, count(c.id)::int as communities, count(c.id) filter (where ${COVERED})::int as covered
     from region ch left join region c on c.level = 'COMMUNITY' and c.path like ch.path || '%'
     where ch.parent_id = ?
     group by ch.id, ch.code order by ch.code`,
    [regionId],
  );
}
