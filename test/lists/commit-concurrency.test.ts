import { beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders, type Headers } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
import { listFactories } from '../support/lists.js';
import { JINGHU, lookup, SHENJIAN } from '../support/lookup.js';

const fx = useSeededServer('commit_concurrency', { DB_POOL_SIZE: '20' });
const make = listFactories(fx);
let rep: Headers;
let jinghu: string;

beforeAll(async () => {
  rep = await make.representative();
  jinghu = await lookup(fx.server.graphqlUrl).organization(JINGHU);
});

const COMMIT = `mutation($i: CommitResourceInput!) { commitResource(input: $i) { commitment { id quantity } userErrors { field code } } }`;

describe('a resource is never over-committed', () => {
  it('50 concurrent clients through the HTTP server: the sum is exactly the capacity, every refusal is INSUFFICIENT_CAPACITY', async () => {
    const resourceId = await make.resource({ capacity: 60 });
    const requirementId = await make.requirement(await make.project(), { quantity: 500 });
    // Each client has its own session, as 50 people would.
    const clients = await Promise.all(
      Array.from({ length: 50 }, () => sessionHeaders(fx.db, 'rep.water@cobuild.demo')),
    );
    const results = await Promise.all(
      clients.map((headers) =>
        gql<any>(
          fx.server.graphqlUrl,
          COMMIT,
          { i: { requirementId, organizationId: jinghu, quantity: 2, unit: 'PERSON_HOUR', resourceId } },
          headers,
        ),
      ),
    );
    for (const r of results) expect(errorCodes(r)).toEqual([]);
    const accepted = results.filter((r) => r.data.commitResource.commitment);
    const refusedCodes = results
      .filter((r) => !r.data.commitResource.commitment)
      .map((r) => r.data.commitResource.userErrors[0].code);
    expect(accepted).toHaveLength(30);
    expect(refusedCodes).toEqual(Array(20).fill('INSUFFICIENT_CAPACITY'));
    const [row] = await fx.db.query<{ committed: number; capacity: number; sum: number; activities: number }>(
      `select r.committed, r.capacity,
         (select sum(quantity)::int from commitment c where c.resource_id = r.id and c.status <> 'WITHDRAWN') as sum,
         (select count(*)::int from activity a where a.type = 'commitment.pledged' and a.subject_id in (select id::text from commitment c where c.resource_id = r.id)) as activities
       from resource r where r.id = $1`,
      [Buffer.from(resourceId, 'base64url').toString().split(':')[1]],
    );
    expect(row).toEqual({ committed: 60, capacity: 60, sum: 60, activities: 30 });
  });

  it('concurrent withdrawals and commitments keep the count exact', async () => {
    const resourceId = await make.resource({ capacity: 20 });
    const requirementId = await make.requirement(await make.project(), { quantity: 500 });
    const first = await Promise.all(
      Array.from({ length: 10 }, () =>
        gql<any>(
          fx.server.graphqlUrl,
          COMMIT,
          { i: { requirementId, organizationId: jinghu, quantity: 2, unit: 'PERSON_HOUR', resourceId } },
          rep,
        ),
      ),
    );
    const ids = first.map((r) => r.data.commitResource.commitment.id);
    const WITHDRAW = `mutation($i: CommitmentActionInput!) { withdrawCommitment(input: $i) { userErrors { code } } }`;
    // Each of five commitments is withdrawn twice at once, while ten new pledges race for the freed room.
    const mixed = await Promise.all([
      ...ids
        .slice(0, 5)
        .flatMap((id) => [0, 1].map(() => gql<any>(fx.server.graphqlUrl, WITHDRAW, { i: { commitmentId: id } }, rep))),
      ...Array.from({ length: 10 }, () =>
        gql<any>(
          fx.server.graphqlUrl,
          COMMIT,
          { i: { requirementId, organizationId: jinghu, quantity: 2, unit: 'PERSON_HOUR', resourceId } },
          rep,
        ),
      ),
    ]);
    const withdrawCodes = mixed.slice(0, 10).map((r) => r.data.withdrawCommitment.userErrors[0]?.code ?? 'ok');
    expect(withdrawCodes.filter((c) => c === 'ok')).toHaveLength(5);
    expect(withdrawCodes.filter((c) => c === 'INVALID_TRANSITION')).toHaveLength(5);
    const [row] = await fx.db.query<{ committed: number; sum: number }>(
      `select r.committed, (select coalesce(sum(quantity), 0)::int from commitment c where c.resource_id = r.id and c.status <> 'WITHDRAWN') as sum
       from resource r where r.id = (select resource_id from commitment where id = $1)`,
      [Buffer.from(ids[0], 'base64url').toString().split(':')[1]],
    );
    const newPledges = mixed.slice(10).filter((r) => r.data.commitResource.commitment).length;
    const refusals = mixed
      .slice(10)
      .filter((r) => !r.data.commitResource.commitment)
      .map((r) => r.data.commitResource.userErrors[0].code);
    expect(refusals.every((c) => c === 'INSUFFICIENT_CAPACITY')).toBe(true);
    // 5 of the 10 first pledges remain; each new pledge that got through holds 2 more.
    expect(row.committed).toBe(row.sum);
    expect(row.committed).toBe(10 + 2 * newPledges);
    expect(row.committed).toBeLessThanOrEqual(20);
  });
});

