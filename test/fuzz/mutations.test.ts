import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/fixtures.js';
import { gql } from '../support/graphql.js';
import { Tally } from './support/http.js';
import { mutationOperations, type Operation } from './support/operations.js';
import { accepted, describeCase, fuzzAll, outcome, sendCase, type Case, type FuzzProperty } from './support/run.js';
import { announce, FUZZ_RUNS, FUZZ_SERVER_ENV, seedFor } from './support/settings.js';
import { checkInvariants } from './support/invariants.js';
import { ACTORS, buildLane, type Actor, changedTables, fuzzPool, laneDigest, type Lane } from './support/world.js';

/*
 * Every mutation of the schema, with hostile input, as a work unit's representative, a
 * committee admin, an API token and anonymously. Mutations are grouped in lanes that each have
 * a world of their own (fresh districts, organizations, people, objects); lanes run side by
 * side, the cases of a lane one after another, so a digest of the lane's rows before and after
 * each case tells exactly what the case wrote.
 */

const fx = useSeededServer('fuzz_mutations', FUZZ_SERVER_ENV);

/** Mutations that act on each other's objects share a lane; some appear in several. */
const LANES: string[][] = [
  ['commitResource', 'withdrawCommitment', 'confirmCommitment', 'markDelivered'],
  ['publishResource', 'updateResource', 'retireResource', 'commitResource'],
  ['addRequirement', 'updateRequirement', 'commitResource', 'withdrawCommitment'],
  ['createProject', 'updateProject', 'changeProjectStatus'],
  ['reportNeed', 'updateNeed', 'supportNeed'],
  ['inviteParticipant', 'joinProject', 'leaveProject', 'withdrawCommitment'],
  ['inviteMember', 'setMemberRole', 'removeMember', 'acceptInvitation'],
  ['login', 'logout', 'changePassword', 'createApiToken', 'revokeApiToken'],
];
/** Cases end sessions here: every case gets a fresh one. */
const SESSION_LANE = 7;
/** Each hashes a password (argon2): fewer cases, the same reach. */
const WEIGHT: Record<string, number> = { login: 0.5, changePassword: 0.5, acceptInvitation: 0.5 };

let db: pg.Pool;
let lanes: Lane[];
const tally = new Tally();
const operations = new Map(mutationOperations().map((op) => [op.name, op]));

beforeAll(async () => {
  db = fuzzPool(fx, 12);
  // Mutations the lanes above do not name yet (a new one in the schema) go to the last lane.
  const named = new Set(LANES.flat());
  for (const name of operations.keys()) if (!named.has(name)) LANES[LANES.length - 1].push(name);
  lanes = await Promise.all(LANES.map((_, i) => buildLane(fx, db, 'M', i)));
  announce('mutations', `${operations.size} mutations in ${LANES.length} lanes`);
}, 180_000);

afterAll(async () => {
  await db?.end();
});

function runsOf(name: string): number {
  const lanesWithIt = LANES.filter((l) => l.includes(name)).length;
  return (FUZZ_RUNS * (WEIGHT[name] ?? 1)) / lanesWithIt;
}

/** Who may call each mutation (README's access table) is called most; every other caller too. */
const LIKELY: Record<string, Actor> = {
  reportNeed: 'committeeAdmin',
  updateNeed: 'committeeAdmin',
  createProject: 'committeeAdmin',
  updateProject: 'committeeAdmin',
  changeProjectStatus: 'committeeAdmin',
  addRequirement: 'committeeAdmin',
  updateRequirement: 'committeeAdmin',
  inviteParticipant: 'committeeAdmin',
  confirmCommitment: 'committeeAdmin',
  inviteMember: 'committeeAdmin',
  setMemberRole: 'committeeAdmin',
  removeMember: 'committeeAdmin',
  createApiToken: 'committeeAdmin',
  revokeApiToken: 'committeeAdmin',
  changePassword: 'representative',
  logout: 'representative',
};

