// The table of figures (stdout) and test/bench/BENCHMARKS.md.
import fs from 'node:fs';
import os from 'node:os';
import pg from 'pg';
import prettier from 'prettier';

const MARKDOWN = new URL('./BENCHMARKS.md', import.meta.url);
const PROFILE_PLACEHOLDER = '_Filled in by hand: where the time of W1 goes on the Cobuild server._';

function fmt(value) {
  if (value === null || value === undefined) return '—';
  if (typeof value !== 'number') return String(value);
  if (!Number.isFinite(value)) return '—';
  if (Number.isInteger(value)) return value.toLocaleString('en-US');
  const abs = Math.abs(value);
  const digits = abs >= 100 ? 0 : abs >= 10 ? 1 : 2;
  return value.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
}

function cells(r) {
  return [
    r.workload,
    r.measure,
    fmt(r.cobuild),
    fmt(r.baseline),
    r.ratio === null || r.ratio === undefined ? '—' : `${fmt(r.ratio)}×`,
    r.target || '—',
    r.met === null || r.met === undefined ? '' : r.met ? 'met' : 'NOT MET',
  ];
}

const HEADER = ['workload', 'measure', 'Cobuild', 'baseline', 'ratio', 'target', ''];

/** The plain-text table printed to stdout. */
export function report({ rows, notes, failure, options }) {
  const table = [HEADER, ...rows.map(cells)];
  const widths = HEADER.map((_, i) => Math.max(...table.map((r) => r[i].length)));
  const line = (r) =>
    r
      .map((c, i) => (i >= 2 && i <= 4 ? c.padStart(widths[i]) : c.padEnd(widths[i])))
      .join('  ')
      .trimEnd();
  const out = [
    '',
    `Cobuild benchmarks (${options.only.join(', ')}; -c 10, ${options.rounds} rounds × ${options.duration} s, medians)`,
    line(table[0]),
    widths
      .map((w) => '-'.repeat(w))
      .join('  ')
      .trimEnd(),
    ...table.slice(1).map(line),
  ];
  for (const n of notes) out.push(`note: ${n}`);
  if (failure) out.push(`FAILED: ${failure}`);
  return out.join('\n');
}

async function machine(databaseUrl) {
  const cpuinfo = fs.readFileSync('/proc/cpuinfo', 'utf8');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  let postgres;
  try {
    postgres = (await client.query('select version() as v')).rows[0].v.split(' on ')[0];
  } finally {
    await client.end();
  }
  return {
    cpu: model.trim(),
    cores: os.cpus().length,
    memory: `${(os.totalmem() / 2 ** 30).toFixed(1)} GiB`,
    node: process.version,
    postgres,
    kernel: `${os.type()} ${os.release()}`,
  };
}

function existingProfile() {
  try {
    const text = fs.readFileSync(MARKDOWN, 'utf8');
    const at = text.indexOf('\n## Profile');
    if (at < 0) return null;
    const body = text.slice(at + '\n## Profile'.length).trim();
    return body || null;
  } catch {
    return null;
  }
}