describe('requirement counters', () => {
  it('equal the sums of their commitments while pledges, withdrawals and deliveries race, with no deadlock', async () => {
    const resourceId = await make.resource({ capacity: 200 });
    const requirementId = await make.requirement(await make.startedProject(), { quantity: 30 });
    const commit = () =>
      gql<any>(
        fx.server.graphqlUrl,
        COMMIT,
        { i: { requirementId, organizationId: jinghu, quantity: 2, unit: 'PERSON_HOUR', resourceId } },
        rep,
      );
    const first = await Promise.all(Array.from({ length: 10 }, commit));
    const ids = first.map((r) => r.data.commitResource.commitment.id);
    const committee = await make.committeeAdmin();
    const move = (mutation: string, commitmentId: string, headers = rep) =>
      gql<any>(
        fx.server.graphqlUrl,
        `mutation($i: CommitmentActionInput!) { ${mutation}(input: $i) { userErrors { code } } }`,
        { i: { commitmentId } },
        headers,
      );
    // Only what the lead confirmed is delivered.
    for (const id of ids.slice(5)) expect(errorCodes(await move('confirmCommitment', id, committee))).toEqual([]);
    // Withdrawals lock requirement then resource, pledges too: a wrong order would deadlock.
    const mixed = await Promise.all([
      ...ids.slice(0, 5).map((id) => move('withdrawCommitment', id)),
      ...ids.slice(5).map((id) => move('markDelivered', id)),
      ...Array.from({ length: 20 }, commit),
    ]);
    for (const r of mixed) expect(errorCodes(r), JSON.stringify(r.errors)).toEqual([]);
    expect(
      mixed.slice(0, 10).every((r) => (Object.values(r.data)[0] as { userErrors: unknown[] }).userErrors.length === 0),
    ).toBe(true);
    const refusals = mixed
      .slice(10)
      .filter((r) => !r.data.commitResource.commitment)
      .map((r) => r.data.commitResource.userErrors[0].code);
    expect(new Set(refusals)).toEqual(new Set(['EXCEEDS_REQUIREMENT']));
    const [row] = await fx.db.query<Record<string, number>>(
      `select q.committed, q.delivered, q.quantity,
         (select coalesce(sum(quantity), 0)::int from commitment c where c.requirement_id = q.id and c.status <> 'WITHDRAWN') as sum,
         (select coalesce(sum(quantity), 0)::int from commitment c where c.requirement_id = q.id and c.status = 'DELIVERED') as delivered_sum,
         (select committed from resource where id = $2) as resource_committed
       from requirement q where q.id = $1`,
      [
        Buffer.from(requirementId, 'base64url').toString().split(':')[1],
        Buffer.from(resourceId, 'base64url').toString().split(':')[1],
      ],
    );
    // 5 pledges of 2 are left and 5 delivered; every new pledge that got through holds 2 more,
    // within the quantity of 30 (so at most 10 of the 20 got through).
    const accepted = 20 - refusals.length;
    expect(refusals.length).toBeGreaterThanOrEqual(10);
    expect(row).toEqual({
      committed: 10 + 2 * accepted,
      delivered: 10,
      quantity: 30,
      sum: 10 + 2 * accepted,
      delivered_sum: 10,
      resource_committed: 10 + 2 * accepted,
    });
  });
});

