// W4: live fan-out. 1,000 graphql-ws subscribers of one district on one Cobuild server, and
// the same number of plain `ws` connections on a raw broadcast server (ws-broadcast-server.mjs).
//
// Per subscriber: idle memory of the server (heap + external after a full GC, through the
// inspector; and VmRSS). Per burst: events inserted in ONE statement and committed with a
// NOTIFY; every subscriber must get every event exactly once and in (xid, id) order. The raw
// server sends the same number of frames, each a real `next` frame captured from Cobuild, to
// every connection. Latency = client receive time − the moment just before COMMIT (or before
// the trigger request of the raw server), per message, all in this process's clock.
import fs from 'node:fs';
import { once } from 'node:events';
import pg from 'pg';
import WebSocket from 'ws';
import {
  BenchFailure,
  freePort,
  globalId,
  median,
  percentile,
  postJson,
  processCpuMs,
  sleep,
  startServerProcess,
  waitIdle,
} from './lib.mjs';

/** Event type of every row W4 writes; deleted before and after the run. */
export const EVENT_TYPE = 'bench.event';
const CHANNEL = 'cobuild_activity';
/** The demo partner's read-only token (server/src/seed/demo-accounts.ts). */
const TOKEN = 'cbt_demo-partner-read-only-jinghu-water';

export const SUBSCRIPTION = `subscription W4($r: ID!, $after: String) {
  regionActivity(regionId: $r, after: $after) {
    cursor
    activity { id type subjectType actor actorOrganization { nameEn } project { id progress fillRate } }
  }
}`;
const LATEST = `query W4Latest($r: ID!) {
  activity(first: 1, filter: { regionId: $r }) { edges { cursor node { id type } } }
}`;

/** Sockets opened at once while connecting a fleet. */
const CONNECT_BATCH = 100;
/** Events of each warm-up burst (not timed): the first shows that every subscriber is live. */
const WARM_UP_EVENTS = 5;
/** How long after a burst completes extra (duplicate) messages are still watched for. */
const GRACE_MS = 250;

const log = (...args) => console.error('[bench]', ...args);
const activityId = (id) => globalId('Activity', String(id));

/** Removes what earlier W4 runs inserted (also after a crash). */
export async function cleanupW4(url) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('delete from activity where type = $1', [EVENT_TYPE]);
  } finally {
    await client.end();
  }
}

/** The soft limit of open files of this process (the servers inherit it). */
export function openFilesLimit() {
  try {
    const m = /^Max open files\s+(\S+)/m.exec(fs.readFileSync('/proc/self/limits', 'utf8'));
    return !m || m[1] === 'unlimited' ? Infinity : Number(m[1]);
  } catch {
    return Infinity;
  }
}

