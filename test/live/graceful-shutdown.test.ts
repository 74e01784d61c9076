import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders } from '../support/accounts.js';
import { gql } from '../support/graphql.js';
import { LiveSocket, REGION_ACTIVITY } from '../support/live.js';
import { JINGAN, lookup } from '../support/lookup.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { startServer, type TestServer } from '../support/server.js';

let db: TestDatabase;
let server: TestServer;

beforeAll(async () => {
  db = await createTestDatabase('live_shutdown');
  server = await startServer({ DATABASE_URL: db.url, SEED_DEMO: 'true', SHUTDOWN_DELAY_MS: '1500' });
});

afterAll(async () => {
  await server?.stop('SIGKILL');
  await db?.drop();
});

describe('graceful shutdown on SIGTERM', () => {
  it('turns unready first, keeps serving meanwhile, closes WebSockets with 1001, then exits 0', async () => {
    const socket = await LiveSocket.open(server.graphqlUrl, {
      headers: await sessionHeaders(db, 'district.admin@cobuild.demo'),
    });
    const sub = socket.subscribe(REGION_ACTIVITY, { r: await lookup(server.graphqlUrl).region(JINGAN) });
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    const signalled = Date.now();
    const exited = server.stop('SIGTERM');
    // The load balancer sees the instance unready while it still answers.
    await expect.poll(async () => (await fetch(`${server.url}/readyz`)).status, { timeout: 1_000 }).toBe(503);
    expect(await (await fetch(`${server.url}/readyz`)).json()).toEqual({
      status: 'not ready',
      reason: 'shutting down',
    });
    const during = await gql(server.graphqlUrl, '{ projects(first: 1) { totalCount } }');
    expect(during.errors).toBeUndefined();
    expect(sub.completed).toBe(false);
    // Then the socket is closed with "going away", so its client reconnects elsewhere.
    const closed = await socket.closed;
    expect(closed.code).toBe(1001);
    expect(Date.now() - signalled).toBeGreaterThanOrEqual(1_400);
    expect(await exited).toBe(0);
    await expect(fetch(`${server.url}/healthz`)).rejects.toThrow();
    const logs = server.logs().map((l) => l.msg);
    expect(logs).toContain('shutting down');
    expect(logs.some((m) => /error|failed/i.test(m))).toBe(false);
  });
});
