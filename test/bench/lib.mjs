// Shared helpers of the benchmark harness: child processes, HTTP, CPU and idle sampling.
import { execFileSync, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const SERVER_MAIN = fileURLToPath(new URL('../../server/dist/cobuild.js', import.meta.url));

/** Raised when the benchmark must stop with a failure (equality, invariants). */
export class BenchFailure extends Error {
  name = 'BenchFailure';
}

// ---------------------------------------------------------------------------------------------
// Child processes: every one is tracked and killed when the harness exits, however it exits.

const children = new Set();
const exitHooks = [];

function killChildren() {
  for (const child of children) {
    if (child.exitCode === null && child.signalCode === null) {
      try {
        child.kill('SIGKILL');
      } catch {
        // already gone
      }
    }
  }
  children.clear();
}

/** Runs `fn` (synchronously) when the harness exits, e.g. to remove a temporary folder. */
export function onExit(fn) {
  exitHooks.push(fn);
  return () => {
    const i = exitHooks.indexOf(fn);
    if (i >= 0) exitHooks.splice(i, 1);
  };
}

process.on('exit', () => {
  killChildren();
  for (const hook of exitHooks.splice(0)) {
    try {
      hook();
    } catch {
      // best effort while exiting
    }
  }
});
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    console.error(`\n${signal}: stopping the benchmark and its servers`);
    process.exit(130);
  });
}

/** Spawns a tracked child process. */
export function spawnTracked(command, args, options) {
  const child = spawn(command, args, options);
  children.add(child);
  child.once('exit', () => children.delete(child));
  return child;
}

/** A free TCP port on 127.0.0.1 (the OS picks it; it is released again at once). */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** GET a 127.0.0.1 URL; resolves with the status, or null when nothing answers. */
function probeStatus(url) {
  return new Promise((resolve) => {
    const req = http.get(url, { timeout: 5_000 }, (res) => {
      res.resume();
      resolve(res.statusCode);
    });
    req.on('timeout', () => req.destroy());
    req.on('error', () => resolve(null));
  });
}

/**
 * Spawns `node [nodeArgs] <script>` with PORT set to a free port on 127.0.0.1 and resolves once
 * GET `readyPath` answers 200 (polled, bounded by `timeoutMs`). Its output is kept for errors.
 */
export async function startServerProcess(
  script,
  env,
  { label, readyPath = '/readyz', timeoutMs = 120_000, nodeArgs = [] },
) {
  const port = await freePort();
  const started = performance.now();
  const child = spawnTracked(process.execPath, [...nodeArgs, script], {
    env: { ...env, PORT: String(port), HOST: '127.0.0.1' },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: ROOT,
  });
  let output = '';
  const keep = (chunk) => {
    output += chunk.toString('utf8');
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exitCode;
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      exitCode = code ?? signal;
      resolve(exitCode);
    }),
  );
  const url = `http://127.0.0.1:${port}`;
  const server = {
    url,
    graphqlUrl: `${url}/graphql`,
    pid: child.pid,
    process: child,
    output: () => output,
    async stop(signal = 'SIGTERM', graceMs = 15_000) {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      const timeout = setTimeout(() => child.kill('SIGKILL'), graceMs);
      const code = await exited;
      clearTimeout(timeout);
      return code;
    },
  };
  while (performance.now() - started < timeoutMs) {
    if (exitCode !== undefined) {
      throw new BenchFailure(`${label} exited (${exitCode}) before it was ready:\n${output.slice(-4000)}`);
    }
    if ((await probeStatus(`${url}${readyPath}`)) === 200) return server;
    await sleep(50);
  }
  child.kill('SIGKILL');
  throw new BenchFailure(`${label} was not ready within ${timeoutMs} ms:\n${output.slice(-4000)}`);
}

/** Runs a Node script to completion; throws with its output when it fails. */
export function runNode(args, env, timeoutMs = 600_000) {
  return new Promise((resolve, reject) => {
    const child = spawnTracked(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'], cwd: ROOT });
    let output = '';
    child.stdout.on('data', (c) => (output += c));
    child.stderr.on('data', (c) => (output += c));
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      if (code === 0) resolve(output);
      else reject(new BenchFailure(`node ${args.join(' ')} failed (${code ?? signal}):\n${output.slice(-4000)}`));
    });
  });
}

// ---------------------------------------------------------------------------------------------
// HTTP

const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

