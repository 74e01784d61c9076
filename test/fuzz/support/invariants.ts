import type pg from 'pg';
import { gql } from '../../support/graphql.js';
import type { Lane } from './world.js';

/** Regions of every lane: the fuzz's own objects are those located there or of organizations there. */
const FUZZ = `(select id from region where path like '/310000/FZ%')`;
const FUZZ_ORGS = `(select id from organization where region_id in ${FUZZ})`;
const FUZZ_PROJECTS = `(select id from project where region_id in ${FUZZ} or lead_committee_id in ${FUZZ_ORGS})`;

/** Each query lists the rows that break one invariant; all must come back empty. */
const SQL_INVARIANTS: Record<string, string> = {
  'a resource is never committed beyond its capacity, and its counter is the sum of its active commitments': `
    select r.id, r.capacity, r.committed, coalesce(s.sum, 0) as active_sum
    from resource r left join (
      select resource_id, sum(quantity)::int as sum from commitment where status <> 'WITHDRAWN' group by resource_id
    ) s on s.resource_id = r.id
    where (r.owner_id in ${FUZZ_ORGS} or r.region_id in ${FUZZ})
      and (r.capacity <= 0 or r.committed < 0 or r.committed > r.capacity or r.committed <> coalesce(s.sum, 0))`,
  "a requirement's committed and delivered counters are the sums of its commitments, within its quantity": `
    select q.id, q.quantity, q.committed, q.delivered, coalesce(s.committed, 0) as active_sum, coalesce(s.delivered, 0) as delivered_sum
    from requirement q left join (
      select requirement_id,
        sum(quantity) filter (where status in ('PLEDGED', 'CONFIRMED', 'DELIVERED'))::int as committed,
        sum(quantity) filter (where status = 'DELIVERED')::int as delivered
      from commitment group by requirement_id
    ) s on s.requirement_id = q.id
    where q.project_id in ${FUZZ_PROJECTS}
      and (q.quantity <= 0 or q.committed < 0 or q.delivered < 0 or q.committed > q.quantity or q.delivered > q.committed
        or q.committed <> coalesce(s.committed, 0) or q.delivered <> coalesce(s.delivered, 0))`,
  'a commitment matches its requirement (project, unit) and draws only on its own organization’s resource of that kind and unit': `
    select c.id, c.unit, q.unit as requirement_unit, c.organization_id, r.owner_id, r.kind, q.kind as requirement_kind
    from commitment c join requirement q on q.id = c.requirement_id left join resource r on r.id = c.resource_id
    where (c.project_id in ${FUZZ_PROJECTS} or c.organization_id in ${FUZZ_ORGS})
      and (c.quantity <= 0 or c.unit <> q.unit or c.project_id <> q.project_id
        or (r.id is not null and (r.owner_id <> c.organization_id or r.kind <> q.kind or r.unit <> q.unit)))`,
  'an organization with an open (pledged or confirmed) commitment takes active part in the project': `
    select c.id, c.status, c.organization_id, c.project_id from commitment c
    where c.project_id in ${FUZZ_PROJECTS} and c.status in ('PLEDGED', 'CONFIRMED')
      and not exists (select 1 from participant x where x.project_id = c.project_id
        and x.organization_id = c.organization_id and x.status = 'ACTIVE')`,
  'a project has exactly one lead: its lead committee, taking active part': `
    select p.id from project p
    where p.id in ${FUZZ_PROJECTS} and (
      (select count(*) from participant x where x.project_id = p.id and x.role = 'LEAD') <> 1
      or not exists (select 1 from participant x where x.project_id = p.id and x.role = 'LEAD'
        and x.organization_id = p.lead_committee_id and x.status = 'ACTIVE'))`,
  "a project's progress lies within 0–100 and is the weighted mean of its milestones": `
    select p.id, p.progress, m.expected from project p left join (
      select project_id, sum(progress * weight)::float / nullif(sum(weight), 0) as expected from milestone group by project_id
    ) m on m.project_id = p.id
    where p.id in ${FUZZ_PROJECTS}
      and (p.progress < 0 or p.progress > 100 or abs(p.progress - coalesce(m.expected, 0)) > 1e-9)`,
  'milestones lie within 0–100': `
    select id, progress, weight from milestone where project_id in ${FUZZ_PROJECTS} and (progress < 0 or progress > 100 or weight <= 0)`,
  "a need's support count is its number of supporters": `
    select n.id, n.support_count, (select count(*) from need_support s where s.need_id = n.id)::int as supporters
    from need n where (n.region_id in ${FUZZ} or n.reporter_id in ${FUZZ_ORGS})
      and n.support_count <> (select count(*) from need_support s where s.need_id = n.id)`,
  "the regions' roll-ups are the figures of the projects and resources located in them": `
    with expected as (
      select region_id, 'projects:' || status as metric, count(*)::float as value from project group by 1, 2
      union all select region_id, 'progress:sum', sum(progress) from project where status <> 'CANCELLED' group by 1
      union all select region_id, 'progress:count', count(*) from project where status <> 'CANCELLED' group by 1
      union all select region_id, 'resources:' || kind || ':' || unit, count(*) from resource where status = 'ACTIVE' group by 1, 2
      union all select region_id, 'offered:' || kind || ':' || unit, sum(capacity) from resource where status = 'ACTIVE' group by 1, 2
      union all select region_id, 'committed:' || kind || ':' || unit, sum(committed) from resource where status = 'ACTIVE' group by 1, 2
    ), actual as (select region_id, metric, value from region_rollup where metric <> 'subtree:units')
    select coalesce(e.region_id, a.region_id) as region_id, coalesce(e.metric, a.metric) as metric, e.value as expected, a.value as stored
    from expected e full join actual a on a.region_id = e.region_id and a.metric = e.metric
    where coalesce(e.region_id, a.region_id) in ${FUZZ} and abs(coalesce(e.value, 0) - coalesce(a.value, 0)) > 1e-6`,
  'region participation counts each unit’s active participations in the region’s subtree': `
    with expected as (
      select a.id as region_id, x.organization_id, count(*)::int as projects
      from participant x join organization o on o.id = x.organization_id and o.kind <> 'COMMITTEE'
        join project p on p.id = x.project_id join region pr on pr.id = p.region_id
        join region a on a.code = any(string_to_array(trim(both '/' from pr.path), '/'))
      where x.status = 'ACTIVE' group by 1, 2
    )
    select coalesce(e.region_id, s.region_id) as region_id, coalesce(e.organization_id, s.organization_id) as organization_id,
      e.projects as expected, s.projects as stored
    from expected e full join region_participation s on s.region_id = e.region_id and s.organization_id = e.organization_id
    where coalesce(e.organization_id, s.organization_id) in ${FUZZ_ORGS} and coalesce(e.projects, 0) <> coalesce(s.projects, 0)`,
  "a region's subtree:units counts the units taking part in its subtree": `
    select r.id, coalesce(u.value, 0) as stored,
      (select count(*) from region_participation p where p.region_id = r.id and p.projects > 0)::int as expected
    from region r left join region_rollup u on u.region_id = r.id and u.metric = 'subtree:units'
    where r.id in ${FUZZ}
      and coalesce(u.value, 0) <> (select count(*) from region_participation p where p.region_id = r.id and p.projects > 0)`,
  'no idempotency key was ever kept for an anonymous caller': `
    select scope, key from idempotency_key where scope like 'anonymous%'`,
};

