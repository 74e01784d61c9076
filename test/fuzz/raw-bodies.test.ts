import fc from 'fast-check';
import type pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/fixtures.js';
import { get, post, replyProblems, Tally, type Problem, type Reply } from './support/http.js';
import { mutationOperations, queryOperations } from './support/operations.js';
import { explainInternalErrors, fuzzAll, outcome, type FuzzProperty } from './support/run.js';
import { announce, FUZZ_RUNS, FUZZ_SERVER_ENV, seedFor } from './support/settings.js';
import { anyInt, anyText, randomOpaque, rawEscapes, wildNumber, wrongType } from './support/values.js';
import { changedTables, databaseDigest, fuzzPool } from './support/world.js';
import { encode, show, stringsIn } from './support/wire.js';

/*
 * What lies around the variables: the request envelope, the bytes of the body, the GraphQL
 * document itself, headers and GET requests. Anonymous or with credentials that are not valid,
 * so nothing may be written: the database is the same afterwards.
 */

const fx = useSeededServer('fuzz_raw_bodies', FUZZ_SERVER_ENV);
const tally = new Tally();
let db: pg.Pool;

const operations = [...queryOperations(), ...mutationOperations()];
const documents = operations.map((op) => op.document);

beforeAll(async () => {
  db = fuzzPool(fx, 2);
  announce('raw-bodies', `${operations.length} operations`);
}, 120_000);

afterAll(async () => {
  await db?.end();
});

interface RawCase {
  label: string;
  method: 'POST' | 'GET';
  body: string | Uint8Array;
  /** For GET: the query string. */
  search?: string;
  headers: Record<string, string>;
}

async function send(c: RawCase): Promise<Reply> {
  if (c.method === 'GET') return get(`${fx.server.graphqlUrl}?${c.search ?? ''}`, c.headers);
  return post(fx.server.graphqlUrl, c.body, c.headers);
}

function property(
  label: string,
  index: number,
  share: number,
  arbitrary: fc.Arbitrary<RawCase>,
): FuzzProperty<RawCase> {
  return {
    label,
    seed: seedFor(200 + index),
    numRuns: Math.max(1, Math.round(FUZZ_RUNS * share)),
    arbitrary,
    async run(c) {
      const reply = await send(c);
      tally.add(label, outcome(reply));
      const sent = [...stringsIn(typeof c.body === 'string' ? c.body : ''), c.search ?? ''];
      let problems: Problem[] = replyProblems(reply, sent, label);
      problems = await explainInternalErrors(reply, problems, () => fx.server.logs());
      return {
        problems,
        describe: () =>
          `${c.method} ${c.label} ${show(c.headers, 300)}\n  body: ${show(typeof c.body === 'string' ? c.body : `bytes ${Buffer.from(c.body).toString('hex')}`, 2500)}${c.search ? `\n  search: ${show(c.search, 1500)}` : ''}\n  HTTP ${reply.status}: ${show(reply.json ?? reply.text, 2000)}`,
      };
    },
  };
}

const JSON_HEADERS = { 'content-type': 'application/json' };

/** Credentials that are not valid, or none. */
const credentials: fc.Arbitrary<Record<string, string>> = fc.oneof(
  { weight: 4, arbitrary: fc.constant({}) },
  fc.constantFrom<Record<string, string>>(
    { authorization: 'Bearer cbt_not-a-token' },
    { authorization: 'Bearer ' },
    { authorization: 'Basic dXNlcjpwYXNz' },
    { authorization: 'bearer    cbt_x  y' },
    { authorization: `Bearer ${'a'.repeat(8000)}` },
    { cookie: 'cobuild_session=not-a-session' },
    { cookie: 'cobuild_session=' },
    { cookie: 'cobuild_session=%E0%A4%A; other=1' },
    { cookie: `cobuild_session=${'x'.repeat(4000)}` },
  ),
  randomOpaque.map((t) => ({ authorization: `Bearer ${t}` })),
  randomOpaque.map((t) => ({ cookie: `cobuild_session=${t}` })),
);

/** Variables for a document: its own hostile ones, or any JSON at all. */
const someVariables: fc.Arbitrary<unknown> = fc.oneof(
  fc.constant(undefined),
  fc.constant(null),
  fc.dictionary(
    fc.constantFrom('input', 'id', 'ids', 'first', 'after', 'filter', 'x'),
    fc.oneof(anyText, anyInt, wildNumber, wrongType, rawEscapes),
    {
      maxKeys: 3,
    },
  ),
  wrongType,
  anyText,
);