/** Write system calls (write, writev, …) a process made so far, from /proc/<pid>/io; null if unreadable. */
function writeCalls(pid) {
  try {
    const m = /^syscw:\s+(\d+)/m.exec(fs.readFileSync(`/proc/${pid}/io`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

function vmRssBytes(pid) {
  const m = /^VmRSS:\s+(\d+) kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) * 1024 : null;
}

// ---------------------------------------------------------------------------------------------
// Memory: a full GC and process.memoryUsage() through the V8 inspector (--inspect on 127.0.0.1).

async function openInspector(port) {
  const targets = await (await fetch(`http://127.0.0.1:${port}/json/list`)).json();
  const socket = new WebSocket(targets[0].webSocketDebuggerUrl, { perMessageDeflate: false });
  await once(socket, 'open');
  let lastId = 0;
  const pending = new Map();
  socket.on('message', (data) => {
    const msg = JSON.parse(String(data));
    const p = pending.get(msg.id);
    if (!p) return;
    pending.delete(msg.id);
    if (msg.error) p.reject(new Error(`inspector: ${msg.error.message}`));
    else p.resolve(msg.result);
  });
  return {
    call(method, params = {}) {
      const id = ++lastId;
      socket.send(JSON.stringify({ id, method, params }));
      return new Promise((resolve, reject) => pending.set(id, { resolve, reject }));
    },
    async close() {
      socket.close();
      await once(socket, 'close');
    },
  };
}

/** Waits until the process used under 2% of a core over 250 ms (at most `maxMs`). */
async function quiet(pid, maxMs = 5_000) {
  const started = performance.now();
  for (;;) {
    const before = processCpuMs(pid);
    await sleep(250);
    const used = processCpuMs(pid) - before;
    if (used < 5 || performance.now() - started > maxMs) return;
  }
}

/** heap used + external after two full collections, and VmRSS, of a server with an inspector. */
async function memoryOf(server, inspector) {
  await quiet(server.pid);
  await inspector.call('HeapProfiler.collectGarbage');
  await sleep(100);
  await inspector.call('HeapProfiler.collectGarbage');
  const { result } = await inspector.call('Runtime.evaluate', {
    expression: 'JSON.stringify(process.memoryUsage())',
    returnByValue: true,
  });
  const usage = JSON.parse(result.value);
  return { heap: usage.heapUsed + usage.external, rss: vmRssBytes(server.pid) };
}

// ---------------------------------------------------------------------------------------------
// Fleets of client sockets and the bursts they receive.

/**
 * A fleet of `n` sockets of one kind: 'cobuild' (graphql-transport-ws subscribers) or 'raw'
 * (plain ws). Messages are checked against the active burst (`phase`); a bench event outside
 * a burst, or a socket closing before the fleet is closed, is an error.
 */
function createFleet(kind) {
  return { kind, sockets: [], phase: null, errors: [], closing: false, other: 0 };
}

function fleetError(fleet, message) {
  if (fleet.errors.length < 20) fleet.errors.push(message);
  fleet.phase?.fail?.(message);
}

/** One incoming message: parsed in both fleets alike, so the client's work is the same. */
function onMessage(fleet, slot, data) {
  const at = performance.now();
  const text = data.toString('utf8');
  let msg;
  try {
    msg = JSON.parse(text);
  } catch {
    fleetError(fleet, `socket ${slot}: a message that is not JSON: ${text.slice(0, 200)}`);
    return;
  }
  const phase = fleet.phase;
  let index;
  if (fleet.kind === 'cobuild') {
    if (msg.type === 'connection_ack') return; // seen by subscribe()
    if (msg.type === 'ping') {
      fleet.sockets[slot].send('{"type":"pong"}');
      return;
    }
    if (msg.type !== 'next' || msg.id !== '1') {
      fleetError(fleet, `subscriber ${slot}: unexpected ${text.slice(0, 500)}`);
      return;
    }
    const event = msg.payload?.data?.regionActivity;
    if (msg.payload?.errors || !event?.activity) {
      fleetError(fleet, `subscriber ${slot}: ${text.slice(0, 500)}`);
      return;
    }
    if (event.activity.type !== EVENT_TYPE) {
      fleet.other += 1;
      return;
    }
    index = phase?.index.get(event.activity.id);
    if (index === undefined) {
      fleetError(fleet, `subscriber ${slot}: event ${event.activity.id} outside the burst (a repeat?)`);
      return;
    }
    phase.cursors[slot] = event.cursor;
    if (slot === 0 && index === phase.count - 1) phase.frame = text;
  } else {
    if (!phase || text !== phase.frame) {
      fleetError(fleet, `connection ${slot}: ${phase ? 'a frame unlike the one sent' : 'a frame outside a burst'}`);
      return;
    }
    index = phase.next[slot];
  }
  if (index !== phase.next[slot]) {
    const what = index < phase.next[slot] ? 'again' : `while waiting for event ${phase.next[slot]}`;
    fleetError(fleet, `socket ${slot}: event ${index} of the burst arrived ${what}`);
  }
  phase.next[slot] = index + 1;
  if (phase.received < phase.latencies.length) phase.latencies[phase.received] = at - phase.t0;
  phase.received += 1;
  phase.lastAt = at;
  if (phase.received === phase.expected) phase.complete();
}

function openSocket(fleet, url, protocol) {
  const slot = fleet.sockets.length;
  const socket = new WebSocket(url, protocol, { perMessageDeflate: false });
  fleet.sockets.push(socket);
  socket.on('message', (data) => onMessage(fleet, slot, data));
  socket.on('close', (code, reason) => {
    if (!fleet.closing) fleetError(fleet, `socket ${slot} closed: ${code} ${String(reason)}`);
  });
  return { slot, socket };
}

/** A graphql-ws subscriber: open, connection_init with the token, ack, subscribe. */
function subscribe(fleet, wsUrl, variables) {
  const { socket } = openSocket(fleet, wsUrl, 'graphql-transport-ws');
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new BenchFailure('W4: no connection_ack within 30 s')), 30_000);
    socket.once('error', (error) => reject(new BenchFailure(`W4: subscriber socket failed: ${error.message}`)));
    socket.once('close', (code, reason) =>
      reject(new BenchFailure(`W4: subscriber socket closed before the ack: ${code} ${String(reason)}`)),
    );
    socket.once('open', () =>
      socket.send(JSON.stringify({ type: 'connection_init', payload: { authorization: `Bearer ${TOKEN}` } })),
    );
    socket.once('message', (data) => {
      clearTimeout(timer);
      const msg = JSON.parse(String(data));
      if (msg.type !== 'connection_ack') {
        reject(new BenchFailure(`W4: expected connection_ack, got ${String(data).slice(0, 300)}`));
        return;
      }
      socket.send(JSON.stringify({ id: '1', type: 'subscribe', payload: { query: SUBSCRIPTION, variables } }));
      resolve();
    });
  });
}

