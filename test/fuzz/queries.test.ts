import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/fixtures.js';
import { gql } from '../support/graphql.js';
import { Tally } from './support/http.js';
import { queryOperations, SCHEMA, type Operation } from './support/operations.js';
import { accepted, describeCase, fuzzAll, outcome, sendCase, type Case, type FuzzProperty } from './support/run.js';
import { announce, FUZZ_RUNS, FUZZ_SERVER_ENV, seedFor } from './support/settings.js';
import { ACTORS, buildLane, changedTables, databaseDigest, fuzzPool, type Actor, type Lane } from './support/world.js';

/*
 * Every Query field with hostile arguments (and the nested lists of every node type), as every
 * caller. Queries write nothing: the whole database is the same after the run as before it.
 */

const fx = useSeededServer('fuzz_queries', FUZZ_SERVER_ENV);
const operations = queryOperations();
const tally = new Tally();
let db: pg.Pool;
let lanes: Lane[];

beforeAll(async () => {
  db = fuzzPool(fx, 4);
  lanes = await Promise.all([0, 1].map((i) => buildLane(fx, db, 'Q', i)));
  // The demo's objects too: IDs and cursors of organizations the fuzz's callers have nothing to do with.
  const demo = await gql<any>(
    fx.server.graphqlUrl,
    `{ projects(first: 30) { edges { cursor node { __typename id requirements { nodes { __typename id } } } } }
       organizations(first: 30) { edges { cursor node { __typename id } } }
       needs(first: 30) { edges { cursor node { __typename id } } }
       resources(first: 30) { edges { cursor node { __typename id } } }
       regions(first: 30) { edges { cursor node { __typename id } } }
       activity(first: 30) { edges { cursor node { __typename id } } } }`,
  );
  for (const lane of lanes) lane.pools.harvest(demo.data);
  announce('queries', `${operations.length} query operations`);
}, 120_000);

afterAll(async () => {
  await db?.end();
});

function queryProperty(
  op: Operation,
  index: number,
): FuzzProperty<{ actor: Actor; variables: Record<string, unknown> }> {
  const lane = lanes[index % lanes.length];
  return {
    label: `query ${op.name}`,
    seed: seedFor(100 + index),
    numRuns: FUZZ_RUNS,
    arbitrary: fc.record({ actor: fc.constantFrom(...ACTORS), variables: op.variables(lane.pools) }),
    async run({ actor, variables }) {
      const c: Case = { operation: op, actor, variables, headers: await lane.headers(actor) };
      const sent = await sendCase(fx.server.graphqlUrl, c, () => fx.server.logs());
      tally.add(op.name, outcome(sent.reply));
      const data = accepted(c, sent.reply);
      if (data !== undefined) lane.pools.harvest(data);
      return { problems: sent.problems, describe: () => describeCase(c, sent.reply) };
    },
  };
}

describe('fuzzing every query', () => {
  it('covers every Query field of schema/schema.graphql', () => {
    const fuzzed = new Set(operations.map((op) => op.name));
    expect(Object.keys(SCHEMA.getQueryType()!.getFields()).filter((name) => !fuzzed.has(name))).toEqual([]);
  });

  it('never answers 5xx or leaks internals, codes every error, and writes nothing', async () => {
    const before = await databaseDigest(db);
    await fuzzAll(
      operations.map((op, i) => queryProperty(op, i)),
      tally,
    );
    expect(changedTables(before, await databaseDigest(db))).toEqual([]);
    for (const op of operations) expect(tally.total(op.name), op.name).toBeGreaterThan(0);
  }, 900_000);

  it('logged no unexpected error', () => {
    const errors = fx.server.logs().filter((l) => l.level >= 50);
    expect(errors.map((l) => ({ msg: l.msg, err: (l.err as { message?: string })?.message }))).toEqual([]);
  });
});
