import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import {
  buildSchema,
  getNamedType,
  isNonNullType,
  isObjectType,
  type GraphQLField,
  type GraphQLObjectType,
} from 'graphql';
import WebSocket from 'ws';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PARTNER_TOKEN } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
import { LiveSocket } from '../support/live.js';
import { JINGAN, lookup } from '../support/lookup.js';

/**
 * What an attacker would send, all against one server while a plain query keeps being asked:
 * each is refused with its code within a bounded time, and the plain query is answered within
 * 1 s throughout.
 */
const fx = useSeededServer('abuse_battery');
const schema = buildSchema(fs.readFileSync(new URL('../../schema/schema.graphql', import.meta.url), 'utf8'));
let jingan: string;

// The concurrent plain query, asked every 100 ms for the whole file from a process of its
// own (the battery's own work in this process must not delay the measurement).
const PROBE = `
  const url = process.argv[1];
  let stop = false;
  process.stdin.on('data', () => (stop = true));
  (async () => {
    while (!stop) {
      const started = performance.now();
      let ok = false;
      try {
        const res = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ query: '{ projects(first: 3) { totalCount nodes { id } } }' }) });
        ok = res.status === 200 && Boolean((await res.json()).data?.projects);
      } catch {}
      console.log(JSON.stringify({ at: Date.now(), ms: performance.now() - started, ok }));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();`;
let probe: ChildProcess;
let probeOutput = '';
const probes = () =>
  probeOutput
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line) as { at: number; ms: number; ok: boolean });

beforeAll(async () => {
  jingan = await lookup(fx.server.graphqlUrl).region(JINGAN);
  probe = spawn(process.execPath, ['-e', PROBE, fx.server.graphqlUrl], { stdio: ['pipe', 'pipe', 'inherit'] });
  probe.stdout!.on('data', (chunk: Buffer) => (probeOutput += chunk.toString('utf8')));
});

afterAll(async () => {
  probe.stdin!.end('stop');
  await new Promise((resolve) => probe.once('exit', resolve));
});

async function refused(query: string, variables: Record<string, unknown> = {}) {
  const started = performance.now();
  const res = await gql<any>(fx.server.graphqlUrl, query, variables);
  return { res, ms: performance.now() - started };
}

// ------------------------------------------------------------------------------------------
// The schema's cycles, found from the SDL: every pair of object fields A.f → B and B.g → A
// (a connection leads to its node type), reached from a root field.

interface Edge {
  from: GraphQLObjectType;
  to: GraphQLObjectType;
  /** The selection that follows the edge, with `{}` where the next selection goes. */
  wrap: (inner: string) => string;
}

function edgesOf(type: GraphQLObjectType): Edge[] {
  const edges: Edge[] = [];
  for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
    // Fields that need an argument the battery cannot make up are left out.
    if (field.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const named = getNamedType(field.type);
    if (!isObjectType(named)) continue;
    if (named.name.endsWith('Connection')) {
      const node = getNamedType(named.getFields().nodes?.type);
      if (isObjectType(node))
        edges.push({ from: type, to: node, wrap: (i) => `${field.name}(first: 100) { nodes { ${i} } }` });
    } else if (!named.name.endsWith('Edge') && named.name !== 'PageInfo') {
      edges.push({ from: type, to: named, wrap: (i) => `${field.name} { ${i} }` });
    }
  }
  return edges;
}

/** A path of edges from Query to every object type it reaches (breadth first: the shortest). */
function pathsFromRoot(): Map<string, Edge[]> {
  const paths = new Map<string, Edge[]>([['Query', []]]);
  const queue = [schema.getQueryType()!];
  while (queue.length) {
    const type = queue.shift()!;
    for (const edge of edgesOf(type)) {
      if (paths.has(edge.to.name)) continue;
      paths.set(edge.to.name, [...paths.get(type.name)!, edge]);
      queue.push(edge.to);
    }
  }
  return paths;
}

