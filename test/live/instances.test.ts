import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders, type Headers } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { listFactories } from '../support/lists.js';
import { about, LiveSocket, REGION_ACTIVITY } from '../support/live.js';
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

describe('across server instances on one database', () => {
  it('delivers to a subscriber on B what is written through A within a second', async () => {
    const socket = await LiveSocket.open(b.graphqlUrl, { headers: districtAdmin });
    try {
      const sub = socket.subscribe(REGION_ACTIVITY, { r: jingan });
      await settle(200);
      const latencies: number[] = [];
      const written: string[] = [];
      for (let i = 0; i < 5; i++) {
        const started = Date.now();
        written.push(await make.resource());
        await sub.waitForEvents(about(written[i]), 1, 1_000);
        latencies.push(Date.now() - started);
      }
      expect(Math.max(...latencies)).toBeLessThan(1_000);
      expect(
        sub
          .events()
          .filter(about(...written))
          .map((e) => [e.activity.type, e.activity.subject.id]),
      ).toEqual(written.map((id) => ['resource.published', id]));
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
      const delivered = await sub.waitForEvents(about(...written), 2, 5_000);
      expect(delivered.map((e) => e.activity.subject.id)).toEqual(written);
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
      const [delivered] = await sub.waitForEvents((e) => dbId(e.activity.id) === row.id, 1, 2_500);
      expect(delivered.activity.type).toBe('import.row');
    } finally {
      socket.close();
    }
  });

  it("resumes on another instance after the subscriber's server is killed, receiving every event once, in order", async () => {
    const c = await startServer({ DATABASE_URL: fx.db.url, SEED_DEMO: 'false' });
    const first = await LiveSocket.open(c.graphqlUrl, { headers: districtAdmin });
    const sub = first.subscribe(REGION_ACTIVITY, { r: jingan });
    await settle(200);
    // Mutations keep coming through A while C dies.
    let writing = true;
    const written: string[] = [];
    const writer = (async () => {
      while (writing || written.length < 12) written.push(await make.resource());
    })();
    await sub.waitForEvents((e) => e.activity.type === 'resource.published', 4, 5_000);
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
      await writer;
      const ours = about(...written);
      await resumed.waitForEvents(ours, written.length - received.filter(ours).length, 5_000);
      await settle(300);
      // Each resource the writer published arrived exactly once, in order, across both instances.
      const all = [...received, ...resumed.events()].filter(ours).map((e) => e.activity.subject.id);
      expect(all).toEqual(written);
    } finally {
      second.close();
      await c.stop().catch(() => undefined);
    }
  });
});