/** POSTs JSON to a 127.0.0.1 URL; resolves with status and parsed body. */
export function postJson(url, body, headers = {}, timeoutMs = 120_000) {
  const target = new URL(url);
  if (target.hostname !== '127.0.0.1') throw new Error(`only 127.0.0.1 is benchmarked, not ${target.hostname}`);
  const payload = Buffer.from(typeof body === 'string' ? body : JSON.stringify(body));
  return new Promise((resolve, reject) => {
    const req = http.request(
      target,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', 'content-length': payload.length, ...headers },
        timeout: timeoutMs,
      },
      (res) => {
        const chunks = [];
        res.on('data', (c) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          resolve({ status: res.statusCode, text, json });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`request to ${url} timed out after ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(payload);
  });
}

/** A GraphQL request that must succeed without errors; returns the whole parsed body. */
export async function graphql(url, query, variables, headers) {
  const res = await postJson(url, { query, variables }, headers);
  if (res.status !== 200 || !res.json || res.json.errors) {
    throw new BenchFailure(`GraphQL request to ${url} failed (${res.status}): ${res.text.slice(0, 2000)}`);
  }
  return res.json;
}

export function sleep(ms) {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

// ---------------------------------------------------------------------------------------------
// CPU accounting from /proc

let clockTicks;
/** Clock ticks per second (USER_HZ) of /proc/<pid>/stat times. */
export function ticksPerSecond() {
  if (clockTicks === undefined) {
    try {
      clockTicks = Number(execFileSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).trim()) || 100;
    } catch {
      clockTicks = 100;
    }
  }
  return clockTicks;
}

/** Fields of /proc/<pid>/stat from field 3 (state) on, or null when the process is gone. */
function statFields(pid) {
  try {
    const text = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    return text.slice(text.lastIndexOf(')') + 2).split(' ');
  } catch {
    return null;
  }
}

/** utime + stime of a process in milliseconds, or null when it is gone. */
export function processCpuMs(pid) {
  const f = statFields(pid);
  if (!f) return null;
  // Field 14 utime, 15 stime (1-based in proc(5)); f[0] is field 3.
  return ((Number(f[11]) + Number(f[12])) * 1000) / ticksPerSecond();
}

/** Share of all cores busy over `ms` (0–1), from /proc/stat. */
export async function cpuBusy(ms = 400) {
  const read = () => {
    const line = fs.readFileSync('/proc/stat', 'utf8').split('\n')[0];
    const v = line.trim().split(/\s+/).slice(1).map(Number);
    const idle = v[3] + (v[4] ?? 0);
    const total = v.slice(0, 8).reduce((a, b) => a + b, 0);
    return { idle, total };
  };
  const a = read();
  await sleep(ms);
  const b = read();
  const total = b.total - a.total;
  return total > 0 ? 1 - (b.idle - a.idle) / total : 0;
}

/**
 * Waits until the machine is idle (under `threshold` of all cores busy in a short sample),
 * at most `maxMs`; returns the last busy share and how long it waited.
 */
export async function waitIdle({ threshold = 0.1, maxMs = 20_000 } = {}) {
  const started = Date.now();
  let busy = 1;
  while (Date.now() - started < maxMs) {
    busy = await cpuBusy();
    if (busy < threshold) break;
  }
  return { busy, waitedMs: Date.now() - started };
}

// ---------------------------------------------------------------------------------------------
// Statistics

export function median(values) {
  const v = values.filter((x) => typeof x === 'number' && Number.isFinite(x)).sort((a, b) => a - b);
  if (v.length === 0) return null;
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

/** Nearest-rank percentile of a list of numbers. */
export function percentile(values, p) {
  const v = [...values].sort((a, b) => a - b);
  if (v.length === 0) return null;
  const rank = Math.min(v.length - 1, Math.max(0, Math.ceil((p / 100) * v.length) - 1));
  return v[rank];
}

/** The first place where two JSON values differ, as a path and the two values; null when equal. */
export function firstDifference(a, b, path = '$') {
  if (a === b) return null;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') {
    return { path, a, b };
  }
  if (Array.isArray(a) !== Array.isArray(b)) return { path, a, b };
  if (Array.isArray(a)) {
    for (let i = 0; i < Math.max(a.length, b.length); i++) {
      if (i >= a.length || i >= b.length) return { path: `${path}[${i}]`, a: a[i], b: b[i] };
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d) return d;
    }
    return null;
  }
  const keys = [...new Set([...Object.keys(a), ...Object.keys(b)])].sort();
  for (const k of keys) {
    if (!(k in a) || !(k in b)) return { path: `${path}.${k}`, a: a[k], b: b[k] };
    const d = firstDifference(a[k], b[k], `${path}.${k}`);
    if (d) return d;
  }
  return null;
}

/** base64url of `Type:uuid`, as Cobuild's global IDs. */
export function globalId(type, id) {
  return Buffer.from(`${type}:${id}`, 'utf8').toString('base64url');
}
