// The benchmark database: created, migrated and volume-seeded once, reused while it still
// holds the volume written by the current volume-seed version.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { BenchFailure, ROOT, runNode } from './lib.mjs';

export const BENCH_DATABASE = 'cobuild_bench';
export const VOLUME = { organizations: 5_000, projects: 20_000, commitments: 200_000 };

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name) {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

export const BENCH_URL = databaseUrl(BENCH_DATABASE);

/** VOLUME_SEED_VERSION of the built seed (server/dist), which a reused database must match. */
export function currentSeedVersion() {
  const file = path.join(ROOT, 'server/dist/seed/volume-seed.js');
  const match = /VOLUME_SEED_VERSION = (\d+)/.exec(fs.readFileSync(file, 'utf8'));
  if (!match) throw new BenchFailure(`${file} does not define VOLUME_SEED_VERSION`);
  return Number(match[1]);
}

async function withClient(url, fn) {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** The marker `pnpm bench` leaves as the database's comment after a complete seed. */
function marker(version) {
  return JSON.stringify({ volumeSeed: version, ...VOLUME });
}

async function databaseState() {
  return withClient(TEST_DATABASE_URL, async (c) => {
    const { rows } = await c.query(
      `select shobj_description(oid, 'pg_database') as comment from pg_database where datname = $1`,
      [BENCH_DATABASE],
    );
    return rows.length === 0 ? { exists: false, comment: null } : { exists: true, comment: rows[0].comment };
  });
}

async function volumeCounts() {
  return withClient(BENCH_URL, async (c) => {
    const { rows } = await c.query(`select
      (select count(*)::int from organization where name_en like 'Partner Unit No.%') as organizations,
      (select count(*)::int from project where title_en like 'Co-building project %') as projects,
      (select count(*)::int from commitment) as commitments,
      (select count(*)::int from milestone) as milestones`);
    return rows[0];
  });
}

/**
 * Makes sure cobuild_bench exists, is migrated and holds the volume of the current seed
 * version; reseeds (drop, create, migrate, seed) when it does not, or when `fresh`.
 */
export async function ensureBenchDatabase({ fresh, log }) {
  const version = currentSeedVersion();
  const env = { PATH: process.env.PATH, DATABASE_URL: BENCH_URL, LOG_LEVEL: 'warn' };
  const state = await databaseState();
  let reason = fresh ? '--fresh' : null;
  if (!reason && !state.exists) reason = 'no database yet';
  if (!reason && state.comment !== marker(version)) {
    reason = `seeded by another volume-seed version (marker ${state.comment ?? 'missing'}, want ${marker(version)})`;
  }
  if (!reason) {
    const counts = await volumeCounts();
    const short = Object.entries(VOLUME).filter(([k, n]) => counts[k] < n);
    if (short.length || counts.milestones === 0) reason = `volume missing (${JSON.stringify(counts)})`;
  }
  if (!reason) {
    await runNode(['server/dist/cli/migrate.js'], env);
    log(`database ${BENCH_DATABASE}: reused (volume seed v${version})`);
    return { reseeded: false, seedMs: 0, version };
  }
  log(`database ${BENCH_DATABASE}: seeding (${reason}) …`);
  const started = Date.now();
  await withClient(TEST_DATABASE_URL, async (c) => {
    await c.query(`drop database if exists "${BENCH_DATABASE}" with (force)`);
    await c.query(`create database "${BENCH_DATABASE}"`);
  });
  await runNode(['server/dist/cli/migrate.js'], env);
  const output = await runNode(
    [
      'server/dist/cli/seed-volume.js',
      '--organizations',
      String(VOLUME.organizations),
      '--projects',
      String(VOLUME.projects),
      '--commitments',
      String(VOLUME.commitments),
    ],
    env,
  );
  const resultLine = output
    .trim()
    .split('\n')
    .reverse()
    .find((l) => l.startsWith('{') && l.includes('"milliseconds"'));
  const result = resultLine ? JSON.parse(resultLine) : {};
  if (result.version !== undefined && result.version !== version) {
    throw new BenchFailure(`the seed reported version ${result.version}, server/dist says ${version}`);
  }
  await withClient(TEST_DATABASE_URL, (c) =>
    c.query(`comment on database "${BENCH_DATABASE}" is ${pg.escapeLiteral(marker(version))}`),
  );
  const seedMs = Date.now() - started;
  log(`database ${BENCH_DATABASE}: seeded in ${(seedMs / 1000).toFixed(1)} s ${resultLine ?? ''}`);
  return { reseeded: true, seedMs, version, result };
}

/** The regions the workloads use, looked up by SQL. */
export async function benchRegions() {
  return withClient(BENCH_URL, async (c) => {
    const { rows } = await c.query(
      `select id, code, name_en, level from region where (code = '310106' and level = 'DISTRICT') or level = 'MUNICIPALITY' order by depth, code`,
    );
    const district = rows.find((r) => r.code === '310106');
    const municipality = rows.find((r) => r.level === 'MUNICIPALITY');
    if (!district || !municipality) throw new BenchFailure('region 310106 or the municipality is missing');
    return { district, municipality };
  });
}

export { withClient };
