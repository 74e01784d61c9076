import type { EntityManager } from '@mikro-orm/postgresql';
import { ProjectStatus } from '../project/project.entity.js';
import type { RegionNode } from '../region/region.node.js';
import type { RegionStats } from './region-stats.types.js';

/** The roll-up of a region's subtree: five aggregate statements, whatever the region's size. */
export async function regionStats(em: EntityManager, region: RegionNode): Promise<RegionStats> {
  const subtree = `${region.path}%`;
  const [projects, needs, resources, units, coverage] = await Promise.all([
    em.execute<{ status: ProjectStatus; n: number }[]>(
      `select p.status, count(*)::int as n from project p join region r on r.id = p.region_id where r.path like ? group by p.status`,
      [subtree],
    ),
    em.execute<{ open: number; matched: number; resolved: number }[]>(
      `select count(*) filter (where n.status = 'OPEN')::int as open, count(*) filter (where n.status = 'MATCHED')::int as matched,
         count(*) filter (where n.status = 'RESOLVED')::int as resolved
       from need n join region r on r.id = n.region_id where r.path like ?`,
      [subtree],
    ),
    em.execute<{ kind: string; unit: string; resources: number; offered: string; committed: string }[]>(
      `select s.kind, s.unit, count(*)::int as resources, sum(s.capacity) as offered, sum(s.committed) as committed
       from resource s join region r on r.id = s.region_id where r.path like ? and s.status = 'ACTIVE'
       group by s.kind, s.unit order by s.kind, s.unit`,
      [subtree],
    ),
    em.execute<{ n: number }[]>(
      `select count(distinct pa.organization_id)::int as n
       from participant pa join organization o on o.id = pa.organization_id join project p on p.id = pa.project_id
       join region r on r.id = p.region_id
       where r.path like ? and pa.status = 'ACTIVE' and o.kind <> 'COMMITTEE'`,
      [subtree],
    ),
    em.execute<{ communities: number; covered: number; progress: number | null }[]>(
      `select
         (select count(*)::int from region c where c.level = 'COMMUNITY' and c.path like ?) as communities,
         (select count(*)::int from region c where c.level = 'COMMUNITY' and c.path like ? and exists (
            select 1 from project p join region pr on pr.id = p.region_id
            where p.status in ('APPROVED', 'IN_PROGRESS') and pr.path like c.path || '%')) as covered,
         (select avg(m.progress)::float from (
            select sum(ms.progress * ms.weight)::float / sum(ms.weight) as progress
            from project p join region r on r.id = p.region_id join milestone ms on ms.project_id = p.id
            where r.path like ? and p.status <> 'CANCELLED' group by p.id) m) as progress`,
      [subtree, subtree, subtree],
    ),
  ]);
  const byStatus = Object.values(ProjectStatus).map((status) => ({
    status,
    count: projects.find((p) => p.status === status)?.n ?? 0,
  }));
  const [n] = needs;
  const [c] = coverage;
  return {
    region,
    projects: byStatus.reduce((sum, s) => sum + s.count, 0),
    projectsByStatus: byStatus,
    needs: { ...n, total: n.open + n.matched + n.resolved },
    resourcesByKind: resources.map((r) => ({
      kind: r.kind as never,
      unit: r.unit as never,
      resources: r.resources,
      offered: Number(r.offered),
      committed: Number(r.committed),
    })),
    participatingUnits: units[0].n,
    communities: c.communities,
    coveredCommunities: c.covered,
    coverage: c.communities ? c.covered / c.communities : null,
    averageProgress: c.progress == null ? null : Math.round(c.progress * 10) / 10,
  };
}