/** Writes BENCHMARKS.md: method, machine, date, figures; keeps a Profile section written by hand. */
export async function writeMarkdown({ rows, notes, options, seed, elapsedMs }, databaseUrl) {
  const m = await machine(databaseUrl);
  const table = [
    `| ${HEADER.map((h) => h || 'met').join(' | ')} |`,
    `| ${HEADER.map((_, i) => (i >= 2 && i <= 4 ? '---:' : '---')).join(' | ')} |`,
    ...rows.map((r) => `| ${cells(r).join(' | ')} |`),
  ];
  const text = `# Benchmarks

Written by \`pnpm bench\` (test/bench/run.mjs) on ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC,
with \`--duration ${options.duration} --rounds ${options.rounds} --cpu-requests ${options.cpuRequests} --w3-attempts ${options.w3Attempts}
--w4-subscribers ${options.w4Subscribers} --w4-events ${options.w4Events} --w4-singles ${options.w4Singles}\`;
the whole run took ${Math.round(elapsedMs / 1000)} s${seed.reseeded ? `, of which ${Math.round(seed.seedMs / 1000)} s seeding` : ' (database reused)'}.

## Machine

- CPU: ${m.cpu}, ${m.cores} cores
- Memory: ${m.memory}
- Node ${m.node}, ${m.postgres}
- ${m.kernel}

## Method

- **Data.** The real PostgreSQL (\`TEST_DATABASE_URL\`, database \`cobuild_bench\`), migrated and volume-seeded
  (\`server/dist/cli/seed-volume.js\`): 5,000 work units, 20,000 projects, 200,000 commitments, 60,000 requirements,
  0–5 milestones per project, on top of the demo data. The database is reused while its comment names the current
  \`VOLUME_SEED_VERSION\` (volume seed v${seed.version}) and it holds that volume; \`--fresh\` drops and reseeds it.
- **Servers.** Cobuild is \`node server/dist/cobuild.js\` (\`DATABASE_URL\`, \`LOG_LEVEL=warn\`,
  \`GRAPHQL_DIAGNOSTICS=false\`, pool of 10) on a free port of 127.0.0.1. The baseline
  (\`test/bench/baseline-server.mjs\`) is plain \`node:http\` + \`pg\` (pool of 10) answering W1 with one hand-written
  statement (\`test/bench/w1-baseline.sql\`) that builds the whole response JSON in PostgreSQL.
- **Equality.** Before any timing, W1 at \`first: 50\` and \`first: 100\` is requested from both servers and the parsed
  responses must be deep-equal; otherwise the run stops with the first difference and exits non-zero.
- **Timing.** autocannon, 10 connections, 127.0.0.1 only, ${options.duration} s per run. W1 (\`test/bench/w1.graphql\`,
  Jing'an district 310106) runs interleaved Cobuild, baseline, Cobuild, baseline … for ${options.rounds} rounds at
  \`first: 50\` and at \`first: 100\`; W2 (\`regionStats\` of the municipality) runs ${options.rounds} times on Cobuild.
  Before every run the harness waits (at most 10 s) until a /proc/stat sample shows the machine under 10% busy.
  Figures are medians over the runs: req/s = 2xx responses ÷ run time; p50/p99 are autocannon's latencies.
- **CPU per request.** ${options.cpuRequests} sequential W1 requests (\`first: 50\`, capped at 30 s) per server after one
  warm-up request; utime + stime of the server process from /proc/<pid>/stat before and after, divided by the number of
  requests. PostgreSQL CPU is the same for the backends of \`cobuild_bench\` (pg_stat_activity) alive at the end
  of the run; the baseline's work is mostly there. Backends that exit during the run (and short-lived parallel
  workers) are not counted: their CPU goes to the postmaster, mixed with every other database's.
- **Statements.** A second Cobuild with \`GRAPHQL_DIAGNOSTICS=true\` answers W1 at \`first: 10\` and \`first: 100\`;
  \`extensions.diagnostics.statements\` must be equal for both and at most one per list field of W1.
- **W3.** By SQL: an IN_PROGRESS project, and for each of 50 volume work units an API token with scope
  \`write:commitments\`, one ACTIVE resource (VOLUNTEER_HOURS, PERSON_HOUR) and one requirement of 10⁹ PERSON_HOUR.
  200 concurrent clients each try ${options.w3Attempts} \`commitResource\` calls of quantity 1 (client k acts for
  organization k mod 50). Then the same with one resource of capacity 500 and 5 tries per client (1,000 tries):
  exactly 500 must succeed, the rest be refused with INSUFFICIENT_CAPACITY. After each run SQL checks every
  resource (committed = sum of its non-WITHDRAWN commitments, ≤ capacity) and every requirement (non-WITHDRAWN
  commitments ≤ quantity), and that the stored commitments match the successes; any violation fails the run. The
  run's project, resources and tokens are deleted afterwards.
- **W4.** A Cobuild server and the raw baseline \`test/bench/ws-broadcast-server.mjs\` (plain \`ws\`, no protocol: on
  \`POST /broadcast\` it sends a frame n times to every connection, one buffer per event shared by all, the event loop
  turning between events), both with \`--inspect\` on 127.0.0.1 for the memory figures only. The harness opens
  ${options.w4Subscribers} graphql-transport-ws subscribers, 100 at a time (\`connection_init\` with the demo partner's
  read-only token, then \`regionActivity\` of Jing'an with \`after\` = the cursor of an anchor event, so none misses an
  event however long its subscribe takes), and as many plain connections to the raw server. **Memory:** heap used +
  external (\`process.memoryUsage()\` after two full GCs through the inspector) and VmRSS of the server, before (after
  one subscriber went through a burst and closed) and after all are connected and have had a warm-up burst of 5
  events, divided by their number; the same for the raw server's connections. **Bursts:** ${options.w4Events} events
  inserted by SQL into \`activity\` in one statement (type \`bench.event\`, one per project of the district) with a
  \`pg_notify('cobuild_activity')\`, released by COMMIT (not by mutations: they would time the write path, not the
  fan-out); the raw server is asked for ${options.w4Events} copies of a real \`next\` frame captured from Cobuild (same
  bytes, subscription id included). Deliveries/s = subscribers × events ÷ (last message − the moment just before
  COMMIT, or before the trigger request); latency = receive time − that moment, per message, so a burst's p99 is about
  the time to drain it. **Single events:** ${options.w4Singles} events one at a time, each awaited at every
  subscriber. Every subscriber must get every event exactly once and in (xid, id) order (raw: exactly the frames sent),
  else the run fails. Server CPU per delivery from /proc/<pid>/stat. Each round runs Cobuild, then raw, for the burst
  and for the single events; figures are medians over the rounds. The \`bench.event\` rows are deleted before and
  after. The load generator (the harness: every socket, \`JSON.parse\` of every frame) shares the cores with the
  servers and PostgreSQL.
- **W5.** \`node server/dist/cobuild.js\` without \`DATABASE_URL\` on a fresh temporary \`DATA_DIR\` (embedded
  PostgreSQL): seconds from spawn to the first successful answer to \`{ projects(first: 1) { totalCount } }\`; then
  SIGTERM, wait for the exit, and the same again on the same \`DATA_DIR\` (restart). The folder is removed.

## Results

${table.join('\n')}
${notes.length ? `\n${notes.map((n) => `- ${n}`).join('\n')}\n` : ''}
## Profile

${existingProfile() ?? PROFILE_PLACEHOLDER}
`;
  // Formatted as `prettier --check .` expects (aligned table columns).
  const file = MARKDOWN.pathname;
  const formatted = await prettier.format(text, { ...(await prettier.resolveConfig(file)), filepath: file });
  fs.writeFileSync(file, formatted);
  return file;
}
