// W3: commitResource under 200 concurrent clients, set up by SQL and checked by SQL.
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import pg from 'pg';
import { BenchFailure, globalId, percentile, postJson } from './lib.mjs';

const TITLE = 'Bench W3 project';
const TOKEN_NAME = 'bench-w3';
const KIND = 'VOLUNTEER_HOURS';
const UNIT = 'PERSON_HOUR';

const COMMIT = `mutation W3($input: CommitResourceInput!) {
  commitResource(input: $input) { commitment { id quantity } userErrors { code field message } }
}`;

/** Removes what earlier W3 runs set up (also after a crash), so runs stay independent. */
export async function cleanupW3(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin');
    // Cascades to requirements, commitments, participants and activity of the project.
    await client.query(`delete from project where title_en like $1`, [`${TITLE}%`]);
    await client.query(`delete from resource where title_en like $1`, [`${TITLE}%`]);
    await client.query(`delete from api_token where name = $1`, [TOKEN_NAME]);
    await client.query('commit');
  } catch (error) {
    await client.query('rollback');
    throw error;
  } finally {
    await client.end();
  }
}

/**
 * One project IN_PROGRESS with one large requirement per organization, `orgCount` work units
 * of the volume data each with a `write:commitments` token and one ACTIVE resource of
 * `capacity` (kind and unit matching the requirements).
 */
async function setup(client, { orgCount, capacity, label }) {
  await client.query('begin');
  const orgs = (
    await client.query(
      `select id, region_id from organization where kind = 'WORK_UNIT' and name_en like 'Partner Unit No.%' order by id limit $1`,
      [orgCount],
    )
  ).rows;
  if (orgs.length < orgCount) throw new BenchFailure(`W3 needs ${orgCount} work units, found ${orgs.length}`);
  // A committee outside Jing'an (W1's district), so W1 never sees a W3 project mid-run.
  const [committee] = (
    await client.query(
      `select o.id, o.region_id from organization o join region r on r.id = o.region_id
       where o.kind = 'COMMITTEE' and r.path not like '%/310106/%' order by r.depth, o.id limit 1`,
    )
  ).rows;
  const projectId = randomUUID();
  await client.query(
    `insert into project (id, title_zh, title_en, category, status, lead_committee_id, region_id)
     values ($1, $2, $3, 'COMMUNITY_SERVICES', 'IN_PROGRESS', $4, $5)`,
    [projectId, `基准测试W3项目 ${label}`, `${TITLE} ${label}`, committee.id, committee.region_id],
  );
  await client.query(`insert into participant (id, project_id, organization_id, role) values ($1, $2, $3, 'LEAD')`, [
    randomUUID(),
    projectId,
    committee.id,
  ]);
  const actors = [];
  for (const [i, org] of orgs.entries()) {
    const secret = `cbt_${randomBytes(32).toString('base64url')}`;
    await client.query(
      `insert into api_token (id, organization_id, name, scopes, secret_hash, prefix)
       values ($1, $2, $3, '{read,write:commitments}', $4, $5)`,
      [
        randomUUID(),
        org.id,
        TOKEN_NAME,
        createHash('sha256').update(secret, 'utf8').digest('hex'),
        secret.slice(0, 12),
      ],
    );
    const resourceId = randomUUID();
    await client.query(
      `insert into resource (id, title_zh, title_en, kind, unit, capacity, status, owner_id, region_id)
       values ($1, $2, $3, $4, $5, $6, 'ACTIVE', $7, $8)`,
      [resourceId, `基准测试W3资源${i + 1}`, `${TITLE} resource ${i + 1}`, KIND, UNIT, capacity, org.id, org.region_id],
    );
    const requirementId = randomUUID();
    await client.query(
      `insert into requirement (id, project_id, title_zh, title_en, kind, unit, quantity)
       values ($1, $2, $3, $4, $5, $6, 1000000000)`,
      [requirementId, projectId, `基准测试W3需求${i + 1}`, `${TITLE} requirement ${i + 1}`, KIND, UNIT],
    );
    actors.push({ secret, organizationId: org.id, resourceId, requirementId });
  }
  await client.query('commit');
  return { projectId, actors };
}