function connectRaw(fleet, wsUrl) {
  const { socket } = openSocket(fleet, wsUrl);
  return new Promise((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', (error) => reject(new BenchFailure(`W4: raw socket failed: ${error.message}`)));
  });
}

/** Opens `n` sockets in parallel batches; resolves with the seconds it took. */
async function connectFleet(n, open) {
  const started = performance.now();
  for (let start = 0; start < n; start += CONNECT_BATCH) {
    await Promise.all(Array.from({ length: Math.min(CONNECT_BATCH, n - start) }, open));
  }
  return (performance.now() - started) / 1000;
}

async function closeFleet(fleet) {
  fleet.closing = true;
  const open = fleet.sockets.filter((s) => s.readyState !== WebSocket.CLOSED);
  const closed = open.map((s) => once(s, 'close').catch(() => undefined));
  for (const s of open) s.close(1000, 'bench done');
  const timer = setTimeout(() => open.forEach((s) => s.terminate()), 5_000);
  await Promise.all(closed);
  clearTimeout(timer);
}

/**
 * Runs one burst of `count` events on a fleet: `trigger(phase)` must set `phase.t0` just before
 * the events are released. Resolves with the figures once every socket got every event and a
 * grace period passed; throws BenchFailure on a missing, repeated or out-of-order delivery.
 */
