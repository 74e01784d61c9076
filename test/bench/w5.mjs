// W5: cold start on the embedded database (no DATABASE_URL), fresh and restarted.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { BenchFailure, freePort, onExit, postJson, ROOT, SERVER_MAIN, sleep, spawnTracked } from './lib.mjs';

const QUERY = '{ projects(first: 1) { totalCount } }';

/** Seconds from spawning the server until it first answers QUERY without errors. */
async function timeToFirstAnswer(dataDir, timeoutMs) {
  const port = await freePort();
  const started = performance.now();
  // No DATABASE_URL: the server starts PGlite in DATA_DIR (and seeds the demo data there).
  const child = spawnTracked(process.execPath, [SERVER_MAIN], {
    env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'warn', DATA_DIR: dataDir },
    stdio: ['ignore', 'pipe', 'pipe'],
    cwd: ROOT,
  });
  let output = '';
  child.stdout.on('data', (c) => (output += c));
  child.stderr.on('data', (c) => (output += c));
  let exitCode;
  const exited = new Promise((resolve) =>
    child.once('exit', (code, signal) => {
      exitCode = code ?? signal;
      resolve(exitCode);
    }),
  );
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 20_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    while (performance.now() - started < timeoutMs) {
      if (exitCode !== undefined)
        throw new BenchFailure(`W5: the server exited (${exitCode}):\n${output.slice(-4000)}`);
      try {
        const res = await postJson(`http://127.0.0.1:${port}/graphql`, { query: QUERY }, {}, 10_000);
        if (res.status === 200 && !res.json?.errors && typeof res.json?.data?.projects?.totalCount === 'number') {
          const seconds = (performance.now() - started) / 1000;
          return { seconds, totalCount: res.json.data.projects.totalCount };
        }
      } catch {
        // not listening yet
      }
      await sleep(25);
    }
    throw new BenchFailure(`W5: no answer within ${timeoutMs} ms:\n${output.slice(-4000)}`);
  } finally {
    await stop();
  }
}

/** Fresh start on an empty DATA_DIR, then a restart on the same folder; the folder is removed. */
export async function runW5({ timeoutMs = 120_000 } = {}) {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cobuild-bench-w5-'));
  const remove = () => fs.rmSync(dataDir, { recursive: true, force: true });
  const forget = onExit(remove);
  try {
    const fresh = await timeToFirstAnswer(dataDir, timeoutMs);
    const restart = await timeToFirstAnswer(dataDir, timeoutMs);
    return { fresh: fresh.seconds, restart: restart.seconds, projects: restart.totalCount };
  } finally {
    remove();
    forget();
  }
}
