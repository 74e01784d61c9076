import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_PARTNER_TOKEN, sessionHeaders, type Headers } from '../support/accounts.js';
import { gql, type GraphQLResponse } from '../support/graphql.js';
import { LiveSocket } from '../support/live.js';
import { JINGHU, lookup } from '../support/lookup.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { startServer, type TestServer } from '../support/server.js';
import { TcpProxy } from '../support/tcp-proxy.js';

// The server reaches PostgreSQL through a proxy the test can stop and freeze.
const TIMEOUTS = { DB_STATEMENT_TIMEOUT_MS: '1000', DB_ACQUIRE_TIMEOUT_MS: '1000' };
const PUBLISH = `mutation($i: PublishResourceInput!) { publishResource(input: $i) { resource { id titleEn } userErrors { code } } }`;
const READ = `{ projects(first: 5) { totalCount nodes { id } } }`;

let db: TestDatabase;
let proxy: TcpProxy;
let server: TestServer;
let rep: Headers;
let jinghu: string;

beforeAll(async () => {
  db = await createTestDatabase('database_faults');
  proxy = await TcpProxy.open(db.url);
  server = await startServer({ DATABASE_URL: proxy.url(db.url), SEED_DEMO: 'true', ...TIMEOUTS });
  rep = await sessionHeaders(db, 'rep.water@cobuild.demo');
  jinghu = await lookup(server.graphqlUrl).organization(JINGHU);
});