async function burst(fleet, count, { pid, label, index = null, frame = null }, trigger) {
  const n = fleet.sockets.length;
  const expected = n * count;
  let complete;
  let fail;
  const done = new Promise((resolve, reject) => {
    complete = resolve;
    fail = (message) => reject(new BenchFailure(`W4 ${label}: ${message}`));
  });
  // A failure during the trigger is seen by the race below, not as an unhandled rejection.
  done.catch(() => undefined);
  const phase = {
    count,
    expected,
    index,
    frame,
    received: 0,
    t0: 0,
    lastAt: 0,
    next: new Int32Array(n),
    cursors: new Array(n),
    latencies: new Float64Array(expected),
    complete,
    fail,
  };
  const timeoutMs = 30_000 + expected * 0.2;
  const cpuBefore = processCpuMs(pid);
  const clientBefore = process.cpuUsage();
  const writesBefore = writeCalls(pid);
  fleet.phase = phase;
  let timer;
  try {
    await trigger(phase);
    await Promise.race([
      done,
      new Promise((_, reject) => {
        timer = setTimeout(
          () => reject(new BenchFailure(`W4 ${label}: ${phase.received}/${expected} deliveries after ${timeoutMs} ms`)),
          timeoutMs,
        );
      }),
    ]);
    const cpuMs = processCpuMs(pid) - cpuBefore;
    const client = process.cpuUsage(clientBefore);
    const writes = writesBefore === null ? null : writeCalls(pid) - writesBefore;
    await sleep(GRACE_MS);
    if (fleet.errors.length) throw new BenchFailure(`W4 ${label}: ${fleet.errors.join('; ')}`);
    if (phase.received !== expected) {
      throw new BenchFailure(`W4 ${label}: ${phase.received} deliveries, ${expected} expected (repeats)`);
    }
    const short = [...phase.next.keys()].filter((s) => phase.next[s] !== count);
    if (short.length) {
      throw new BenchFailure(`W4 ${label}: ${short.length} sockets did not end at event ${count} (e.g. ${short[0]})`);
    }
    const seconds = (phase.lastAt - phase.t0) / 1000;
    const latencies = Array.from(phase.latencies);
    return {
      deliveries: expected,
      perSecond: expected / seconds,
      seconds,
      p50: percentile(latencies, 50),
      p99: percentile(latencies, 99),
      latencies,
      cpuUsPerDelivery: (cpuMs * 1000) / expected,
      clientUsPerDelivery: (client.user + client.system) / expected,
      writesPerDelivery: writes === null ? null : writes / expected,
      frame: phase.frame,
      cursor: phase.cursors[0],
    };
  } finally {
    clearTimeout(timer);
    fleet.phase = null;
  }
}

// ---------------------------------------------------------------------------------------------
// The two sides.

/**
 * Cobuild's side: inserts `count` events (distinct projects of the region, one statement),
 * NOTIFY, and releases them with COMMIT.
 */
function cobuildSide(fleet, db, server, regionPath) {
  return (count, label) =>
    burst(fleet, count, { pid: server.pid, label }, async (phase) => {
      await db.query('begin');
      try {
        const { rows } = await db.query(
          `insert into activity (type, region_path, subject_type, subject_id, project_id, actor_organization_id)
           select $1, r.path, 'Project', p.id::text, p.id, p.lead_committee_id
           from project p join region r on r.id = p.region_id
           where r.path like $2 || '%'
           order by p.id limit $3
           returning id`,
          [EVENT_TYPE, regionPath, count],
        );
        if (rows.length !== count) throw new BenchFailure(`W4: the region has only ${rows.length} projects`);
        // One transaction: the events share its xid, so their order is the id order.
        const ids = rows.map((r) => BigInt(r.id)).sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
        phase.index = new Map(ids.map((id, i) => [activityId(id), i]));
        await db.query('select pg_notify($1, $2)', [CHANNEL, `${ids[0]}..${ids.at(-1)}`]);
      } catch (error) {
        await db.query('rollback');
        throw error;
      }
      phase.t0 = performance.now();
      await db.query('commit');
    });
}

/** The raw side: POST /broadcast asks for `count` copies of `frame` to every connection. */
function rawSide(fleet, server, getFrame) {
  return (count, label) =>
    burst(fleet, count, { pid: server.pid, label, frame: getFrame() }, async (phase) => {
      phase.t0 = performance.now();
      const res = await postJson(`${server.url}/broadcast`, { frame: phase.frame, count });
      if (res.status !== 202) throw new BenchFailure(`W4: the raw server answered ${res.status}: ${res.text}`);
    });
}

/**
 * The cursor of the event `id`, once the activity query shows it as the region's newest (it
 * stays hidden while an older transaction of the cluster is open).
 */
async function cursorOf(server, regionId, id) {
  const started = performance.now();
  for (;;) {
    const res = await postJson(
      server.graphqlUrl,
      { query: LATEST, variables: { r: regionId } },
      { authorization: `Bearer ${TOKEN}` },
    );
    const edges = res.json?.data?.activity?.edges;
    if (res.status !== 200 || !edges) throw new BenchFailure(`W4: activity query failed: ${res.text.slice(0, 1000)}`);
    if (edges[0]?.node.id === activityId(id)) return edges[0].cursor;
    if (performance.now() - started > 10_000) {
      throw new BenchFailure(`W4: the activity query does not show event ${id} as the newest: ${res.text}`);
    }
    await sleep(50);
  }
}