/**
 * Every invariant, over the objects the fuzz made or touched: in the database, and as the API
 * reports them (fill rates within 0–1, progress within 0–100, remaining = capacity − committed,
 * open = max(0, quantity − committed), region statistics that add up).
 */
export async function checkInvariants(db: pg.Pool, url: string, lanes: Lane[]): Promise<string[]> {
  const violations: string[] = [];
  for (const [what, sql] of Object.entries(SQL_INVARIANTS)) {
    const { rows } = await db.query(sql);
    if (rows.length)
      violations.push(`${what}: ${JSON.stringify(rows.slice(0, 5))}${rows.length > 5 ? ` (+${rows.length - 5})` : ''}`);
  }
  for (const lane of lanes) {
    const ids = (type: string) => [...lane.pools.ids(type, 'own'), ...lane.pools.ids(type, 'foreign')];
    for (let i = 0; i < ids('Project').length; i += 50) {
      const res = await gql<any>(
        url,
        `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Project { id status fillRate progress
           requirements(first: 100) { nodes { id quantity committed delivered open } } } } }`,
        { ids: ids('Project').slice(i, i + 50) },
      );
      if (res.errors) violations.push(`lane ${lane.index}: projects: ${JSON.stringify(res.errors)}`);
      for (const p of res.data?.nodes ?? []) {
        if (!p) continue;
        if (!(p.fillRate >= 0 && p.fillRate <= 1)) violations.push(`project ${p.id}: fillRate ${p.fillRate}`);
        if (!(p.progress >= 0 && p.progress <= 100)) violations.push(`project ${p.id}: progress ${p.progress}`);
        for (const q of p.requirements.nodes) {
          if (q.open !== Math.max(0, q.quantity - q.committed))
            violations.push(`requirement ${q.id}: open ${q.open} of ${JSON.stringify(q)}`);
          if (!(q.delivered >= 0 && q.delivered <= q.committed && q.committed <= q.quantity)) {
            violations.push(`requirement ${q.id}: counters ${JSON.stringify(q)}`);
          }
        }
      }
    }
    for (let i = 0; i < ids('Resource').length; i += 100) {
      const res = await gql<any>(
        url,
        `query($ids: [ID!]!) { nodes(ids: $ids) { ... on Resource { id capacity committed remaining } } }`,
        { ids: ids('Resource').slice(i, i + 100) },
      );
      if (res.errors) violations.push(`lane ${lane.index}: resources: ${JSON.stringify(res.errors)}`);
      for (const r of res.data?.nodes ?? []) {
        if (!r) continue;
        if (r.remaining !== r.capacity - r.committed || r.remaining < 0 || r.committed < 0) {
          violations.push(`resource ${r.id}: ${JSON.stringify(r)}`);
        }
      }
    }
    for (const region of ids('Region')) {
      const res = await gql<any>(
        url,
        `query($id: ID!) { regionStats(regionId: $id) { projects projectsByStatus { status count } communities coveredCommunities
           coverage averageProgress participatingUnits needs { open matched resolved total } resourcesByKind { committed offered resources } } }`,
        { id: region },
      );
      const s = res.data?.regionStats;
      if (!s) {
        violations.push(`regionStats ${region}: ${JSON.stringify(res.errors)}`);
        continue;
      }
      const byStatus = s.projectsByStatus.reduce((n: number, x: { count: number }) => n + x.count, 0);
      if (byStatus !== s.projects)
        violations.push(`regionStats ${region}: projects ${s.projects} ≠ Σ by status ${byStatus}`);
      if (s.coverage !== null && !(s.coverage >= 0 && s.coverage <= 1))
        violations.push(`regionStats ${region}: coverage ${s.coverage}`);
      if (s.coveredCommunities > s.communities)
        violations.push(`regionStats ${region}: covered ${s.coveredCommunities} > ${s.communities}`);
      if (s.averageProgress !== null && !(s.averageProgress >= 0 && s.averageProgress <= 100)) {
        violations.push(`regionStats ${region}: averageProgress ${s.averageProgress}`);
      }
      if (s.needs.open + s.needs.matched + s.needs.resolved !== s.needs.total)
        violations.push(`regionStats ${region}: needs ${JSON.stringify(s.needs)}`);
      for (const k of s.resourcesByKind) {
        if (!(k.committed >= 0 && k.committed <= k.offered && k.resources >= 0))
          violations.push(`regionStats ${region}: ${JSON.stringify(k)}`);
      }
    }
  }
  return violations;
}