describe('first commitments of an organization at once', () => {
  it('make it a participant once, and every commitment counts', async () => {
    const projectId = await make.project();
    const requirements = await Promise.all([0, 1, 2, 3, 4].map(() => make.requirement(projectId, { quantity: 100 })));
    const results = await Promise.all(
      requirements.flatMap((requirementId) =>
        [0, 1].map(() =>
          gql<any>(
            fx.server.graphqlUrl,
            COMMIT,
            { i: { requirementId, organizationId: jinghu, quantity: 3, unit: 'PERSON_HOUR' } },
            rep,
          ),
        ),
      ),
    );
    for (const r of results) expect(errorCodes(r)).toEqual([]);
    expect(results.every((r) => r.data.commitResource.userErrors.length === 0)).toBe(true);
    const [row] = await fx.db.query<{ participants: number; commitments: number; joined: number }>(
      `select (select count(*)::int from participant where project_id = $1 and role = 'PARTNER') as participants,
              (select count(*)::int from commitment where project_id = $1) as commitments,
              (select count(*)::int from activity where project_id = $1 and type = 'participant.joined') as joined`,
      [Buffer.from(projectId, 'base64url').toString().split(':')[1]],
    );
    expect(row).toEqual({ participants: 1, commitments: 10, joined: 1 });
  });
});

