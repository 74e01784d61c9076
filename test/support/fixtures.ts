import { afterAll, beforeAll } from 'vitest';
import { createTestDatabase, type TestDatabase } from './postgres.js';
import { startServer, type TestServer } from './server.js';

export interface ServerFixture {
  server: TestServer;
  db: TestDatabase;
}

/**
 * For one test file: a database of its own on the real PostgreSQL and the real server
 * process on it, seeded with the demo data; both are removed after the file.
 */
export function useSeededServer(label: string, env: Record<string, string> = {}): ServerFixture {
  const fixture = {} as ServerFixture;
  beforeAll(async () => {
    fixture.db = await createTestDatabase(label);
    fixture.server = await startServer({ DATABASE_URL: fixture.db.url, SEED_DEMO: 'true', ...env });
  });
  afterAll(async () => {
    await fixture.server?.stop();
    await fixture.db?.drop();
  });
  return fixture;
}