afterAll(async () => {
  await server?.stop();
  await proxy?.stop();
  await db?.drop();
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function readyz(): Promise<{ status: number; body: string; ms: number }> {
  const started = performance.now();
  const res = await fetch(`${server.url}/readyz`);
  return { status: res.status, body: await res.text(), ms: performance.now() - started };
}

/** What a caller sees while the database cannot serve. */
function expectUnavailable(res: GraphQLResponse) {
  expect(res.status).toBe(503);
  expect(res.headers.get('retry-after')).toBe('5');
  expect(res.errors?.length).toBeGreaterThan(0);
  for (const error of res.errors!) {
    expect(error.extensions).toMatchObject({ code: 'SERVICE_UNAVAILABLE', retryAfter: 5 });
    expect(error.extensions!.requestId).toBe(res.headers.get('x-request-id'));
    expect(JSON.stringify(error)).not.toMatch(/ECONNREFUSED|127\.0\.0\.1|\bat\s/);
  }
}

describe('database faults', () => {
  it('answers SERVICE_UNAVAILABLE while PostgreSQL is down, logs each once, and recovers without a restart', async () => {
    let k = 0;
    const writes = new Map<string, GraphQLResponse<any>>();
    const statuses = new Map<number, number>();
    const responses: GraphQLResponse<any>[] = [];
    const publish = (title: string) =>
      gql<any>(
        server.graphqlUrl,
        PUBLISH,
        {
          i: {
            organizationId: jinghu,
            kind: 'VOLUNTEER_HOURS',
            unit: 'PERSON_HOUR',
            capacity: 10,
            titleZh: title,
            titleEn: title,
            idempotencyKey: title,
          },
        },
        rep,
      );
    let loading = true;
    // Reads and writes keep coming while the database goes away and comes back.
    const load = Promise.all(
      [0, 1, 2, 3].map(async (client) => {
        while (loading) {
          const title = `Fault load ${client}-${++k}`;
          const res = client % 2 ? await gql<any>(server.graphqlUrl, READ) : await publish(title);
          statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
          responses.push(res);
          if (!(client % 2)) writes.set(title, res);
        }
      }),
    );
    await sleep(500);
    await proxy.stop();
    await sleep(1_500);

    const down = await readyz();
    expect(down.status).toBe(503);
    expect(JSON.parse(down.body)).toEqual({ status: 'not ready', reason: 'database unavailable' });
    expect(down.body).not.toMatch(/127\.0\.0\.1|5432|ECONN/);
    const read = await gql<any>(server.graphqlUrl, READ);
    expectUnavailable(read);
    const write = await gql<any>(server.graphqlUrl, PUBLISH, { i: { organizationId: jinghu } }, rep);
    expectUnavailable(write);
    // A new WebSocket cannot be authenticated: 1013, try again later.
    await expect(LiveSocket.open(server.graphqlUrl, { token: DEMO_PARTNER_TOKEN })).rejects.toThrow(
      'closed with 1013 before connection_ack',
    );

    await proxy.start();
    // Recovers by itself: the pool makes new connections.
    let back: GraphQLResponse<any> | undefined;
    for (let i = 0; i < 50 && back?.status !== 200; i++) {
      await sleep(200);
      back = await gql<any>(server.graphqlUrl, READ);
    }
    expect(back!.status).toBe(200);
    await sleep(500);
    loading = false;
    await load;
    expect((await readyz()).status).toBe(200);

    // Every answer was a success or a coded 503; never a 500, nor an error in a 200.
    expect([...statuses.keys()].sort()).toEqual([200, 503]);
    for (const res of responses) {
      if (res.status === 503) expectUnavailable(res);
      else expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
    }
    // Each refused request has exactly one log line, with its request id; nothing else is
    // logged as an error, and nothing reaches the console outside the JSON log.
    const logged = server.logs().filter((l) => l.msg === 'database unavailable');
    for (const res of responses.filter((r) => r.status === 503)) {
      const id = res.headers.get('x-request-id');
      expect(logged.filter((l) => l.requestId === id)).toHaveLength(1);
    }
    expect(server.logs().filter((l) => l.level >= 50 && l.msg !== 'database unavailable' && l.requestId)).toEqual([]);
    expect(
      server
        .output()
        .split('\n')
        .filter((l) => l && !l.startsWith('{')),
    ).toEqual([]);

    // A write answered 503 may or may not have committed (the answer can be lost after the
    // commit): retried with its idempotency key, each has happened exactly once.
    for (const [title, res] of writes) {
      if (res.status === 200) continue;
      const retried = await publish(title);
      expect(retried.status).toBe(200);
      expect(retried.data.publishResource.resource.titleEn).toBe(title);
    }
    const rows = await db.query<{ title_en: string }>(
      `select title_en from resource where title_en like 'Fault load %'`,
    );
    expect(rows.map((r) => r.title_en).sort()).toEqual([...writes.keys()].sort());
  }, 60_000);

  it('bounds every wait on a frozen database: requests and /readyz answer in time, then recover', async () => {
    proxy.freeze();
    try {
      const started = performance.now();
      const [read, write, ready] = await Promise.all([
        gql<any>(server.graphqlUrl, READ),
        gql<any>(server.graphqlUrl, PUBLISH, { i: { organizationId: jinghu } }, rep),
        readyz(),
      ]);
      // Statement 1 s (+2 s for a server that sends nothing), connection 1 s: well under 10 s.
      expect(performance.now() - started).toBeLessThan(8_000);
      expectUnavailable(read);
      expectUnavailable(write);
      expect(ready.status).toBe(503);
      expect(ready.ms).toBeLessThan(3_000);
    } finally {
      proxy.thaw();
    }
    let back: GraphQLResponse<any> | undefined;
    for (let i = 0; i < 50 && back?.status !== 200; i++) {
      await sleep(200);
      back = await gql<any>(server.graphqlUrl, READ);
    }
    expect(back!.status).toBe(200);
  }, 60_000);

  it('waits for a database that is not there yet at start, and gives up after DB_START_TIMEOUT_MS', async () => {
    await proxy.stop();
    const starting = startServer({
      DATABASE_URL: proxy.url(db.url),
      SEED_DEMO: 'false',
      DB_START_TIMEOUT_MS: '30000',
      ...TIMEOUTS,
    });
    await sleep(2_000);
    await proxy.start();
    const late = await starting;
    try {
      expect(late.logs().some((l) => l.msg === 'waiting for the database')).toBe(true);
      expect((await gql<any>(late.graphqlUrl, READ)).status).toBe(200);
    } finally {
      await late.stop();
    }

    await proxy.stop();
    const started = Date.now();
    const failed = await startServer({ DATABASE_URL: proxy.url(db.url), DB_START_TIMEOUT_MS: '1500' }).then(
      () => null,
      (error: Error) => error.message,
    );
    expect(failed).toMatch(/server exited with 1 before listening/);
    expect(failed).toMatch(/Cobuild failed to start/);
    expect(Date.now() - started).toBeLessThan(15_000);
    await proxy.start();
  }, 90_000);
});
