import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders, type Headers } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { listFactories } from '../support/lists.js';
import { LiveSocket, REGION_ACTIVITY } from '../support/live.js';
import { JINGAN, lookup } from '../support/lookup.js';
import { startServer, type TestServer } from '../support/server.js';

// Instance A is the fixture's server; B is a second process on the same database.
const fx = useSeededServer('live_instances');
const make = listFactories(fx);
let b: TestServer;
let districtAdmin: Headers;
let jingan: string;

beforeAll(async () => {
  b = await startServer({ DATABASE_URL: fx.db.url, SEED_DEMO: 'false' });
  districtAdmin = await sessionHeaders(fx.db, 'district.admin@cobuild.demo');
  jingan = await lookup(fx.server.graphqlUrl).region(JINGAN);
});

afterAll(async () => {
  await b?.stop();
});

const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString('utf8').split(':')[1];
const settle = (ms = 300) => new Promise((resolve) => setTimeout(resolve, ms));

/** Ids of the region's events after `afterId` (exclusive), in event order, as the table holds them. */
async function tableEventsAfter(afterId: string | null): Promise<string[]> {
  const rows = await fx.db.query<{ id: string }>(
    `select a.id from activity a where a.region_path like '%/' || $1 || '/%'
       and a.subject_type not in ('Membership', 'Invitation', 'ApiToken') order by a.xid, a.id`,
    [JINGAN],
  );
  const ids = rows.map((r) => r.id);
  return afterId === null ? ids : ids.slice(ids.indexOf(afterId) + 1);
}

describe('across server instances on one database', () => {
  it('delivers to a subscriber on B what is written through A within a second', async () => {
    const socket = await LiveSocket.open(b.graphqlUrl, { headers: districtAdmin });
    try {
      const sub = socket.subscribe(REGION_ACTIVITY, { r: jingan });
      await settle(200);
      const latencies: number[] = [];
      for (let i = 0; i < 5; i++) {
        const started = Date.now();
        await make.resource();
        await sub.waitFor(i + 1, 1_000);
        latencies.push(Date.now() - started);
      }
      expect(Math.max(...latencies)).toBeLessThan(1_000);
      expect(sub.events().map((e) => e.activity.type)).toEqual(Array(5).fill('resource.published'));
    } finally {
      socket.close();
    }
  });

  it('reconnects a dropped listener connection and catches up from the table', async () => {
    const socket = await LiveSocket.open(b.graphqlUrl, { headers: districtAdmin });
    try {
      const sub = socket.subscribe(REGION_ACTIVITY, { r: jingan });
      await settle(200);
      // Every instance's dedicated LISTEN connection is cut.
      const cut = await fx.db.query(
        `select pg_terminate_backend(pid) from pg_stat_activity
         where datname = current_database() and application_name = 'cobuild-activity-listener'`,
      );
      expect(cut).toHaveLength(2);
      const written = [await make.resource(), await make.resource()];
      await sub.waitFor(2, 5_000);
      expect(sub.events().map((e) => e.activity.subject.id)).toEqual(written);
      const logs = b.logs().map((l) => l.msg);
      expect(logs).toContain('activity listener connection lost; reconnecting');
      // Both instances listen again.
      await expect
        .poll(
          async () =>
            (
              await fx.db.query(
                `select 1 from pg_stat_activity where datname = current_database() and application_name = 'cobuild-activity-listener'`,
              )
            ).length,
          { timeout: 5_000 },
        )
        .toBe(2);
    } finally {
      socket.close();
    }
  });

  it('delivers an event written without a notification by its periodic read', async () => {
    const socket = await LiveSocket.open(b.graphqlUrl, { headers: districtAdmin });
    try {
      const sub = socket.subscribe(REGION_ACTIVITY, { r: jingan });
      await settle(200);
      // Another writer (a script, an import) that sends no NOTIFY.
      const [row] = await fx.db.query<{ id: string }>(
        `insert into activity (type, region_path, subject_type, subject_id)
         select 'import.row', path, 'Region', id from region where code = $1 returning id`,
        [JINGAN],
      );
      await sub.waitFor(1, 2_500);
      expect(dbId(sub.events()[0].activity.id)).toBe(row.id);
    } finally {
      socket.close();
    }
  });

  it("resumes on another instance after the subscriber's server is killed, receiving every event once, in order", async () => {
    const c = await startServer({ DATABASE_URL: fx.db.url, SEED_DEMO: 'false' });
    const first = await LiveSocket.open(c.graphqlUrl, { headers: districtAdmin });
    const sub = first.subscribe(REGION_ACTIVITY, { r: jingan });
    await settle(200);
    const startId = (await tableEventsAfter(null)).at(-1)!;
    // Mutations keep coming through A while C dies.
    let writing = true;
    const writer = (async () => {
      let n = 0;
      while (writing || n < 12) {
        await make.resource();
        n++;
      }
      return n;
    })();
    await sub.waitFor(4, 5_000);
    c.process.kill('SIGKILL');
    expect((await first.closed).code).toBe(1006);
    const received = sub.events();
    const last = received.at(-1)!.cursor;
    // The client reconnects to A with its last cursor while the writes go on.
    const second = await LiveSocket.open(fx.server.graphqlUrl, { headers: districtAdmin });
    try {
      const resumed = second.subscribe(REGION_ACTIVITY, { r: jingan, after: last });
      await settle(500);
      writing = false;
      const written = await writer;
      const expected = await tableEventsAfter(startId);
      expect(expected.length).toBe(written);
      await resumed.waitFor(expected.length - received.length, 5_000);
      await settle(300);
      const all = [...received, ...resumed.events()].map((e) => dbId(e.activity.id));
      expect(all).toEqual(expected);
    } finally {
      second.close();
      await c.stop().catch(() => undefined);
    }
  });
});
