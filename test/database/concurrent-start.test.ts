import { afterAll, describe, expect, it } from 'vitest';
import { gql } from '../support/graphql.js';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';
import { startServer, type TestServer } from '../support/server.js';

let db: TestDatabase | undefined;
const servers: TestServer[] = [];

afterAll(async () => {
  await Promise.all(servers.map((s) => s.stop()));
  await db?.drop();
});

describe('instances starting together on an empty database', () => {
  it('both start; one migrates and seeds, the other finds the data', async () => {
    db = await createTestDatabase('concurrent_start');
    const started = await Promise.all(
      [1, 2].map(() => startServer({ DATABASE_URL: db!.url, SEED_DEMO: 'true' }, 90_000)),
    );
    servers.push(...started);
    const seeded = started.filter((s) => s.logs().some((l) => l.msg === 'demo data seeded'));
    expect(seeded).toHaveLength(1);
    const [{ regions }] = await db.query<{ regions: number }>(
      `select count(*)::int as regions from region where code = '310106'`,
    );
    expect(regions).toBe(1);
    for (const server of started) {
      const res = await gql<any>(server.graphqlUrl, '{ projects(first: 1) { totalCount } }');
      expect(res.data.projects.totalCount).toBeGreaterThan(0);
    }
  });
});
