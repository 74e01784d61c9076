import { randomBytes } from 'node:crypto';
import pg from 'pg';

export const TEST_DATABASE_URL = process.env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';

export function databaseUrl(name: string): string {
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  return url.toString();
}

async function admin<T>(fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

export interface TestDatabase {
  name: string;
  url: string;
  /** Runs SQL against the test database (for assertions on rows). */
  query<R extends pg.QueryResultRow = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<R[]>;
  drop(): Promise<void>;
}

/** A fresh, empty database of its own for one test file; drop it in afterAll. */
export async function createTestDatabase(label = 'test'): Promise<TestDatabase> {
  const name = `cobuild_${label.replace(/[^a-z0-9]/gi, '_').toLowerCase()}_${randomBytes(4).toString('hex')}`;
  await admin((c) => c.query(`create database "${name}"`));
  const url = databaseUrl(name);
  const pool = new pg.Pool({ connectionString: url, max: 2 });
  return {
    name,
    url,
    async query(sql, params) {
      return (await pool.query(sql, params)).rows;
    },
    async drop() {
      await pool.end();
      await admin((c) => c.query(`drop database if exists "${name}" with (force)`));
    },
  };
}

/** Throws one clear line when no PostgreSQL answers at TEST_DATABASE_URL. */
export async function assertPostgresReachable(): Promise<void> {
  try {
    await admin((c) => c.query('select 1'));
  } catch (error) {
    throw new Error(
      `No PostgreSQL at ${TEST_DATABASE_URL} (${(error as Error).message}). The tests need one: ` +
        `start the local server (pg_ctlcluster --skip-systemctl-redirect 15 main start) or set TEST_DATABASE_URL.`,
      { cause: error },
    );
  }
}
