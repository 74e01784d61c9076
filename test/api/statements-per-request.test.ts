import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/fixtures.js';
import { gql } from '../support/graphql.js';

const fx = useSeededServer('statements');

beforeAll(() => {
  // Volume projects all have partners, requirements and commitments drawn from resources, so
  // every nested level of the query below has rows at every page size.
  const cli = fileURLToPath(new URL('../../server/dist/cli/seed-volume.js', import.meta.url));
  execFileSync(process.execPath, [cli, '--organizations', '60', '--projects', '300', '--commitments', '4000'], {
    env: { PATH: process.env.PATH, DATABASE_URL: fx.db.url, LOG_LEVEL: 'warn' },
    stdio: 'pipe',
  });
});

// Inner pages of 5 keep the query within the cost limit at 100 projects (QUERY_LIMITS.cost);
// the outer page size is what varies.
const NESTED = `query($n: Int!) {
  projects(first: $n, filter: { text: "Co-building project" }) {
    totalCount
    nodes {
      titleEn
      fillRate
      progress
      region { nameEn ancestors { code } }
      leadCommittee { nameEn region { code } }
      needs { titleEn reporter { nameEn } }
      participants(first: 5) { totalCount nodes { role organization { nameEn region { code } } } }
      requirements(first: 5) {
        nodes { titleEn quantity committed delivered open commitments(first: 5) { totalCount nodes { quantity organization { nameEn } resource { titleEn owner { nameEn } } } } }
      }
      milestones(first: 5) { nodes { progress } }
    }
  }
}`;

async function statements(n: number): Promise<{ statements: number; projects: number }> {
  const res = await gql<any>(fx.server.graphqlUrl, NESTED, { n });
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return { statements: res.extensions!.diagnostics.statements, projects: res.data.projects.nodes.length };
}

describe('statements per request', () => {
  it('follow the shape of the query, not the page size', async () => {
    const few = await statements(5);
    const all = await statements(100);
    expect(few.projects).toBe(5);
    expect(all.projects).toBe(100);
    // One statement per list or reference at each level, whatever the number of projects
    // (loads of one type that fall in the same tick share a statement, so it may be fewer).
    expect(all.statements).toBeLessThanOrEqual(few.statements);
    expect(few.statements).toBeLessThanOrEqual(20);
  });
});
