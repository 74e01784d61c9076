import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
import { listFactories } from '../support/lists.js';
import { JINGHU, lookup } from '../support/lookup.js';

const fx = useSeededServer('region_rollups', { DB_POOL_SIZE: '20' });
const make = listFactories(fx);

beforeAll(() => {
  // Bulk inserts by SQL (the volume seed) go through the same triggers as the services' writes.
  const cli = fileURLToPath(new URL('../../server/dist/cli/seed-volume.js', import.meta.url));
  execFileSync(process.execPath, [cli, '--organizations', '40', '--projects', '200', '--commitments', '2000'], {
    env: { PATH: process.env.PATH, DATABASE_URL: fx.db.url, LOG_LEVEL: 'warn' },
    stdio: 'pipe',
  });
});

const STATS = `query($r: ID!) { regionStats(regionId: $r) {
  projects projectsByStatus { status count } needs { open matched resolved total }
  resourcesByKind { kind unit resources offered committed } participatingUnits communities coveredCommunities coverage averageProgress
} }`;
const STATUSES = ['PROPOSED', 'CONSULTING', 'APPROVED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED'];

/** The plain rows the figures are about, read as they are (no sums in SQL). */
async function readRows() {
  const q = fx.db.query.bind(fx.db);
  return {
    regions: await q<{ id: string; level: string; path: string }>(`select id, level, path from region`),
    projects: await q<{ id: string; status: string; path: string }>(
      `select p.id, p.status, r.path from project p join region r on r.id = p.region_id`,
    ),
    milestones: await q<{ project_id: string; weight: number; progress: number }>(
      `select project_id, weight, progress from milestone`,
    ),
    resources: await q<{ id: string; kind: string; unit: string; status: string; capacity: number; path: string }>(
      `select s.id, s.kind, s.unit, s.status, s.capacity, r.path from resource s join region r on r.id = s.region_id`,
    ),
    commitments: await q<{ resource_id: string | null; quantity: number; status: string }>(
      `select resource_id, quantity, status from commitment`,
    ),
    participants: await q<{ organization_id: string; status: string; kind: string; path: string }>(
      `select pa.organization_id, pa.status, o.kind, r.path from participant pa
       join organization o on o.id = pa.organization_id join project p on p.id = pa.project_id
       join region r on r.id = p.region_id`,
    ),
    needs: await q<{ status: string; path: string }>(
      `select x.status, r.path from need x join region r on r.id = x.region_id`,
    ),
  };
}
type Rows = Awaited<ReturnType<typeof readRows>>;

/** Weighted mean of each project's milestones (a project without any is absent: it is at 0). */
function progressByProject(rows: Rows): Map<string, number> {
  const sums = new Map<string, { weighted: number; weight: number }>();
  for (const m of rows.milestones) {
    const s = sums.get(m.project_id) ?? { weighted: 0, weight: 0 };
    s.weighted += m.progress * m.weight;
    s.weight += m.weight;
    sums.set(m.project_id, s);
  }
  return new Map([...sums].map(([id, s]) => [id, s.weighted / s.weight]));
}

/** A region's statistics as its definition reads, counted here from the rows of its subtree. */
function expectedStats(rows: Rows, progress: Map<string, number>, regionPath: string) {
  const inside = (row: { path: string }) => row.path.startsWith(regionPath);
  const projects = rows.projects.filter(inside);
  const needs = rows.needs.filter(inside);
  const count = (status: string) => needs.filter((n) => n.status === status).length;
  const heldBy = new Map<string, number>();
  for (const c of rows.commitments) {
    if (c.resource_id && c.status !== 'WITHDRAWN')
      heldBy.set(c.resource_id, (heldBy.get(c.resource_id) ?? 0) + c.quantity);
  }
  const totals = new Map<
    string,
    { kind: string; unit: string; resources: number; offered: number; committed: number }
  >();
  for (const s of rows.resources.filter((r) => inside(r) && r.status === 'ACTIVE')) {
    const t = totals.get(`${s.kind}:${s.unit}`) ?? {
      kind: s.kind,
      unit: s.unit,
      resources: 0,
      offered: 0,
      committed: 0,
    };
    t.resources += 1;
    t.offered += s.capacity;
    t.committed += heldBy.get(s.id) ?? 0;
    totals.set(`${s.kind}:${s.unit}`, t);
  }
  const communities = rows.regions.filter((r) => r.level === 'COMMUNITY' && inside(r));
  const covered = communities.filter((c) =>
    rows.projects.some((p) => p.path.startsWith(c.path) && (p.status === 'APPROVED' || p.status === 'IN_PROGRESS')),
  ).length;
  const progresses = projects.filter((p) => p.status !== 'CANCELLED').map((p) => progress.get(p.id) ?? 0);
  return {
    projects: projects.length,
    projectsByStatus: Object.fromEntries(STATUSES.map((s) => [s, projects.filter((p) => p.status === s).length])),
    needs: { open: count('OPEN'), matched: count('MATCHED'), resolved: count('RESOLVED'), total: needs.length },
    resourcesByKind: [...totals.values()].sort((a, b) => `${a.kind}:${a.unit}`.localeCompare(`${b.kind}:${b.unit}`)),
    participatingUnits: new Set(
      rows.participants
        .filter((p) => inside(p) && p.status === 'ACTIVE' && p.kind !== 'COMMITTEE')
        .map((p) => p.organization_id),
    ).size,
    communities: communities.length,
    coveredCommunities: covered,
    coverage: communities.length ? covered / communities.length : null,
    averageProgress: progresses.length ? progresses.reduce((a, b) => a + b, 0) / progresses.length : null,
  };
}

