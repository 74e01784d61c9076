import fs from 'node:fs';
import { getIntrospectionQuery } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
import { LiveSocket } from '../support/live.js';
import { JINGAN, lookup } from '../support/lookup.js';

const fx = useSeededServer('query_limits');
let jingan: string;

beforeAll(async () => {
  jingan = await lookup(fx.server.graphqlUrl).region(JINGAN);
});

/** The attack: requirement → commitments(first: 100) → requirement → …, four levels. */
const FOUR_LEVELS = `{ projects(first: 100) { nodes { requirements(first: 100) { nodes {
  commitments(first: 100) { nodes { requirement { commitments(first: 100) { nodes { id quantity } } } } } } } } } }`;

async function refused(query: string, variables: Record<string, unknown> = {}) {
  const started = performance.now();
  const res = await gql<any>(fx.server.graphqlUrl, query, variables);
  return { res, ms: performance.now() - started };
}

describe('query limits, checked before execution', () => {
  it('refuses the four-level attack with QUERY_TOO_COMPLEX at once, while the server keeps answering', async () => {
    const simple = gql<any>(fx.server.graphqlUrl, '{ projects(first: 1) { totalCount } }');
    const { res, ms } = await refused(FOUR_LEVELS);
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(res.errors![0].extensions).toMatchObject({ limit: 'cost', maximum: 25_000 });
    expect(res.errors![0].extensions!.value).toBeGreaterThan(1_000_000);
    expect(res.data).toBeUndefined();
    // Nothing was executed: the answer is immediate (the server's own time is far below this).
    expect(ms).toBeLessThan(200);
    expect((await simple).data.projects.totalCount).toBeGreaterThan(0);
  });

  it('names each limit: depth, aliases, root fields, directives, tokens', async () => {
    const nested = `{ projects(first: 1) { nodes { requirements(first: 1) { nodes { project { requirements(first: 1) {
      nodes { project { region { parent { parent { id } } } } } } } } } } } }`;
    const aliases = `{ ${Array.from({ length: 16 }, (_, i) => `s${i}: regionStats(regionId: "${jingan}") { projects coverage }`).join(' ')} }`;
    const roots = `{ ${Array.from({ length: 16 }, () => '__typename projects(first: 1) { totalCount }').join(' ')} }`;
    const directives = `{ projects(first: 1) { ${Array.from({ length: 21 }, () => 'totalCount @include(if: true)').join(' ')} } }`;
    const tokens = `{ ${Array.from({ length: 1_100 }, () => '__typename').join(' ')} }`.replace('{ ', '{ a: ');
    const cases: [string, string][] = [
      [nested, 'depth'],
      [aliases, 'aliases'],
      [roots, 'rootFields'],
      [directives, 'directives'],
      [`${tokens} ${tokens}`, 'tokens'],
    ];
    for (const [query, limit] of cases) {
      const { res } = await refused(query);
      expect(errorCodes(res), limit).toEqual(['QUERY_TOO_COMPLEX']);
      expect(res.errors![0].extensions!.limit).toBe(limit);
      expect(res.status).toBe(400);
    }
  });

  it('measures fragments as often as they are spread, and bounds fragments that multiply', async () => {
    const levels = Array.from({ length: 30 }, (_, i) => `fragment F${i} on Project { ...F${i + 1} ...F${i + 1} }`).join(
      '\n',
    );
    const doubling = `{ projects(first: 1) { nodes { ...F0 } } }\n${levels}\nfragment F30 on Project { id }`;
    const { res, ms } = await refused(doubling);
    expect(errorCodes(res)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(ms).toBeLessThan(500);
  });

  it("lets a committee's dashboard (W1 at first: 100), introspection and the README queries through", async () => {
    const w1 = fs.readFileSync(new URL('../bench/w1.graphql', import.meta.url), 'utf8');
    const dashboard = await gql<any>(fx.server.graphqlUrl, w1, { regionId: jingan, first: 100 });
    expect(errorCodes(dashboard), JSON.stringify(dashboard.errors)).toEqual([]);
    const introspection = await gql<any>(fx.server.graphqlUrl, getIntrospectionQuery({ descriptions: true }));
    expect(errorCodes(introspection), JSON.stringify(introspection.errors)).toEqual([]);
    const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    for (const [, query] of readme.matchAll(/```graphql\n([\s\S]*?)```/g)) {
      if (/^\s*(mutation|subscription)/m.test(query)) continue;
      const res = await gql<any>(fx.server.graphqlUrl, query, { regionId: jingan });
      expect(
        errorCodes(res).filter((c) => c === 'QUERY_TOO_COMPLEX'),
        query,
      ).toEqual([]);
    }
  });

  it('applies the same limits to operations over WebSocket', async () => {
    const socket = await LiveSocket.open(fx.server.graphqlUrl, {
      headers: await sessionHeaders(fx.db, 'district.admin@cobuild.demo'),
    });
    try {
      const aliases = Array.from({ length: 16 }, (_, i) => `a${i}: cursor`).join(' ');
      const subscription = socket.subscribe(`subscription($r: ID!) { regionActivity(regionId: $r) { ${aliases} } }`, {
        r: jingan,
      });
      await subscription.ended();
      expect(subscription.errors?.map((e: any) => e.extensions.code)).toEqual(['QUERY_TOO_COMPLEX']);
      const query = socket.subscribe(FOUR_LEVELS);
      await query.ended();
      expect(query.errors?.map((e: any) => [e.extensions.code, e.extensions.limit])).toEqual([
        ['QUERY_TOO_COMPLEX', 'cost'],
      ]);
    } finally {
      socket.close();
    }
  });
});

describe('WebSocket messages', () => {
  it('are capped like an HTTP body: a larger frame closes the connection with 1009, before connection_init too', async () => {
    const WebSocket = (await import('ws')).default;
    const ws = new WebSocket(fx.server.graphqlUrl.replace(/^http/, 'ws'), 'graphql-transport-ws');
    await new Promise((resolve, reject) => {
      ws.once('open', resolve);
      ws.once('error', reject);
    });
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('x'.repeat(1_000_001));
    expect(await closed).toBe(1009);
    // The server answers as before.
    const res = await gql<any>(fx.server.graphqlUrl, '{ projects(first: 1) { totalCount } }');
    expect(res.data.projects.totalCount).toBeGreaterThan(0);
  });
});
