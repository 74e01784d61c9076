import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import { MikroORM } from '@mikro-orm/postgresql';
import { IDEMPOTENCY_KEY_HOURS, ormConfig, sweepIdempotencyKeys } from '@cobuild/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Headers } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
import { listFactories } from '../support/lists.js';
import { JINGHU, lookup } from '../support/lookup.js';

const fx = useSeededServer('idempotency_retention');
const make = listFactories(fx);
let rep: Headers;
let jinghu: string;
/** The server's own sweep, run against the test's database with a clock the test chooses. */
let orm: MikroORM;

beforeAll(async () => {
  rep = await make.representative();
  jinghu = await lookup(fx.server.graphqlUrl).organization(JINGHU);
  orm = await MikroORM.init(ormConfig({ clientUrl: fx.db.url, poolSize: 2 }));
});

afterAll(async () => {
  await orm?.close();
});

const COMMIT = `mutation($i: CommitResourceInput!) { commitResource(input: $i) { commitment { id quantity } userErrors { field code } } }`;
const HOUR_MS = 3_600_000;
const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];

async function commit(input: Record<string, unknown>): Promise<any> {
  const res = await gql<any>(fx.server.graphqlUrl, COMMIT, { i: input }, rep);
  expect(errorCodes(res), JSON.stringify(res.errors)).toEqual([]);
  return res.data.commitResource;
}

async function commitmentsOf(requirementId: string): Promise<number> {
  const [{ n }] = await fx.db.query<{ n: number }>(
    `select count(*)::int as n from commitment where requirement_id = $1`,
    [dbId(requirementId)],
  );
  return n;
}

describe('idempotency keys', () => {
  it('are kept 47 hours after their first use (a retry returns the first result) and swept at 49 hours', async () => {
    expect(IDEMPOTENCY_KEY_HOURS).toBe(48);
    const requirementId = await make.requirement(await make.project(), { quantity: 500 });
    const key = `retention-${randomUUID()}`;
    const input = { requirementId, organizationId: jinghu, quantity: 2, unit: 'PERSON_HOUR', idempotencyKey: key };
    const first = await commit(input);
    expect(first.userErrors).toEqual([]);
    expect(first.commitment.quantity).toBe(2);
    const [{ created_at: createdAt }] = await fx.db.query<{ created_at: Date }>(
      `select created_at from idempotency_key where key = $1`,
      [key],
    );
    const hoursLater = (hours: number) => new Date(createdAt.getTime() + hours * HOUR_MS);

    // 47 hours later the sweep leaves the key: a retry still gets the first commitment.
    expect(await sweepIdempotencyKeys(orm.em.fork(), hoursLater(47))).toBe(0);
    expect(await commit(input)).toEqual(first);
    expect(await commitmentsOf(requirementId)).toBe(1);

    // 49 hours later the sweep removes it (the only key of this database)…
    expect(await sweepIdempotencyKeys(orm.em.fork(), hoursLater(49))).toBe(1);
    expect(await fx.db.query(`select 1 from idempotency_key where key = $1`, [key])).toEqual([]);
    // …so the same request with the same key is new again: a second commitment.
    const again = await commit(input);
    expect(again.userErrors).toEqual([]);
    expect(again.commitment.id).not.toBe(first.commitment.id);
    expect(await commitmentsOf(requirementId)).toBe(2);
  });
});
