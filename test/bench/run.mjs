// `pnpm bench`: Cobuild against a raw-SQL baseline on the real PostgreSQL (see BENCHMARKS.md).
//
//   node test/bench/run.mjs [--duration 10] [--rounds 3] [--fresh] [--only W1,W2,W3,W4,W5]
//                           [--cpu-requests 20] [--w3-attempts 10] [--w4-subscribers 1000]
//                           [--w4-events 200] [--w4-singles 10] [--profile <dir>]
//
// Progress goes to stderr; the table of figures to stdout and, after a run of every workload,
// to test/bench/BENCHMARKS.md. Exits non-zero when the W1 responses differ or an invariant
// fails, not when a speed target is missed.
import fs from 'node:fs';
import os from 'node:os';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import pg from 'pg';
import { BENCH_DATABASE, BENCH_URL, benchRegions, ensureBenchDatabase } from './database.mjs';
import {
  BenchFailure,
  firstDifference,
  globalId,
  graphql,
  median,
  postJson,
  processCpuMs,
  ROOT,
  SERVER_MAIN,
  startServerProcess,
  waitIdle,
} from './lib.mjs';
import { report, writeMarkdown } from './report.mjs';
import { cleanupW3, runW3 } from './w3.mjs';
import { cleanupW4, openFilesLimit, runW4 } from './w4.mjs';
import { runW5 } from './w5.mjs';

const WORKLOADS = ['W1', 'W2', 'W3', 'W4', 'W5'];

const { values: options } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    rounds: { type: 'string', default: '3' },
    fresh: { type: 'boolean', default: false },
    only: { type: 'string' },
    'cpu-requests': { type: 'string', default: '20' },
    'w3-attempts': { type: 'string', default: '10' },
    'w4-subscribers': { type: 'string', default: '1000' },
    'w4-events': { type: 'string', default: '200' },
    'w4-singles': { type: 'string', default: '10' },
    profile: { type: 'string' },
    help: { type: 'boolean', default: false },
  },
});

function usage(code) {
  console.error(`Usage: pnpm bench [--duration <s>] [--rounds <n>] [--fresh] [--only W1,W2,W3,W4,W5]
                  [--cpu-requests <n>] [--w3-attempts <n per client>] [--w4-subscribers <n>]
                  [--w4-events <n per burst>] [--w4-singles <n>]
  --duration        seconds of each autocannon run (default 10)
  --rounds          interleaved rounds of W1 (Cobuild, baseline) and W4 (Cobuild, raw ws), runs of W2 (default 3)
  --fresh           drop and reseed the ${BENCH_DATABASE} database
  --only            run only these workloads
  --cpu-requests    sequential W1 requests for the CPU-per-request figure (default 20)
  --w3-attempts     commitResource attempts per client in W3 (default 10)
  --w4-subscribers  WebSocket subscribers of W4 (default 1000)
  --w4-events       events of each W4 burst, at most 1000 (default 200)
  --w4-singles      single events per W4 round, for the one-event latency (default 10)
  --profile         folder for V8 CPU profiles of the Cobuild servers (node --cpu-prof)`);
  process.exit(code);
}

if (options.help) usage(0);
const positive = (name, min = 1) => {
  const n = Number(options[name]);
  if (!Number.isFinite(n) || n < min) {
    console.error(`--${name} must be a number ≥ ${min}, got ${options[name]}`);
    usage(2);
  }
  return n;
};
const duration = positive('duration');
const rounds = Math.floor(positive('rounds'));
const cpuRequests = Math.floor(positive('cpu-requests'));
const w3Attempts = Math.floor(positive('w3-attempts'));
const w4Subscribers = Math.floor(positive('w4-subscribers'));
const w4Events = Math.floor(positive('w4-events'));
const w4Singles = Math.floor(positive('w4-singles'));
if (w4Events > 1000) {
  // Beyond SUBSCRIBER_QUEUE_LIMIT queued events the server drops a subscriber as too slow.
  console.error(`--w4-events must be at most 1000, got ${w4Events}`);
  usage(2);
}
const only = options.only ? options.only.split(',').map((w) => w.trim().toUpperCase()) : WORKLOADS.slice();
for (const w of only) {
  if (!WORKLOADS.includes(w)) {
    console.error(`--only: unknown workload ${w}; choose from ${WORKLOADS.join(', ')}`);
    usage(2);
  }
}
const runs = (w) => only.includes(w);

