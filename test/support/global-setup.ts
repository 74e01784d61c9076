import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startEmbeddedPostgres } from '@cobuild/server';
import { ensureChromium } from './chromium.js';
import { DEFAULT_TEST_DATABASE_URL, postgresAnswers } from './postgres.js';
import { SERVER_MAIN } from './server.js';

/**
 * Before every end-to-end file: the built server, a PostgreSQL and Chromium. With no
 * TEST_DATABASE_URL and nothing answering at the default address (a fresh machine), the run
 * starts one embedded PostgreSQL 15 for itself — the same one `pnpm start` uses — and every
 * test file uses it as it would use the system one. Returns the teardown.
 */
export default async function setup(): Promise<(() => Promise<void>) | undefined> {
  if (!fs.existsSync(SERVER_MAIN)) {
    throw new Error(`${SERVER_MAIN} is missing: build first (pnpm build; pnpm test does it).`);
  }
  let teardown: (() => Promise<void>) | undefined;
  if (!(await postgresAnswers())) {
    if (process.env.TEST_DATABASE_URL) {
      throw new Error(`No PostgreSQL answers at TEST_DATABASE_URL=${process.env.TEST_DATABASE_URL}.`);
    }
    // Under the system's temporary folder: as root the cluster runs as the "postgres" user.
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'cobuild-test-postgres-'));
    const embedded = await startEmbeddedPostgres(dataDir, 400);
    // Test files run in worker processes started after this setup: they inherit it.
    process.env.TEST_DATABASE_URL = embedded.url;
    console.log(
      `No PostgreSQL at ${DEFAULT_TEST_DATABASE_URL}; the tests run on an embedded PostgreSQL 15 in ${dataDir}.`,
    );
    teardown = async () => {
      await embedded.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    };
  }
  ensureChromium();
  return teardown;
}