/** Medians over rounds of the figures present in the samples. */
function summarize(samples) {
  const of = (key) => median(samples.map((s) => s[key]));
  return {
    perSecond: of('perSecond'),
    p50: of('p50'),
    p99: of('p99'),
    cpuUsPerDelivery: of('cpuUsPerDelivery'),
    clientUsPerDelivery: of('clientUsPerDelivery'),
    writesPerDelivery: of('writesPerDelivery'),
  };
}

/**
 * W4. `startCobuild(nodeArgs)` starts a Cobuild server on the bench database. Returns the
 * memory per idle subscriber and the medians of the bursts and of the single events.
 */
export async function runW4(
  dbUrl,
  { startCobuild, region, subscribers, events, singles, rounds, idle = () => waitIdle({ maxMs: 10_000 }) },
) {
  await cleanupW4(dbUrl);
  const db = new pg.Client({ connectionString: dbUrl });
  await db.connect();
  const servers = [];
  const fleets = [];
  const inspectors = [];
  try {
    const { rows } = await db.query('select path from region where id = $1', [region.id]);
    const regionPath = rows[0].path;

    // Both servers with an inspector on 127.0.0.1, only for the memory figures.
    const cobuildInspect = await freePort();
    const cobuild = await startCobuild([`--inspect=127.0.0.1:${cobuildInspect}`]);
    servers.push(cobuild);
    const rawInspect = await freePort();
    const raw = await startServerProcess(
      new URL('./ws-broadcast-server.mjs', import.meta.url).pathname,
      { PATH: process.env.PATH },
      { label: 'ws broadcast baseline', readyPath: '/readyz', nodeArgs: [`--inspect=127.0.0.1:${rawInspect}`] },
    );
    servers.push(raw);
    const cobuildWs = `${cobuild.url.replace(/^http/, 'ws')}/graphql`;
    const rawWs = raw.url.replace(/^http/, 'ws');

    // ---- Cobuild: memory before and after `subscribers` idle subscriptions.
    const inspector = await openInspector(cobuildInspect);
    inspectors.push(inspector);
    // One anchor event, so every subscription starts (with `after`) at a known position and
    // none misses an event however long its subscribe takes.
    const anchor = await db.query(
      `insert into activity (type, region_path, subject_type, subject_id) values ($1, $2, 'Region', $3) returning id`,
      [EVENT_TYPE, regionPath, region.id],
    );
    let after = await cursorOf(cobuild, region.globalId, anchor.rows[0].id);
    // One subscriber first, through a burst and closed: one-time costs land before the baseline.
    const warm = createFleet('cobuild');
    fleets.push(warm);
    await subscribe(warm, cobuildWs, { r: region.globalId, after });
    after = (await cobuildSide(warm, db, cobuild, regionPath)(WARM_UP_EVENTS, 'warm-up')).cursor;
    await closeFleet(warm);
    const cobuildBefore = await memoryOf(cobuild, inspector);

    const subs = createFleet('cobuild');
    fleets.push(subs);
    const connectSeconds = await connectFleet(subscribers, () =>
      subscribe(subs, cobuildWs, { r: region.globalId, after }),
    );
    log(`W4: ${subscribers} subscribers connected and subscribed in ${connectSeconds.toFixed(1)} s`);
    const cobuildBurst = cobuildSide(subs, db, cobuild, regionPath);
    // Every subscriber gets the warm-up events: all are live.
    const warmUp = await cobuildBurst(WARM_UP_EVENTS, 'warm-up');
    const frame = warmUp.frame;
    const cobuildAfter = await memoryOf(cobuild, inspector);
    await inspector.close();
    inspectors.pop();

    // ---- Raw ws: the same, with plain connections.
    const rawInspector = await openInspector(rawInspect);
    inspectors.push(rawInspector);
    const rawWarm = createFleet('raw');
    fleets.push(rawWarm);
    await connectRaw(rawWarm, rawWs);
    await rawSide(rawWarm, raw, () => frame)(WARM_UP_EVENTS, 'raw warm-up');
    await closeFleet(rawWarm);
    const rawBefore = await memoryOf(raw, rawInspector);
    const conns = createFleet('raw');
    fleets.push(conns);
    const rawConnectSeconds = await connectFleet(subscribers, () => connectRaw(conns, rawWs));
    log(`W4: ${subscribers} raw ws connections in ${rawConnectSeconds.toFixed(1)} s`);
    const rawBurst = rawSide(conns, raw, () => frame);
    await rawBurst(WARM_UP_EVENTS, 'raw warm-up');
    const rawAfter = await memoryOf(raw, rawInspector);
    await rawInspector.close();
    inspectors.pop();

    const perSubscriber = (a, b) => ({ heap: (b.heap - a.heap) / subscribers, rss: (b.rss - a.rss) / subscribers });
    const memory = { cobuild: perSubscriber(cobuildBefore, cobuildAfter), raw: perSubscriber(rawBefore, rawAfter) };
    log(
      `W4 memory per idle subscriber: Cobuild ${(memory.cobuild.heap / 1024).toFixed(1)} KB heap+external, ` +
        `${(memory.cobuild.rss / 1024).toFixed(1)} KB RSS; raw ws ${(memory.raw.heap / 1024).toFixed(1)} KB, ` +
        `${(memory.raw.rss / 1024).toFixed(1)} KB RSS (frame ${Buffer.byteLength(frame)} bytes)`,
    );

    // ---- Rounds: a burst on each side, then single events on each side.
    const samples = { cobuild: [], raw: [] };
    const singleLatencies = { cobuild: [], raw: [] };
    const delivered = { cobuild: 0, raw: 0 };
    const sides = [
      ['cobuild', 'Cobuild', cobuildBurst],
      ['raw', 'raw ws', rawBurst],
    ];
    for (let round = 1; round <= rounds; round++) {
      for (const [key, name, run] of sides) {
        await idle();
        const s = await run(events, `burst round ${round} ${name}`);
        samples[key].push(s);
        delivered[key] += s.deliveries;
        log(
          `W4 burst of ${events} round ${round}/${rounds} ${name}: ${s.deliveries} deliveries in ${s.seconds.toFixed(2)} s, ` +
            `${Math.round(s.perSecond)}/s, p50 ${s.p50.toFixed(1)} ms, p99 ${s.p99.toFixed(1)} ms, ` +
            `CPU/delivery: server ${s.cpuUsPerDelivery.toFixed(1)} µs, this client ${s.clientUsPerDelivery.toFixed(1)} µs; ` +
            `server write calls/delivery ${s.writesPerDelivery?.toFixed(3) ?? '—'}`,
        );
      }
      for (const [key, name, run] of sides) {
        await idle();
        const latencies = [];
        for (let i = 0; i < singles; i++) {
          const s = await run(1, `single event ${i + 1} round ${round} ${name}`);
          latencies.push(...s.latencies);
          delivered[key] += s.deliveries;
          await sleep(20);
        }
        singleLatencies[key].push({ p50: percentile(latencies, 50), p99: percentile(latencies, 99) });
        log(
          `W4 single events round ${round}/${rounds} ${name}: ${singles} × ${subscribers}, ` +
            `p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms`,
        );
      }
    }
    return {
      subscribers,
      events,
      singles,
      rounds,
      frameBytes: Buffer.byteLength(frame),
      connectSeconds,
      memory,
      burst: { cobuild: summarize(samples.cobuild), raw: summarize(samples.raw) },
      single: { cobuild: summarize(singleLatencies.cobuild), raw: summarize(singleLatencies.raw) },
      deliveries: delivered,
      otherEvents: fleets.reduce((n, f) => n + f.other, 0),
    };
  } finally {
    for (const inspector of inspectors) await inspector.close().catch(() => undefined);
    for (const fleet of fleets) await closeFleet(fleet);
    for (const server of servers.reverse()) await server.stop();
    await db.end();
    await cleanupW4(dbUrl);
  }
}