const envelope = fc.record(
  {
    query: fc.oneof({ weight: 5, arbitrary: fc.constantFrom(...documents) }, anyText, wrongType, rawEscapes),
    variables: someVariables,
    operationName: fc.oneof(fc.constant('Fuzz'), fc.constant(null), anyText, wrongType),
    extensions: fc.oneof(
      fc.constant({}),
      fc.constant(null),
      fc.record({
        persistedQuery: fc.record({
          version: fc.oneof(fc.constant(1), anyInt),
          sha256Hash: fc.oneof(randomOpaque, anyText),
        }),
      }),
      wrongType,
    ),
    [`extra`]: fc.oneof(anyText, wrongType),
  },
  { requiredKeys: [] },
);

const envelopes = fc
  .record({
    body: fc.oneof({ weight: 6, arbitrary: envelope }, fc.array(envelope, { maxLength: 4 }), wrongType, anyText),
    headers: credentials,
  })
  .map(({ body, headers }): RawCase => ({
    label: 'envelope',
    method: 'POST',
    body: encode(body),
    headers: { ...JSON_HEADERS, ...headers },
  }));

/** Bytes that are not quite UTF-8 JSON. */
const INVALID_UTF8 = [
  [0xff],
  [0xc3, 0x28],
  [0xc0, 0xaf],
  [0xed, 0xa0, 0x80],
  [0xf4, 0x90, 0x80, 0x80],
  [0xe2, 0x82],
  [0x00],
  [0xfe, 0xff],
];
const bytes = fc
  .record({
    doc: fc.constantFrom(...documents.slice(0, 12)),
    kind: fc.constantFrom(
      'invalid-utf8',
      'bom',
      'truncated',
      'nesting',
      'duplicate-keys',
      'many-keys',
      'whitespace',
      'nul-outside',
    ),
    at: fc.nat(),
    bad: fc.constantFrom(...INVALID_UTF8),
    depth: fc.constantFrom(10, 100, 1000, 10_000, 100_000, 400_000),
  })
  .map(({ doc, kind, at, bad, depth }): RawCase => {
    const text = encode({ query: doc, variables: { id: 'x', first: 5 } });
    const viewer = '"query":"{ viewer { user { id } } }"';
    const bodies: Record<string, () => string | Uint8Array> = {
      'invalid-utf8': () => {
        const buf = Buffer.from(text);
        const i = at % buf.length;
        return Buffer.concat([buf.subarray(0, i), Buffer.from(bad), buf.subarray(i)]);
      },
      bom: () => `\ufeff${text}`,
      truncated: () => text.slice(0, at % text.length),
      nesting: () => `{${viewer},"variables":{"x":${'['.repeat(depth)}${']'.repeat(depth)}}}`,
      'duplicate-keys': () => `{${viewer},"query":${JSON.stringify(doc)},"variables":{"a":1,"a":{"b":2}}}`,
      'many-keys': () =>
        `{${viewer},"variables":{${Array.from({ length: Math.min(depth, 60_000) }, (_, i) => `"k${i}":${i}`).join(',')}}}`,
      whitespace: () => `${' \n\t\r'.repeat(at % 50)}${text}${'\u00a0'.repeat(at % 3)}`,
      'nul-outside': () => `${text.slice(0, -1)}\u0000}`,
    };
    const body = bodies[kind]();
    return { label: `bytes ${kind}`, method: 'POST', body, headers: JSON_HEADERS };
  });