describe('idempotent retries', () => {
  it('the same key and input return the first result and have one effect, also when sent at once', async () => {
    const resourceId = await make.resource({ capacity: 100 });
    const requirementId = await make.requirement(await make.project(), { quantity: 500 });
    const input = {
      requirementId,
      organizationId: jinghu,
      quantity: 7,
      unit: 'PERSON_HOUR',
      resourceId,
      idempotencyKey: 'sync-2026-11-26-0001',
    };
    const first = await gql<any>(fx.server.graphqlUrl, COMMIT, { i: input }, rep);
    const retry = await gql<any>(fx.server.graphqlUrl, COMMIT, { i: { ...input, unit: 'PERSON_HOUR' } }, rep);
    expect(retry.data.commitResource).toEqual(first.data.commitResource);
    const burst = await Promise.all(
      Array.from({ length: 10 }, () =>
        gql<any>(fx.server.graphqlUrl, COMMIT, { i: { ...input, idempotencyKey: 'sync-2026-11-26-0002' } }, rep),
      ),
    );
    const burstIds = new Set(burst.map((r) => r.data.commitResource.commitment?.id));
    expect(burstIds.size).toBe(1);
    const [row] = await fx.db.query<{ committed: number; commitments: number; activities: number }>(
      `select r.committed, (select count(*)::int from commitment c where c.resource_id = r.id) as commitments,
         (select count(*)::int from activity a where a.type = 'commitment.pledged' and a.subject_id in (select id::text from commitment c where c.resource_id = r.id)) as activities
       from resource r where r.id = (select resource_id from commitment where id = $1)`,
      [Buffer.from(first.data.commitResource.commitment.id, 'base64url').toString().split(':')[1]],
    );
    expect(row).toEqual({ committed: 14, commitments: 2, activities: 2 });
  });

  it('an empty key is refused and changes nothing (it would protect no retry)', async () => {
    const requirementId = await make.requirement(await make.project(), { quantity: 500 });
    for (const idempotencyKey of ['', '   ']) {
      const res = await gql<any>(
        fx.server.graphqlUrl,
        COMMIT,
        { i: { requirementId, organizationId: jinghu, quantity: 3, unit: 'PERSON_HOUR', idempotencyKey } },
        rep,
      );
      expect(res.data.commitResource).toEqual({
        commitment: null,
        userErrors: [{ field: ['input', 'idempotencyKey'], code: 'INVALID' }],
      });
    }
    const id = Buffer.from(requirementId, 'base64url').toString('utf8').split(':')[1];
    const [row] = await fx.db.query(
      `select r.committed, (select count(*)::int from commitment c where c.requirement_id = r.id) as commitments
       from requirement r where r.id = $1`,
      [id],
    );
    expect(row).toEqual({ committed: 0, commitments: 0 });
  });

  it('the same key with another input is IDEMPOTENCY_KEY_REUSED and changes nothing', async () => {
    const requirementId = await make.requirement(await make.project(), { quantity: 500 });
    const input = {
      requirementId,
      organizationId: jinghu,
      quantity: 3,
      unit: 'PERSON_HOUR',
      idempotencyKey: 'reuse-me',
    };
    expect((await gql<any>(fx.server.graphqlUrl, COMMIT, { i: input }, rep)).data.commitResource.userErrors).toEqual(
      [],
    );
    const reused = await gql<any>(fx.server.graphqlUrl, COMMIT, { i: { ...input, quantity: 4 } }, rep);
    expect(reused.data.commitResource).toEqual({
      commitment: null,
      userErrors: [{ field: ['input', 'idempotencyKey'], code: 'IDEMPOTENCY_KEY_REUSED' }],
    });
    // Keys belong to the acting organization: its other members get the same refusal…
    const colleague = await gql<any>(
      fx.server.graphqlUrl,
      COMMIT,
      { i: { ...input, quantity: 4 } },
      await sessionHeaders(fx.db, 'unit.admin@cobuild.demo'),
    );
    expect(colleague.data.commitResource.userErrors).toEqual([
      { field: ['input', 'idempotencyKey'], code: 'IDEMPOTENCY_KEY_REUSED' },
    ]);
    // …while another organization may use the same key for its own request.
    const other = await gql<any>(
      fx.server.graphqlUrl,
      COMMIT,
      { i: { ...input, quantity: 4, organizationId: await lookup(fx.server.graphqlUrl).organization(SHENJIAN) } },
      await sessionHeaders(fx.db, 'rep.renewal@cobuild.demo'),
    );
    expect(other.data.commitResource.userErrors).toEqual([]);
    const [{ n }] = await fx.db.query<{ n: number }>(
      `select count(*)::int as n from commitment c join requirement r on r.id = c.requirement_id where r.id = $1`,
      [Buffer.from(requirementId, 'base64url').toString().split(':')[1]],
    );
    expect(n).toBe(2);
  });

  it('keys are kept at least 24 hours', async () => {
    const [row] = await fx.db.query<{ oldest: string }>(`select min(created_at) as oldest from idempotency_key`);
    expect(row.oldest).not.toBeNull();
    await fx.db.query(`update idempotency_key set created_at = now() - interval '25 hours' where key = 'reuse-me'`);
    const requirementId = await make.requirement(await make.project(), { quantity: 500 });
    // A 25-hour-old key still protects: a different input is refused.
    const reused = await gql<any>(
      fx.server.graphqlUrl,
      COMMIT,
      { i: { requirementId, organizationId: jinghu, quantity: 1, unit: 'PERSON_HOUR', idempotencyKey: 'reuse-me' } },
      rep,
    );
    expect(reused.data.commitResource.userErrors[0].code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('a retry gets the first result even after the project has closed', async () => {
    const admin = await make.committeeAdmin();
    const projectId = await make.project();
    const requirementInput = {
      projectId,
      kind: 'VOLUNTEER_HOURS',
      unit: 'PERSON_HOUR',
      quantity: 40,
      titleZh: '志愿服务',
      titleEn: 'Volunteering',
      idempotencyKey: 'req-after-close',
    };
    const ADD = `mutation($i: AddRequirementInput!) { addRequirement(input: $i) { requirement { id } userErrors { field code } } }`;
    const added = await gql<any>(fx.server.graphqlUrl, ADD, { i: requirementInput }, admin);
    const requirementId = added.data.addRequirement.requirement.id;
    const input = {
      requirementId,
      organizationId: jinghu,
      quantity: 5,
      unit: 'PERSON_HOUR',
      idempotencyKey: 'commit-after-close',
    };
    const first = await gql<any>(fx.server.graphqlUrl, COMMIT, { i: input }, rep);
    expect(first.data.commitResource.userErrors).toEqual([]);
    const cancelled = await gql<any>(
      fx.server.graphqlUrl,
      `mutation($i: ChangeProjectStatusInput!) { changeProjectStatus(input: $i) { project { status } userErrors { code } } }`,
      { i: { projectId, status: 'CANCELLED' } },
      admin,
    );
    expect(cancelled.data.changeProjectStatus.project.status).toBe('CANCELLED');
    // Both retries answer with what was done, not with PROJECT_CLOSED.
    const retried = await gql<any>(fx.server.graphqlUrl, COMMIT, { i: input }, rep);
    expect(retried.data.commitResource).toEqual(first.data.commitResource);
    const again = await gql<any>(fx.server.graphqlUrl, ADD, { i: requirementInput }, admin);
    expect(again.data.addRequirement).toEqual(added.data.addRequirement);
    // A new commitment (another key) is refused.
    const fresh = await gql<any>(fx.server.graphqlUrl, COMMIT, { i: { ...input, idempotencyKey: 'another' } }, rep);
    expect(fresh.data.commitResource.userErrors).toEqual([
      { field: ['input', 'requirementId'], code: 'PROJECT_CLOSED' },
    ]);
  });

  it('keys belong to the organization: after a token is rotated, the new token’s retry does not commit twice', async () => {
    const unitAdmin = await sessionHeaders(fx.db, 'unit.admin@cobuild.demo');
    const CREATE = `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret apiToken { id } } }`;
    const token = async (name: string) =>
      (
        await gql<any>(
          fx.server.graphqlUrl,
          CREATE,
          { i: { organizationId: jinghu, name, scopes: ['write:commitments'] } },
          unitAdmin,
        )
      ).data.createApiToken;
    const old = await token('Sync (old)');
    const requirementId = await make.requirement(await make.project(), { quantity: 100 });
    const input = {
      requirementId,
      organizationId: jinghu,
      quantity: 6,
      unit: 'PERSON_HOUR',
      idempotencyKey: 'rotate-1',
    };
    const first = await gql<any>(fx.server.graphqlUrl, COMMIT, { i: input }, { authorization: `Bearer ${old.secret}` });
    expect(first.data.commitResource.userErrors).toEqual([]);
    const revoked = await gql<any>(
      fx.server.graphqlUrl,
      `mutation($id: ID!) { revokeApiToken(input: { apiTokenId: $id }) { userErrors { code } } }`,
      { id: old.apiToken.id },
      unitAdmin,
    );
    expect(revoked.data.revokeApiToken.userErrors).toEqual([]);
    const replacement = await token('Sync (new)');
    const retried = await gql<any>(
      fx.server.graphqlUrl,
      COMMIT,
      { i: input },
      { authorization: `Bearer ${replacement.secret}` },
    );
    expect(retried.data.commitResource).toEqual(first.data.commitResource);
    // So does a person of the same organization; another organization's key space is its own.
    expect((await gql<any>(fx.server.graphqlUrl, COMMIT, { i: input }, rep)).data.commitResource).toEqual(
      first.data.commitResource,
    );
    const [row] = await fx.db.query<{ commitments: number; committed: number }>(
      `select count(*)::int as commitments, coalesce(sum(quantity), 0)::int as committed from commitment where requirement_id = $1`,
      [Buffer.from(requirementId, 'base64url').toString().split(':')[1]],
    );
    expect(row).toEqual({ commitments: 1, committed: 6 });
  });
});

describe('resource availability', () => {
  it('a resource whose availableUntil has passed cannot be committed from (RESOURCE_EXPIRED); nothing changes', async () => {
    const resourceId = await make.resource({ capacity: 50, availableUntil: '2027-06-30' });
    const resourceRow = Buffer.from(resourceId, 'base64url').toString().split(':')[1];
    const requirementId = await make.requirement(await make.project(), { quantity: 50 });
    const input = { requirementId, organizationId: jinghu, quantity: 5, unit: 'PERSON_HOUR', resourceId };
    // Time passes: the resource's last day was yesterday.
    await fx.db.query(`update resource set available_until = current_date - 1 where id = $1`, [resourceRow]);
    const refused = await gql<any>(fx.server.graphqlUrl, COMMIT, { i: input }, rep);
    expect(refused.data.commitResource).toEqual({
      commitment: null,
      userErrors: [{ field: ['input', 'resourceId'], code: 'RESOURCE_EXPIRED' }],
    });
    const [row] = await fx.db.query<{ committed: number; commitments: number }>(
      `select r.committed, (select count(*)::int from commitment where resource_id = r.id) as commitments from resource r where r.id = $1`,
      [resourceRow],
    );
    expect(row).toEqual({ committed: 0, commitments: 0 });
    // Its last day itself still counts.
    await fx.db.query(`update resource set available_until = current_date where id = $1`, [resourceRow]);
    const ok = await gql<any>(fx.server.graphqlUrl, COMMIT, { i: input }, rep);
    expect(ok.data.commitResource.userErrors).toEqual([]);
  });
});
