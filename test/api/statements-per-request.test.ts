import { describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/fixtures.js';
import { gql } from '../support/graphql.js';

const fx = useSeededServer('statements');

const NESTED = `query($n: Int!) {
  projects(first: $n) {
    totalCount
    nodes {
      titleEn
      region { nameEn ancestors { code } }
      leadCommittee { nameEn region { code } }
      needs { titleEn reporter { nameEn } }
      participants(first: 20) { totalCount nodes { role organization { nameEn region { code } } } }
      requirements(first: 20) {
        nodes { titleEn quantity commitments(first: 20) { totalCount nodes { quantity organization { nameEn } resource { titleEn owner { nameEn } } } } }
      }
      milestones(first: 10) { nodes { progress } }
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
    const one = await statements(1);
    const few = await statements(5);
    const all = await statements(100);
    expect(one.projects).toBe(1);
    expect(all.projects).toBeGreaterThanOrEqual(12);
    // One statement per list or reference at each level, whatever the number of projects.
    expect(one.statements).toBeLessThanOrEqual(few.statements);
    expect(all.statements).toBe(few.statements);
    expect(all.statements).toBeLessThanOrEqual(25);
  });
});