/** GraphQL documents: valid ones cut, spliced and spiked, deep, wide, with literals of every kind. */
const TOKENS = [
  '{',
  '}',
  '(',
  ')',
  '[',
  ']',
  ':',
  '$',
  '!',
  '@',
  '...',
  '=',
  '|',
  '&',
  '#',
  '"',
  '"""',
  'query',
  'mutation',
  'subscription',
  'fragment',
  'on',
  'null',
  'true',
  '1e999',
  '-0',
  '0x1',
  '__schema',
  '__type',
  '__typename',
  'node',
  'id',
];
const literal = fc.oneof(
  fc.constantFrom(
    '"\\ud800"',
    '"\\udc00x"',
    '"\\u0000"',
    '"a\\u202eb"',
    '"\\uD83D\\uDE00"',
    '"""\\ud800"""',
    '"\\x"',
    '"unterminated',
    '99999999999999999999',
    '-2147483649',
    '1.5',
    '1e3',
    'NaN',
    'null',
    '[1, "a", null]',
    '{ a: 1 }',
    '$undefined',
    'ENUM_VALUE',
  ),
  anyText.map((t) => JSON.stringify(t)),
  anyInt.map(String),
);
const documentArb = fc.oneof(
  fc
    .tuple(fc.constantFrom(...documents), fc.nat(), fc.nat())
    .map(([d, a, b]) => d.slice(Math.min(a, b) % d.length, Math.max(a, b) % (d.length + 1))),
  fc.tuple(fc.constantFrom(...documents), fc.nat(), fc.oneof(fc.constantFrom(...TOKENS), literal)).map(([d, at, t]) => {
    const i = at % d.length;
    return `${d.slice(0, i)} ${t} ${d.slice(i)}`;
  }),
  literal.map((l) => `{ projects(first: ${l}, filter: { text: ${l} }) { totalCount } node(id: ${l}) { id } }`),
  literal.map(
    (l) =>
      `mutation { publishResource(input: { organizationId: ${l}, kind: VENUE, unit: SESSION, capacity: ${l}, titleZh: ${l}, titleEn: "x" }) { userErrors { code } } }`,
  ),
  literal.map((l) => `query($v: Int = ${l}) { projects(first: $v) { totalCount } }`),
  fc
    .constantFrom(10, 11, 50, 500, 5000)
    .map((n) => `{ ${'regions { nodes { children { nodes { '.repeat(n)}id${' } } } }'.repeat(n)} }`),
  fc
    .constantFrom(16, 100, 1000)
    .map((n) => `{ ${Array.from({ length: n }, (_, i) => `a${i}: __typename`).join(' ')} }`),
  fc.constantFrom(21, 200).map((n) => `{ __typename ${'@skip(if: false) '.repeat(n)} }`),
  fc.constantFrom(2, 100).map((n) => `${Array.from({ length: n }, (_, i) => `query Q${i} { __typename }`).join(' ')}`),
  fc.constant('fragment A on Query { ...B } fragment B on Query { ...A } { ...A }'),
  fc.constant('subscription { regionActivity(regionId: "x") { cursor } }'),
  fc.constant('{ __schema { types { name fields { name args { name type { name } } } } } }'),
  fc.array(fc.constantFrom(...TOKENS), { maxLength: 40 }).map((t) => t.join(' ')),
  fc.string({ unit: 'binary', maxLength: 200 }),
);
const documentCases = fc
  .record({ query: documentArb, variables: fc.oneof(fc.constant({}), someVariables), headers: credentials })
  .map(({ query, variables, headers }): RawCase => ({
    label: 'document',
    method: 'POST',
    body: encode({ query, variables }),
    headers: { ...JSON_HEADERS, ...headers },
  }));

/** Content types, methods and GET. */
const transport = fc.oneof(
  fc
    .record({
      contentType: fc.constantFrom(
        'application/json; charset=utf-8',
        'application/json; charset=latin1',
        'application/json;charset=UTF-16',
        'application/graphql',
        'application/graphql-response+json',
        'application/x-www-form-urlencoded',
        'multipart/form-data; boundary=x',
        'text/plain',
        'application/jsonx',
        '',
        '*/*',
      ),
      accept: fc.constantFrom(
        'application/json',
        'application/graphql-response+json',
        'text/html',
        '*/*',
        'application/xml',
        '',
      ),
      doc: fc.constantFrom(...documents.slice(0, 12)),
      csrf: fc.boolean(),
    })
    .map(({ contentType, accept, doc, csrf }): RawCase => ({
      label: 'content type',
      method: 'POST',
      body: encode({ query: doc, variables: {} }),
      headers: { 'content-type': contentType, accept, ...(csrf ? { 'apollo-require-preflight': 'true' } : {}) },
    })),
  fc
    .record({
      query: fc.oneof(fc.constantFrom(...documents.slice(0, 12)), documentArb),
      variables: fc.oneof(
        fc.constant(undefined),
        anyText,
        someVariables.map((v) => encode(v)),
      ),
      csrf: fc.boolean(),
      headers: credentials,
    })
    .map(({ query, variables, csrf, headers }): RawCase => {
      const search = new URLSearchParams({ query, ...(typeof variables === 'string' ? { variables } : {}) }).toString();
      return {
        label: 'GET',
        method: 'GET',
        body: '',
        search,
        headers: { ...headers, ...(csrf ? { 'apollo-require-preflight': 'true' } : {}) },
      };
    }),
);

describe('fuzzing around the variables', () => {
  it('never answers 5xx or leaks internals, codes every error, and writes nothing', async () => {
    const before = await databaseDigest(db);
    await fuzzAll(
      [
        property('envelope', 0, 1.2, envelopes),
        property('bytes', 1, 0.6, bytes),
        property('document', 2, 1.6, documentCases),
        property('transport', 3, 0.6, transport),
      ],
      tally,
    );
    expect(changedTables(before, await databaseDigest(db))).toEqual([]);
  }, 900_000);

  it('logged no unexpected error', () => {
    const errors = fx.server.logs().filter((l) => l.level >= 50);
    expect(errors.map((l) => ({ msg: l.msg, err: (l.err as { message?: string })?.message }))).toEqual([]);
  });
});