const toGlobalId = (type: string, id: string) => Buffer.from(`${type}:${id}`).toString('base64url');

/**
 * What users read (regionStats of every region, each project's progress) equals what the
 * rows add up to, summed here in the test.
 */
async function assertFiguresMatchRows(): Promise<void> {
  const rows = await readRows();
  const progress = progressByProject(rows);
  expect(rows.projects.length).toBeGreaterThan(200);
  for (const region of rows.regions) {
    const res = await gql<any>(fx.server.graphqlUrl, STATS, { r: toGlobalId('Region', region.id) });
    expect(errorCodes(res), JSON.stringify(res.errors)).toEqual([]);
    const { projectsByStatus, averageProgress, resourcesByKind, ...stats } = res.data.regionStats;
    const { averageProgress: expectedAverage, ...expected } = expectedStats(rows, progress, region.path);
    expect(
      {
        ...stats,
        projectsByStatus: Object.fromEntries(projectsByStatus.map((s: any) => [s.status, s.count])),
        resourcesByKind: [...resourcesByKind].sort((a: any, b: any) =>
          `${a.kind}:${a.unit}`.localeCompare(`${b.kind}:${b.unit}`),
        ),
      },
      region.path,
    ).toEqual(expected);
    // Shown to one decimal.
    if (expectedAverage === null) expect(averageProgress, region.path).toBeNull();
    else expect(Math.abs(averageProgress - expectedAverage), region.path).toBeLessThanOrEqual(0.05 + 1e-9);
  }
  // Every project's progress is the weighted mean of its milestones (one decimal), 0 without.
  const shown = new Map<string, number | null>();
  let after: string | null = null;
  do {
    const res: any = await gql<any>(
      fx.server.graphqlUrl,
      `query($a: String) { projects(first: 100, after: $a) { nodes { id progress } pageInfo { hasNextPage endCursor } } }`,
      { a: after },
    );
    expect(errorCodes(res)).toEqual([]);
    for (const p of res.data.projects.nodes) shown.set(p.id, p.progress);
    after = res.data.projects.pageInfo.hasNextPage ? res.data.projects.pageInfo.endCursor : null;
  } while (after);
  expect(shown.size).toBe(rows.projects.length);
  const drift = rows.projects
    .map((p) => {
      const mean = progress.get(p.id);
      return {
        id: p.id,
        shown: shown.get(toGlobalId('Project', p.id)),
        expected: mean === undefined ? 0 : Math.round(mean * 10) / 10,
      };
    })
    .filter((p) => p.shown !== p.expected);
  expect(drift).toEqual([]);
}

describe('maintained figures (region roll-ups, project progress)', () => {
  it('equal the rows they sum after the bulk volume seed', async () => {
    await assertFiguresMatchRows();
  });

  it('stay exact while commitments, withdrawals, status changes, joins and milestones change at once', async () => {
    const rep = await make.representative();
    const admin = await make.committeeAdmin();
    const jinghu = await lookup(fx.server.graphqlUrl).organization(JINGHU);
    const resources = await Promise.all([0, 1, 2].map(() => make.resource({ capacity: 40 })));
    const projects = await Promise.all([0, 1].map(() => make.project()));
    const requirements = await Promise.all(projects.map((p) => make.requirement(p, { quantity: 200 })));
    const COMMIT = `mutation($i: CommitResourceInput!) { commitResource(input: $i) { commitment { id } userErrors { code } } }`;
    const commit = (i: number) =>
      gql<any>(
        fx.server.graphqlUrl,
        COMMIT,
        {
          i: {
            requirementId: requirements[i % 2],
            organizationId: jinghu,
            quantity: 3,
            unit: 'PERSON_HOUR',
            resourceId: resources[i % 3],
          },
        },
        rep,
      );
    const first = await Promise.all(Array.from({ length: 12 }, (_, i) => commit(i)));
    const pledged = first.map((r) => r.data.commitResource.commitment.id);
    const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1];
    const results = await Promise.all([
      ...Array.from({ length: 30 }, (_, i) => commit(i)),
      ...pledged
        .slice(0, 6)
        .map((commitmentId) =>
          gql<any>(
            fx.server.graphqlUrl,
            `mutation($i: CommitmentActionInput!) { withdrawCommitment(input: $i) { userErrors { code } } }`,
            { i: { commitmentId } },
            rep,
          ),
        ),
      ...projects.map((projectId) =>
        gql<any>(
          fx.server.graphqlUrl,
          `mutation($i: ChangeProjectStatusInput!) { changeProjectStatus(input: $i) { userErrors { code } } }`,
          { i: { projectId, status: 'CONSULTING' } },
          admin,
        ),
      ),
      // Milestones and a retirement by SQL, as a migration or an import would write them.
      fx.db.query(
        `insert into milestone (id, project_id, title_zh, title_en, weight, progress)
         select gen_random_uuid(), id, '里程碑', 'Milestone', 2, 40 from project where id = any($1::uuid[])`,
        [projects.map(dbId)],
      ),
      fx.db.query(
        `update milestone set progress = least(100, progress + 10)
         where project_id in (select id from project where status = 'IN_PROGRESS' order by id limit 20)`,
      ),
      fx.db.query(`delete from milestone where id in (select id from milestone order by id desc limit 5)`),
      fx.db.query(`update resource set status = 'RETIRED' where id = (select id from resource order by id limit 1)`),
    ]);
    for (const r of results.slice(0, 38) as any[]) expect(errorCodes(r), JSON.stringify(r.errors)).toEqual([]);
    await assertFiguresMatchRows();
  });
});