const log = (...args) => console.error('[bench]', ...args);
const W1_QUERY = fs.readFileSync(new URL('./w1.graphql', import.meta.url), 'utf8');
const W2_QUERY = `query W2($regionId: ID!) {
  regionStats(regionId: $regionId) {
    projects
    projectsByStatus { status count }
    needs { open matched resolved }
    resourcesByKind { kind unit offered committed }
    participatingUnits
    coverage
    averageProgress
  }
}`;
/** List fields of W1 (each `(first: …)`): the statement budget is one per list. */
const W1_LISTS = (W1_QUERY.match(/\(first:/g) ?? []).length;

const rows = [];
const notes = [];
const row = (r) => rows.push({ baseline: null, ratio: null, target: '', met: null, ...r });

// ---------------------------------------------------------------------------------------------

function cobuildEnv(extra = {}) {
  return {
    PATH: process.env.PATH,
    DATABASE_URL: BENCH_URL,
    LOG_LEVEL: 'warn',
    GRAPHQL_DIAGNOSTICS: 'false',
    // The load generator is one client at a few hundred requests a second: budgets would
    // throttle it. Every request is still charged (one statement) and refunded.
    COST_BUDGET_ANONYMOUS: '1000000000',
    COST_BUDGET_USER: '1000000000',
    COST_BUDGET_TOKEN: '1000000000',
    ...extra,
  };
}

function startCobuild(extra, label = 'Cobuild', extraNodeArgs = []) {
  // --profile <dir>: each Cobuild process writes a V8 CPU profile there when it stops.
  const nodeArgs = options.profile ? ['--cpu-prof', `--cpu-prof-dir=${options.profile}`] : [];
  return startServerProcess(SERVER_MAIN, cobuildEnv(extra), {
    label,
    readyPath: '/readyz',
    nodeArgs: [...nodeArgs, ...extraNodeArgs],
  });
}

function startBaseline() {
  return startServerProcess(
    new URL('./baseline-server.mjs', import.meta.url).pathname,
    { PATH: process.env.PATH, DATABASE_URL: BENCH_URL },
    { label: 'baseline', readyPath: '/readyz' },
  );
}

async function idle() {
  const { busy, waitedMs } = await waitIdle({ threshold: 0.1, maxMs: 10_000 });
  if (busy >= 0.1) log(`machine still ${(busy * 100).toFixed(0)}% busy after ${waitedMs} ms; going on`);
}

/** One autocannon run (-c 10) of a POST body against a 127.0.0.1 URL. */
function cannon(url, body, seconds, connections = 10) {
  if (new URL(url).hostname !== '127.0.0.1') throw new Error('only 127.0.0.1');
  return new Promise((resolve, reject) => {
    autocannon(
      {
        url,
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body,
        connections,
        duration: seconds,
        timeout: 120,
      },
      (error, result) => {
        if (error) reject(error);
        else {
          const ok = result['2xx'];
          resolve({
            ok,
            reqPerSec: ok / result.duration,
            p50: ok > 0 ? result.latency.p50 : null,
            p99: ok > 0 ? result.latency.p99 : null,
            non2xx: result.non2xx,
            errors: result.errors,
            timeouts: result.timeouts,
          });
        }
      },
    );
  });
}

function summarize(samples) {
  return {
    reqPerSec: median(samples.map((s) => s.reqPerSec)),
    p50: median(samples.map((s) => s.p50)),
    p99: median(samples.map((s) => s.p99)),
    completed: samples.reduce((n, s) => n + s.ok, 0),
    failed: samples.reduce((n, s) => n + s.non2xx + s.errors, 0),
  };
}

const fmtRun = (s) =>
  `${s.reqPerSec.toFixed(2)} req/s, p50 ${s.p50 ?? '—'} ms, p99 ${s.p99 ?? '—'} ms (${s.ok} ok, ${s.non2xx} non-2xx, ${s.errors} errors)`;

// ---------------------------------------------------------------------------------------------
// CPU per request: /proc/<pid>/stat of the server, and of the PostgreSQL backends.

async function postgresProbe() {
  const client = new pg.Client({ connectionString: BENCH_URL });
  await client.connect();
  return {
    client,
    /** CPU of the database's other backends (parallel workers included while they run). */
    async snapshot() {
      const { rows: backends } = await client.query(
        `select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`,
      );
      const byPid = new Map();
      for (const { pid } of backends) {
        const ms = processCpuMs(pid);
        if (ms !== null) byPid.set(pid, ms);
      }
      return byPid;
    },
    /**
     * CPU between two snapshots of the backends alive at the end (new ones from zero). A
     * backend that exited meanwhile (a pool closing an idle connection) is left out: the
     * postmaster's cutime would hold it, but also every other database's backends.
     */
    delta(before, after) {
      let ms = 0;
      for (const [pid, v] of after) ms += v - (before.get(pid) ?? 0);
      return ms;
    },
  };
}

async function cpuPerRequest(server, body, probe) {
  await idle();
  await postJson(server.graphqlUrl, body);
  const capMs = Math.max(30_000, duration * 3_000);
  const procBefore = processCpuMs(server.pid);
  const pgBefore = await probe.snapshot();
  const started = performance.now();
  let n = 0;
  while (n < cpuRequests && (n === 0 || performance.now() - started < capMs)) {
    const res = await postJson(server.graphqlUrl, body);
    if (res.status !== 200) throw new BenchFailure(`W1 request failed during the CPU run: ${res.text.slice(0, 500)}`);
    n += 1;
  }
  const wallMs = performance.now() - started;
  const procAfter = processCpuMs(server.pid);
  const pgAfter = await probe.snapshot();
  return {
    requests: n,
    serverMs: (procAfter - procBefore) / n,
    postgresMs: probe.delta(pgBefore, pgAfter) / n,
    wallMs: wallMs / n,
  };
}

// ---------------------------------------------------------------------------------------------

async function checkW1Equal(cobuild, baseline, regionId) {
  for (const first of [50, 100]) {
    const body = { query: W1_QUERY, variables: { regionId, first } };
    const [a, b] = await Promise.all([postJson(cobuild.graphqlUrl, body), postJson(baseline.graphqlUrl, body)]);
    if (a.status !== 200 || !a.json || a.json.errors) {
      throw new BenchFailure(`Cobuild answered W1 (first ${first}) with ${a.status}: ${a.text.slice(0, 2000)}`);
    }
    if (b.status !== 200 || !b.json) {
      throw new BenchFailure(`the baseline answered W1 (first ${first}) with ${b.status}: ${b.text.slice(0, 2000)}`);
    }
    // The data must be equal; Cobuild's response also reports its cost (extensions), which a
    // plain SQL server has no notion of.
    const diff = firstDifference({ data: a.json.data }, { data: b.json.data });
    if (diff) {
      throw new BenchFailure(
        `W1 (first ${first}): Cobuild and the baseline differ at ${diff.path}:\n` +
          `  Cobuild:  ${JSON.stringify(diff.a)?.slice(0, 1000)}\n  baseline: ${JSON.stringify(diff.b)?.slice(0, 1000)}`,
      );
    }
    const nodes = a.json.data.projects.nodes;
    const count = (f) => nodes.reduce((n, p) => n + f(p), 0);
    log(
      `W1 first ${first}: responses equal (${nodes.length} projects, ` +
        `${count((p) => p.requirements.nodes.reduce((m, r) => m + r.commitments.nodes.length, 0))} commitments, ` +
        `${count((p) => p.milestones.nodes.length)} milestones, ${a.text.length} bytes)`,
    );
    if (nodes.length !== first) notes.push(`W1 first ${first} returned only ${nodes.length} projects.`);
  }
}

async function benchW1(cobuild, regionId) {
  const baseline = await startBaseline();
  try {
    await checkW1Equal(cobuild, baseline, regionId);
    const servers = [
      ['Cobuild', cobuild],
      ['baseline', baseline],
    ];
    for (const first of [50, 100]) {
      const body = JSON.stringify({ query: W1_QUERY, variables: { regionId, first } });
      const samples = { Cobuild: [], baseline: [] };
      for (let round = 1; round <= rounds; round++) {
        for (const [name, server] of servers) {
          await idle();
          const s = await cannon(server.graphqlUrl, body, duration);
          samples[name].push(s);
          log(`W1 first ${first} round ${round}/${rounds} ${name}: ${fmtRun(s)}`);
        }
      }
      const a = summarize(samples.Cobuild);
      const b = summarize(samples.baseline);
      if (a.failed || b.failed)
        notes.push(`W1 first ${first}: ${a.failed} failed Cobuild / ${b.failed} failed baseline requests.`);
      if (a.completed < rounds) {
        notes.push(
          `W1 first ${first}: Cobuild completed only ${a.completed} requests in ${rounds} × ${duration} s; use a longer --duration for stable figures.`,
        );
      }
      if (a.p50 !== null && a.p50 * 5 > duration * 1000) {
        notes.push(
          `W1 first ${first}: Cobuild's p50 (${Math.round(a.p50)} ms) is over a fifth of a ${duration} s run; requests ` +
            'still in flight when a run ends are not counted, so its req/s reads low. Use a longer --duration.',
        );
      }
      const ratio = b.reqPerSec ? a.reqPerSec / b.reqPerSec : null;
      row({
        workload: `W1 first ${first}`,
        measure: 'req/s (median)',
        cobuild: a.reqPerSec,
        baseline: b.reqPerSec,
        ratio,
        target: '≥ 0.5× baseline',
        met: ratio !== null && ratio >= 0.5,
      });
      row({
        workload: `W1 first ${first}`,
        measure: 'p50 ms',
        cobuild: a.p50,
        baseline: b.p50,
        ratio: div(a.p50, b.p50),
      });
      row({
        workload: `W1 first ${first}`,
        measure: 'p99 ms',
        cobuild: a.p99,
        baseline: b.p99,
        ratio: div(a.p99, b.p99),
      });
    }

    const body = JSON.stringify({ query: W1_QUERY, variables: { regionId, first: 50 } });
    const probe = await postgresProbe();
    try {
      const a = await cpuPerRequest(cobuild, body, probe);
      log(`W1 CPU Cobuild: ${JSON.stringify(a)}`);
      const b = await cpuPerRequest(baseline, body, probe);
      log(`W1 CPU baseline: ${JSON.stringify(b)}`);
      row({
        workload: 'W1 first 50',
        measure: `server CPU ms/req (${a.requests}/${b.requests} seq.)`,
        cobuild: a.serverMs,
        baseline: b.serverMs,
        ratio: div(a.serverMs, b.serverMs),
        target: '≤ 10 ms',
        met: a.serverMs <= 10,
      });
      row({
        workload: 'W1 first 50',
        measure: 'PostgreSQL CPU ms/req',
        cobuild: a.postgresMs,
        baseline: b.postgresMs,
        ratio: div(a.postgresMs, b.postgresMs),
      });
      row({
        workload: 'W1 first 50',
        measure: 'sequential latency ms',
        cobuild: a.wallMs,
        baseline: b.wallMs,
        ratio: div(a.wallMs, b.wallMs),
      });
    } finally {
      await probe.client.end();
    }
  } finally {
    await baseline.stop();
  }

  // Statements per request, from a second Cobuild with diagnostics on.
  const diagnostic = await startCobuild({ GRAPHQL_DIAGNOSTICS: 'true' }, 'Cobuild (diagnostics)');
  try {
    const statements = {};
    for (const first of [10, 100]) {
      const res = await graphql(diagnostic.graphqlUrl, W1_QUERY, { regionId, first });
      statements[first] = res.extensions?.diagnostics?.statements ?? null;
      log(`W1 first ${first}: ${statements[first]} statements, ${res.extensions?.diagnostics?.ms} ms`);
    }
    const same = statements[10] === statements[100];
    for (const first of [10, 100]) {
      row({
        workload: `W1 first ${first}`,
        measure: 'SQL statements',
        cobuild: statements[first],
        target: `= at 10 and 100, ≤ ${W1_LISTS}`,
        met: statements[first] !== null && same && statements[first] <= W1_LISTS,
      });
    }
  } finally {
    await diagnostic.stop();
  }
}

function div(a, b) {
  return typeof a === 'number' && typeof b === 'number' && b !== 0 ? a / b : null;
}

async function benchW2(cobuild, regionId) {
  const first = await graphql(cobuild.graphqlUrl, W2_QUERY, { regionId });
  log(`W2 answer: ${JSON.stringify(first.data.regionStats).slice(0, 300)}`);
  const body = JSON.stringify({ query: W2_QUERY, variables: { regionId } });
  const samples = [];
  for (let round = 1; round <= rounds; round++) {
    await idle();
    const s = await cannon(cobuild.graphqlUrl, body, duration);
    samples.push(s);
    log(`W2 run ${round}/${rounds}: ${fmtRun(s)}`);
  }
  const a = summarize(samples);
  if (a.failed) notes.push(`W2: ${a.failed} failed requests.`);
  row({ workload: 'W2 municipality', measure: 'req/s (median)', cobuild: a.reqPerSec });
  row({ workload: 'W2 municipality', measure: 'p50 ms', cobuild: a.p50 });
  row({
    workload: 'W2 municipality',
    measure: 'p99 ms',
    cobuild: a.p99,
    target: '< 50 ms',
    met: a.p99 !== null && a.p99 < 50,
  });
}

async function benchW3(cobuild) {
  const failures = [];
  const variants = [
    { label: '50 resources', orgCount: 50, capacity: 1_000_000, oneResource: false, attempts: w3Attempts },
    {
      label: '1 resource',
      orgCount: 1,
      capacity: 500,
      oneResource: true,
      // 5 tries per client: 1,000 tries on a capacity of 500, so half must be refused.
      attempts: 5,
    },
  ];
  for (const v of variants) {
    await idle();
    const r = await runW3(cobuild.graphqlUrl, BENCH_URL, { clients: 200, ...v });
    log(
      `W3 ${v.label}: ${r.commits}/${r.attempts} commits in ${r.seconds.toFixed(1)} s, ` +
        `${r.commitsPerSecond.toFixed(1)} commits/s, p50 ${r.p50?.toFixed(1)} ms, p99 ${r.p99?.toFixed(1)} ms, refusals ${JSON.stringify(r.refusals)}`,
    );
    const refusals =
      Object.entries(r.refusals)
        .map(([code, n]) => `${code} ${n}`)
        .join(', ') || 'none';
    const name = `W3 ${v.label}`;
    if (v.oneResource) {
      row({
        workload: name,
        measure: `commits (capacity ${v.capacity}, ${r.attempts} tries)`,
        cobuild: r.commits,
        target: `= ${r.expectedCommits}`,
        met: r.commits === r.expectedCommits,
      });
      row({ workload: name, measure: 'commits/s', cobuild: r.commitsPerSecond });
    } else {
      row({
        workload: name,
        measure: `commits/s (${r.attempts} tries)`,
        cobuild: r.commitsPerSecond,
        target: '≥ 1,000',
        met: r.commitsPerSecond >= 1000,
      });
    }
    row({ workload: name, measure: 'p50 ms', cobuild: r.p50 });
    row({ workload: name, measure: 'p99 ms', cobuild: r.p99 });
    row({ workload: name, measure: 'refusals', cobuild: refusals });
    row({
      workload: name,
      measure: 'over-commit / drift',
      cobuild: r.violations.length,
      target: '0',
      met: r.violations.length === 0,
    });
    if (r.violations.length) failures.push(`W3 ${v.label}: ${r.violations.join('; ')}`);
  }
  if (failures.length) throw new BenchFailure(`invariant violated:\n  ${failures.join('\n  ')}`);
}

async function benchW4(region) {
  // Both ends of every socket are on this machine: this process holds the subscribers of
  // Cobuild and the connections of the raw server at once; each server inherits the limit.
  const limit = openFilesLimit();
  const needed = 2 * w4Subscribers + 256;
  if (limit < needed) {
    throw new BenchFailure(
      `W4 needs about ${needed} open files in this process (${w4Subscribers} subscribers on each of two servers), ` +
        `but the limit is ${limit}: raise it first (ulimit -n ${needed}) or pass a smaller --w4-subscribers.`,
    );
  }
  const started = Date.now();
  const r = await runW4(BENCH_URL, {
    startCobuild: (nodeArgs) => startCobuild({}, 'Cobuild (W4)', nodeArgs),
    region,
    subscribers: w4Subscribers,
    events: w4Events,
    singles: w4Singles,
    rounds,
    idle,
  });
  log(`W4 took ${((Date.now() - started) / 1000).toFixed(0)} s`);
  const n = r.subscribers.toLocaleString('en-US');
  const name = `W4 ${n} subscribers`;
  const kb = (bytes) => bytes / 1024;
  row({
    workload: name,
    measure: 'KB/idle subscriber (heap+ext.)',
    cobuild: kb(r.memory.cobuild.heap),
    baseline: kb(r.memory.raw.heap),
    ratio: div(r.memory.cobuild.heap, r.memory.raw.heap),
    target: '≤ 20 KB',
    met: r.memory.cobuild.heap <= 20 * 1024,
  });
  row({
    workload: name,
    measure: 'KB/idle subscriber (RSS)',
    cobuild: kb(r.memory.cobuild.rss),
    baseline: kb(r.memory.raw.rss),
    ratio: div(r.memory.cobuild.rss, r.memory.raw.rss),
  });
  const burst = `W4 burst of ${r.events}`;
  const { cobuild: a, raw: b } = r.burst;
  const ratio = div(a.perSecond, b.perSecond);
  row({
    workload: burst,
    measure: 'deliveries/s (median)',
    cobuild: a.perSecond,
    baseline: b.perSecond,
    ratio,
    target: '≥ 0.5× raw ws',
    met: ratio !== null && ratio >= 0.5,
  });
  row({ workload: burst, measure: 'p50 ms', cobuild: a.p50, baseline: b.p50, ratio: div(a.p50, b.p50) });
  row({
    workload: burst,
    measure: 'p99 ms',
    cobuild: a.p99,
    baseline: b.p99,
    ratio: div(a.p99, b.p99),
    target: '< 100 ms',
    met: a.p99 < 100,
  });
  row({
    workload: burst,
    measure: 'server CPU µs/delivery',
    cobuild: a.cpuUsPerDelivery,
    baseline: b.cpuUsPerDelivery,
    ratio: div(a.cpuUsPerDelivery, b.cpuUsPerDelivery),
  });
  row({
    workload: burst,
    measure: 'client CPU µs/delivery',
    cobuild: a.clientUsPerDelivery,
    baseline: b.clientUsPerDelivery,
    ratio: div(a.clientUsPerDelivery, b.clientUsPerDelivery),
  });
  row({
    workload: burst,
    measure: 'server write calls/delivery',
    cobuild: a.writesPerDelivery,
    baseline: b.writesPerDelivery,
    ratio: div(a.writesPerDelivery, b.writesPerDelivery),
  });
  const single = `W4 single event`;
  const { cobuild: c, raw: d } = r.single;
  row({ workload: single, measure: 'p50 ms', cobuild: c.p50, baseline: d.p50, ratio: div(c.p50, d.p50) });
  row({
    workload: single,
    measure: `p99 ms (${r.singles} events)`,
    cobuild: c.p99,
    baseline: d.p99,
    ratio: div(c.p99, d.p99),
    target: '< 100 ms',
    met: c.p99 < 100,
  });
  // A wrong delivery stops the run (BenchFailure) before this row; it records what was checked.
  const expected = r.rounds * (r.events + r.singles) * r.subscribers;
  row({
    workload: name,
    measure: 'deliveries: each once, in order',
    cobuild: r.deliveries.cobuild,
    baseline: r.deliveries.raw,
    target: `= ${expected.toLocaleString('en-US')}`,
    met: r.deliveries.cobuild === expected,
  });
  notes.push(
    `W4: frames of ${r.frameBytes} bytes; ${n} subscribers connected and subscribed in ${r.connectSeconds.toFixed(1)} s.` +
      ` The load generator (this process: every socket, every frame parsed) shares the ${os.cpus().length} cores with the servers.`,
  );
  if (a.p99 >= 100) {
    notes.push(
      `W4 burst: all ${r.events} events are released by one COMMIT, so the p99 is about the time to drain the burst ` +
        `(${(r.events * r.subscribers).toLocaleString('en-US')} deliveries ÷ the rate); the raw ws server's is ` +
        `${Math.round(b.p99)} ms. The single events show the latency of one event.`,
    );
  }
  if (r.otherEvents) notes.push(`W4: ${r.otherEvents} deliveries of events not written by W4 were ignored.`);
}

async function benchW5() {
  await idle();
  const r = await runW5();
  log(`W5: fresh ${r.fresh.toFixed(2)} s, restart ${r.restart.toFixed(2)} s (${r.projects} projects)`);
  row({ workload: 'W5 embedded', measure: 'fresh start s', cobuild: r.fresh, target: '< 5 s', met: r.fresh < 5 });
  row({ workload: 'W5 embedded', measure: 'restart s', cobuild: r.restart, target: '< 2 s', met: r.restart < 2 });
}

// ---------------------------------------------------------------------------------------------

async function main() {
  if (!fs.existsSync(SERVER_MAIN)) throw new BenchFailure(`${SERVER_MAIN} is missing: run pnpm build first.`);
  const started = Date.now();
  log(`workloads ${only.join(', ')}; ${rounds} rounds of ${duration} s; machine ${os.cpus().length} cores`);
  const db = await ensureBenchDatabase({ fresh: options.fresh, log });
  const { district, municipality } = await benchRegions();
  const districtId = globalId('Region', district.id);
  const municipalityId = globalId('Region', municipality.id);
  log(
    `W1 region ${district.name_en} ${district.code} ${districtId}; W2 region ${municipality.name_en} ${municipalityId}`,
  );
  await cleanupW3(BENCH_URL);
  await cleanupW4(BENCH_URL);

  let failure = null;
  try {
    if (runs('W1') || runs('W2') || runs('W3')) {
      const cobuild = await startCobuild();
      try {
        if (runs('W1')) await benchW1(cobuild, districtId);
        if (runs('W2')) await benchW2(cobuild, municipalityId);
        if (runs('W3')) await benchW3(cobuild);
      } finally {
        await cobuild.stop();
      }
    }
    if (runs('W4')) await benchW4({ id: district.id, globalId: districtId });
    if (runs('W5')) await benchW5();
  } catch (error) {
    if (!(error instanceof BenchFailure)) throw error;
    failure = error;
  }

  const result = {
    rows,
    notes,
    options: { duration, rounds, only, cpuRequests, w3Attempts, w4Subscribers, w4Events, w4Singles },
    seed: db,
    elapsedMs: Date.now() - started,
    failure: failure?.message ?? null,
  };
  console.log(report(result));
  if (only.length === WORKLOADS.length && !failure) {
    const file = await writeMarkdown(result, BENCH_URL);
    log(`wrote ${file.replace(ROOT, '')}`);
  } else {
    log('BENCHMARKS.md is written only by a complete, successful run (no --only).');
  }
  if (failure) {
    console.error(`\nFAILED: ${failure.message}`);
    return 1;
  }
  log(`done in ${((Date.now() - started) / 1000).toFixed(0)} s`);
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
