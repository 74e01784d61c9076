import { beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders, type Headers } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { LiveSocket, type LiveEvent } from '../support/live.js';
import { JINGAN, lookup } from '../support/lookup.js';

const fx = useSeededServer('live_slow');
let districtAdmin: Headers;
let jingan: string;

beforeAll(async () => {
  districtAdmin = await sessionHeaders(fx.db, 'district.admin@cobuild.demo');
  jingan = await lookup(fx.server.graphqlUrl).region(JINGAN);
});

const FEED = `subscription($r: ID!, $after: String) { regionActivity(regionId: $r, after: $after) { cursor activity { id type changes } } }`;
/**
 * Enough events of ~2 KB to fill the socket buffers of a client that stopped reading, and
 * far more than a subscriber's in-memory queue (1,000).
 */
const BURST = 12_000;
/** The burst's rows (the region's feed also carries whatever else is written there meanwhile). */
const bulk = (e: LiveEvent) => e.activity.type === 'bulk.row';

describe('a burst and a slow consumer', () => {
  it(
    'delivers a burst beyond the queue to a reader; a stalled one is closed with 4503 and resumes by cursor without loss',
    { timeout: 120_000 },
    async () => {
      const fast = await LiveSocket.open(fx.server.graphqlUrl, { headers: districtAdmin });
      const slow = await LiveSocket.open(fx.server.graphqlUrl, { headers: districtAdmin });
      try {
        const fastSub = fast.subscribe(FEED, { r: jingan });
        const slowSub = slow.subscribe(FEED, { r: jingan });
        await new Promise((resolve) => setTimeout(resolve, 300));
        // The slow client stops reading its socket.
        slow.ws.pause();
        const started = Date.now();
        await fx.db.query(
          `insert into activity (type, region_path, subject_type, subject_id, changes)
         select 'bulk.row', r.path, 'Region', r.id, jsonb_build_object('n', jsonb_build_object('before', null, 'after', n), 'note', jsonb_build_object('before', null, 'after', repeat('x', 2000)))
         from region r, generate_series(1, $2) n where r.code = $1 order by n`,
          [JINGAN, BURST],
        );
        await fx.db.query(`select pg_notify('cobuild_activity', '')`);
        // The fast subscriber gets the whole burst while the slow one is stuck.
        await fastSub.waitForEvents(bulk, BURST, 60_000);
        const fastMs = Date.now() - started;
        const ns = fastSub
          .events()
          .filter(bulk)
          .map((e) => e.activity.changes.n.after);
        expect(ns).toEqual(Array.from({ length: BURST }, (_, i) => i + 1));
        // The slow one's buffers filled long before the fast one was done. When it reads again,
        // more than 10 s later, it finds what the buffers held, then the close.
        await new Promise((resolve) => setTimeout(resolve, 11_000));
        slow.ws.resume();
        const { code } = await slow.closed;
        expect(code).toBe(4503);
        const received = slowSub.events();
        const got = received.filter(bulk);
        expect(got.length).toBeLessThan(BURST);
        expect(got.map((e) => e.activity.changes.n.after)).toEqual(Array.from({ length: got.length }, (_, i) => i + 1));
        // It reconnects with its last cursor and receives the rest, each once.
        const again = await LiveSocket.open(fx.server.graphqlUrl, { headers: districtAdmin });
        try {
          const rest = again.subscribe(FEED, { r: jingan, after: received.at(-1)!.cursor });
          await rest.waitForEvents(bulk, BURST - got.length, 60_000);
          await new Promise((resolve) => setTimeout(resolve, 300));
          expect(
            rest
              .events()
              .filter(bulk)
              .map((e) => e.activity.changes.n.after),
          ).toEqual(Array.from({ length: BURST - got.length }, (_, i) => got.length + i + 1));
        } finally {
          again.close();
        }
        console.log(
          `slow consumer: fast subscriber got ${BURST} events in ${fastMs} ms; slow one ${got.length} before 4503`,
        );
      } finally {
        fast.close();
        slow.close();
      }
    },
  );
});