/** Every resource and requirement of the whole database within bounds; throws when not. */
async function checkInvariants(client, run) {
  const { rows } = await client.query(
    `select
      (select count(*)::int from resource s
        left join (select resource_id, sum(quantity) as n from commitment
                   where status <> 'WITHDRAWN' and resource_id is not null group by resource_id) c
          on c.resource_id = s.id
        where s.committed <> coalesce(c.n, 0) or s.committed > s.capacity) as bad_resources,
      (select count(*)::int from requirement q
        join (select requirement_id, sum(quantity) as n from commitment
              where status <> 'WITHDRAWN' group by requirement_id) c on c.requirement_id = q.id
        where c.n > q.quantity) as bad_requirements,
      (select count(*)::int from commitment where project_id = $1) as run_commitments,
      (select coalesce(sum(committed), 0)::int from resource where id = any($2::uuid[])) as run_committed`,
    [run.projectId, run.actors.map((a) => a.resourceId)],
  );
  return rows[0];
}

/**
 * Runs `clients` concurrent loops of `attempts` commitResource calls (quantity 1 each);
 * `oneResource` sends every client to the first organization's resource.
 */
export async function runW3(graphqlUrl, dbUrl, { clients, attempts, orgCount, capacity, oneResource, label }) {
  await cleanupW3(dbUrl);
  const client = new pg.Client({ connectionString: dbUrl });
  await client.connect();
  try {
    const run = await setup(client, { orgCount, capacity, label });
    const latencies = [];
    const refusals = {};
    let commits = 0;
    const started = performance.now();
    await Promise.all(
      Array.from({ length: clients }, async (_, k) => {
        const actor = run.actors[oneResource ? 0 : k % run.actors.length];
        const headers = { authorization: `Bearer ${actor.secret}` };
        const body = JSON.stringify({
          query: COMMIT,
          variables: {
            input: {
              requirementId: globalId('Requirement', actor.requirementId),
              organizationId: globalId('Organization', actor.organizationId),
              resourceId: globalId('Resource', actor.resourceId),
              quantity: 1,
              unit: UNIT,
            },
          },
        });
        for (let i = 0; i < attempts; i++) {
          const t0 = performance.now();
          let outcome;
          try {
            const res = await postJson(graphqlUrl, body, headers, 120_000);
            const payload = res.json?.data?.commitResource;
            if (res.status !== 200 || !payload) {
              outcome = `HTTP ${res.status} ${res.json?.errors?.[0]?.extensions?.code ?? ''}`.trim();
            } else if (payload.userErrors.length > 0) outcome = payload.userErrors[0].code;
            else if (payload.commitment) outcome = 'OK';
            else outcome = 'NO_COMMITMENT';
          } catch (error) {
            outcome = `NETWORK ${error.code ?? error.message}`;
          }
          latencies.push(performance.now() - t0);
          if (outcome === 'OK') commits += 1;
          else refusals[outcome] = (refusals[outcome] ?? 0) + 1;
        }
      }),
    );
    const seconds = (performance.now() - started) / 1000;
    const check = await checkInvariants(client, run);
    const total = clients * attempts;
    const violations = [];
    if (check.bad_resources > 0) violations.push(`${check.bad_resources} resources over capacity or drifted`);
    if (check.bad_requirements > 0) violations.push(`${check.bad_requirements} requirements over-committed`);
    if (check.run_commitments !== commits) {
      violations.push(`${commits} commits answered OK but ${check.run_commitments} commitments stored`);
    }
    if (check.run_committed !== commits) {
      violations.push(`${commits} commits answered OK but the resources hold ${check.run_committed}`);
    }
    if (oneResource && commits > capacity) violations.push(`${commits} commits on a resource of capacity ${capacity}`);
    return {
      label,
      clients,
      attempts: total,
      commits,
      seconds,
      commitsPerSecond: commits / seconds,
      attemptsPerSecond: total / seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      refusals,
      capacity,
      expectedCommits: oneResource ? Math.min(capacity, total) : total,
      violations,
    };
  } finally {
    await client.end();
    await cleanupW3(dbUrl);
  }
}