function cycles(): { name: string; query: string }[] {
  const paths = pathsFromRoot();
  const found: { name: string; query: string }[] = [];
  for (const [name, path] of paths) {
    if (name === 'Query') continue;
    const a = schema.getType(name) as GraphQLObjectType;
    for (const out of edgesOf(a)) {
      const loops: Edge[][] =
        out.to === a
          ? [[out]]
          : edgesOf(out.to)
              .filter((e) => e.to === a)
              .map((back) => [out, back]);
      for (const loop of loops) {
        // Around the loop until it is 12 levels deep, from the root.
        const steps: Edge[] = [...path];
        while (steps.length < 12) steps.push(...loop);
        const query = steps.reduceRight((inner, edge) => edge.wrap(inner), '__typename');
        found.push({ name: `${name} → ${loop.map((e) => e.to.name).join(' → ')}`, query: `{ ${query} }` });
      }
    }
  }
  return found;
}

describe('abuse battery', () => {
  it('refuses deep nesting through every cycle of the schema with QUERY_TOO_COMPLEX', async () => {
    const all = cycles();
    // Region.parent, Requirement → Commitment → Requirement, Project → Participant → Project, …
    expect(all.length).toBeGreaterThan(10);
    for (const { name, query } of all) {
      const { res, ms } = await refused(query);
      expect(errorCodes(res), `${name}: ${JSON.stringify(res.errors)}`).toEqual(['QUERY_TOO_COMPLEX']);
      expect(res.status, name).toBe(400);
      expect(ms, name).toBeLessThan(500);
    }
  });

  it('refuses the four-level attack in under 10 ms (median of 20)', async () => {
    const fourLevels = `{ projects(first: 100) { nodes { requirements(first: 100) { nodes {
      commitments(first: 100) { nodes { requirement { commitments(first: 100) { nodes { id quantity } } } } } } } } } }`;
    const times: number[] = [];
    for (let i = 0; i < 20; i++) {
      const { res, ms } = await refused(fourLevels);
      expect(errorCodes(res)).toEqual(['QUERY_TOO_COMPLEX']);
      times.push(ms);
    }
    times.sort((x, y) => x - y);
    console.log(`four-level attack refused in ${times[10].toFixed(1)} ms (median), ${times[19].toFixed(1)} ms (max)`);
    expect(times[10]).toBeLessThan(10);
  });

  it('refuses floods of aliases, root fields, operations and tokens, and fragments that cycle or double', async () => {
    const stats = (i: number) => `s${i}: regionStats(regionId: "${jingan}") { projects }`;
    const cases: [string, string, string?][] = [
      ['1,000 aliased regionStats', `{ ${Array.from({ length: 1_000 }, (_, i) => stats(i)).join(' ')} }`, 'tokens'],
      ['16 aliased regionStats', `{ ${Array.from({ length: 16 }, (_, i) => stats(i)).join(' ')} }`, 'aliases'],
      ['16 root fields', `{ ${Array.from({ length: 16 }, () => 'viewer { user { id } }').join(' ')} }`, 'rootFields'],
      [
        '500 operations in one document',
        Array.from({ length: 500 }, (_, i) => `query Q${i} { __typename }`).join('\n'),
        'tokens',
      ],
      [
        'fragments doubling 30 times',
        `{ projects(first: 1) { nodes { ...F0 } } }\n${Array.from({ length: 30 }, (_, i) => `fragment F${i} on Project { ...F${i + 1} ...F${i + 1} }`).join('\n')}\nfragment F30 on Project { id }`,
        'cost',
      ],
      [
        'first: 100 at every level',
        `{ projects(first: 100) { nodes { requirements(first: 100) { nodes { commitments(first: 100) { nodes { organization { id } } } } } } } }`,
        'cost',
      ],
    ];
    for (const [what, query, limit] of cases) {
      const { res, ms } = await refused(query);
      expect(errorCodes(res), what).toEqual(['QUERY_TOO_COMPLEX']);
      expect(res.errors![0].extensions!.limit, what).toBe(limit);
      expect(ms, what).toBeLessThan(500);
    }
    const cycle = await refused(`{ ...A } fragment A on Query { ...B } fragment B on Query { ...A }`);
    expect(errorCodes(cycle.res)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    expect(cycle.ms).toBeLessThan(500);
  });

  it('refuses huge variables and oversized bodies with their codes', async () => {
    // A search text longer than a filter takes.
    const long = await refused(`query($t: String) { projects(filter: { text: $t }) { totalCount } }`, {
      t: '公园'.repeat(100_000),
    });
    expect(errorCodes(long.res)).toEqual(['BAD_USER_INPUT']);
    expect(long.ms).toBeLessThan(1_000);
    // 900 KB of variables the operation does not declare: ignored, answered.
    const unused = await refused(`{ __typename }`, {
      ...Object.fromEntries(Array.from({ length: 30_000 }, (_, i) => [`v${i}`, 'x'.repeat(20)])),
    });
    expect(unused.res.status).toBe(200);
    // A variable nested 10,000 lists deep (no stack overflow while it is checked); sent as
    // raw JSON, which the test's own JSON.stringify could not produce.
    const deep = await fetch(fx.server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: `{"query":"query($x: [ID!]!) { nodes(ids: $x) { id } }","variables":{"x":${'['.repeat(10_000)}${']'.repeat(10_000)}}}`,
    });
    expect(deep.status).toBe(400);
    expect(((await deep.json()) as any).errors[0].extensions.code).toBe('BAD_USER_INPUT');
    // Bodies over MAX_BODY_BYTES.
    const big = await fetch(fx.server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }', variables: { x: 'y'.repeat(2_000_000) } }),
    });
    expect(big.status).toBe(413);
    expect(((await big.json()) as any).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('closes oversized WebSocket frames (1009) and sockets that never finish their handshake', async () => {
    const url = fx.server.graphqlUrl.replace(/^http/, 'ws');
    // A 2 MB frame before connection_init.
    const frame = new WebSocket(url, 'graphql-transport-ws');
    await new Promise((resolve, reject) => frame.once('open', resolve).once('error', reject));
    const frameClosed = new Promise<number>((resolve) => frame.once('close', (code) => resolve(code)));
    frame.send('x'.repeat(2_000_000));
    expect(await frameClosed).toBe(1009);

    // Slow handshakes: 50 upgrades whose headers never end, and 20 sockets that never send
    // connection_init. The first are cut after 10 s of headers, the others closed with 4408.
    const { hostname, port } = new URL(fx.server.url);
    const started = performance.now();
    const slow = Array.from(
      { length: 50 },
      () =>
        new Promise<number>((resolve) => {
          const socket = net.connect(Number(port), hostname, () => {
            socket.write(`GET /graphql HTTP/1.1\r\nHost: ${hostname}\r\nUpgrade: websocket\r\n`);
          });
          const drip = setInterval(() => socket.write('X-Slow: 1\r\n'), 1_000);
          socket.on('error', () => undefined);
          socket.once('close', () => {
            clearInterval(drip);
            resolve(performance.now() - started);
          });
        }),
    );
    const silent = Array.from({ length: 20 }, async () => {
      const ws = new WebSocket(url, 'graphql-transport-ws');
      ws.on('error', () => undefined);
      return new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    });
    const cut = await Promise.all(slow);
    expect(Math.max(...cut)).toBeLessThan(15_000);
    expect(await Promise.all(silent)).toEqual(Array(20).fill(4408));
  }, 30_000);

  it('serves 500 WebSockets at once, each authenticated and answering', async () => {
    const sockets = await Promise.all(
      Array.from({ length: 500 }, () => LiveSocket.open(fx.server.graphqlUrl, { token: DEMO_PARTNER_TOKEN })),
    );
    try {
      const subs = sockets.map((socket) => socket.subscribe('{ viewer { apiToken { name } } }'));
      await Promise.all(subs.map((sub) => sub.ended(10_000)));
      expect(subs.every((sub) => sub.results[0]?.data?.viewer?.apiToken?.name)).toBe(true);
    } finally {
      for (const socket of sockets) socket.close();
    }
  }, 60_000);

  it('kept answering the plain query within 1 s throughout', () => {
    const answers = probes();
    expect(answers.length).toBeGreaterThan(20);
    expect(answers.filter((a) => !a.ok)).toEqual([]);
    const max = Math.max(...answers.map((a) => a.ms));
    console.log(`plain query during the battery: ${answers.length} answers, max ${max.toFixed(0)} ms`);
    expect(max).toBeLessThan(1_000);
  });
});