function actorFor(name: string): fc.Arbitrary<Actor> {
  const likely = LIKELY[name];
  return fc.oneof(
    ...ACTORS.map((actor) => ({
      weight: likely ? (actor === likely ? 5 : 1) : actor === 'representative' || actor === 'apiToken' ? 3 : 1,
      arbitrary: fc.constant(actor),
    })),
  );
}

interface MutationCase {
  name: string;
  actor: Actor;
  variables: Record<string, unknown>;
}

function laneProperty(lane: Lane, names: string[]): FuzzProperty<MutationCase> {
  const ops = names.map((n) => operations.get(n)!);
  const caseOf = (op: Operation) =>
    fc.record({ name: fc.constant(op.name), actor: actorFor(op.name), variables: op.variables(lane.pools) });
  const fresh = lane.index === SESSION_LANE;
  let before: Record<string, string> | null = null;

  return {
    label: `lane ${lane.index} (${names.join(', ')})`,
    seed: seedFor(lane.index),
    numRuns: Math.round(names.reduce((n, name) => n + runsOf(name), 0)),
    arbitrary: fc.oneof(
      ...ops.map((op) => ({ weight: Math.max(1, Math.round(runsOf(op.name))), arbitrary: caseOf(op) })),
    ),
    async run({ name, actor, variables }) {
      const c: Case = { operation: operations.get(name)!, actor, variables, headers: await lane.headers(actor, fresh) };
      if (before === null || fresh) before = await laneDigest(db, lane);
      const sent = await sendCase(fx.server.graphqlUrl, c, () => fx.server.logs());
      const after = await laneDigest(db, lane);
      const problems = [...sent.problems];
      const payload = accepted(c, sent.reply);
      tally.add(name, outcome(sent.reply));
      if (payload === undefined) {
        const changed = changedTables(before, after);
        if (changed.length) {
          problems.push({
            key: `a refused ${name} wrote ${changed.join(', ')}`,
            text: `refused, yet it wrote: ${changed.join(', ')}`,
          });
        }
      } else {
        lane.pools.harvest(payload);
      }
      before = after;
      if (payload !== undefined && (await lane.restoreActors())) before = null;
      if (problems.length) before = null;
      return { problems, describe: () => describeCase(c, sent.reply) };
    },
  };
}

describe('fuzzing every mutation', () => {
  it('covers every Mutation field of schema/schema.graphql', () => {
    const covered = new Set(LANES.flat());
    expect([...operations.keys()].filter((n) => !covered.has(n))).toEqual([]);
  });

  it("a lane's digest sees any write to its rows (so an unchanged digest means nothing was written)", async () => {
    const lane = lanes[0];
    const before = await laneDigest(db, lane);
    await db.query(`update resource set title_en = title_en || '!' where owner_id = $1`, [lane.rows.orgs.unit]);
    const after = await laneDigest(db, lane);
    await db.query(`update resource set title_en = left(title_en, -1) where owner_id = $1`, [lane.rows.orgs.unit]);
    expect(changedTables(before, after)).toEqual(['resource']);
    expect(await laneDigest(db, lane)).toEqual(before);
  });

  it('never answers 5xx or leaks internals, codes every error, and a refused mutation writes nothing', async () => {
    await fuzzAll(
      LANES.map((names, i) => laneProperty(lanes[i], names)),
      tally,
    );
    // The fuzz reached past validation: every mutation was accepted or refused by its own rules at least once.
    for (const name of operations.keys()) expect(tally.total(name), name).toBeGreaterThan(0);
  }, 900_000);

  it('afterwards, the fuzzed objects keep every invariant', async () => {
    const violations = await checkInvariants(db, fx.server.graphqlUrl, lanes);
    expect(violations).toEqual([]);
  }, 120_000);

  it('logged no unexpected error', async () => {
    // The server logs each masked error at level 50 with its requestId.
    const errors = fx.server.logs().filter((l) => l.level >= 50);
    expect(errors.map((l) => ({ msg: l.msg, err: (l.err as { message?: string })?.message }))).toEqual([]);
    // And the server still answers.
    const res = await gql(fx.server.graphqlUrl, '{ viewer { user { id } } }');
    expect(res.status).toBe(200);
  });
});
