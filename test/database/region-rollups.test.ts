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

/** What region_rollup must hold, counted from the rows themselves. */
const EXPECTED_ROLLUP = `
  select region_id, metric, sum(delta)::float as value from (
    select region_id, 'projects:' || status as metric, 1::float as delta from project
    union all select region_id, 'progress:sum', progress from project where progress is not null and status <> 'CANCELLED'
    union all select region_id, 'progress:count', 1 from project where progress is not null and status <> 'CANCELLED'
    union all select region_id, 'resources:' || kind || ':' || unit, 1 from resource where status = 'ACTIVE'
    union all select region_id, 'offered:' || kind || ':' || unit, capacity from resource where status = 'ACTIVE'
    union all select region_id, 'committed:' || kind || ':' || unit, committed from resource where status = 'ACTIVE'
  ) d group by region_id, metric having sum(delta) <> 0`;

/** Distinct active non-committee participants per region and every region above the project's. */
const EXPECTED_PARTICIPATION = `
  select a.id as region_id, pa.organization_id, count(*)::int as projects
  from participant pa join organization o on o.id = pa.organization_id and o.kind <> 'COMMITTEE'
    join project p on p.id = pa.project_id join region pr on pr.id = p.region_id
    join region a on pr.path like a.path || '%'
  where pa.status = 'ACTIVE' group by a.id, pa.organization_id`;

async function assertRollupsExact(): Promise<void> {
  const key = (r: Record<string, any>) => `${r.region_id}|${r.metric ?? r.organization_id}`;
  const asMap = (rows: Record<string, any>[], value: string) =>
    new Map(rows.map((r) => [key(r), Math.round(Number(r[value]) * 1e6) / 1e6]));
  const expected = asMap(await fx.db.query(EXPECTED_ROLLUP), 'value');
  const kept = asMap(
    await fx.db.query(
      `select region_id, metric, value from region_rollup where value <> 0 and metric not like 'subtree:%'`,
    ),
    'value',
  );
  expect(kept).toEqual(expected);
  const participation = asMap(await fx.db.query(EXPECTED_PARTICIPATION), 'projects');
  const keptParticipation = asMap(
    await fx.db.query(`select region_id, organization_id, projects from region_participation where projects <> 0`),
    'projects',
  );
  expect(keptParticipation).toEqual(participation);
  const units = await fx.db.query(
    `select r.id, (select count(distinct organization_id)::int from (${EXPECTED_PARTICIPATION}) e where e.region_id = r.id) as expected,
       coalesce((select value::int from region_rollup where region_id = r.id and metric = 'subtree:units'), 0) as kept
     from region r`,
  );
  expect(units.filter((u) => u.expected !== u.kept)).toEqual([]);
  const drift = await fx.db.query(
    `select p.id from project p left join (
       select project_id, sum(progress * weight)::float / nullif(sum(weight), 0) as progress from milestone group by project_id
     ) m on m.project_id = p.id where p.progress is distinct from m.progress`,
  );
  expect(drift).toEqual([]);
}

describe('maintained figures (region roll-ups, project progress)', () => {
  it('equal the rows they sum after the bulk volume seed', async () => {
    expect((await fx.db.query(`select count(*)::int as n from region_rollup`))[0].n).toBeGreaterThan(0);
    await assertRollupsExact();
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
    await assertRollupsExact();
  });
});
