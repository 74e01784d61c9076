import { describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';

const fx = useSeededServer('pagination');

interface Page {
  totalCount: number;
  pageInfo: { hasNextPage: boolean; hasPreviousPage: boolean; startCursor: string | null; endCursor: string | null };
  edges: { cursor: string; node: { id: string } }[];
}

async function organizations(args: string): Promise<Page> {
  const res = await gql<{ organizations: Page }>(
    fx.server.graphqlUrl,
    `{ organizations${args ? `(${args})` : ''} { totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor } edges { cursor node { id } } } }`,
  );
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  return res.data!.organizations;
}

describe('Relay connections', () => {
  it('walks forward with first/after through every item exactly once', async () => {
    const total = (await organizations('first: 1')).totalCount;
    const seen: string[] = [];
    let after: string | null = null;
    let pages = 0;
    for (;;) {
      const page: Page = await organizations(`first: 7${after ? `, after: "${after}"` : ''}`);
      pages += 1;
      seen.push(...page.edges.map((e) => e.node.id));
      expect(page.pageInfo.hasPreviousPage).toBe(after !== null);
      expect(page.pageInfo.endCursor).toBe(page.edges.at(-1)?.cursor ?? null);
      if (!page.pageInfo.hasNextPage) break;
      after = page.pageInfo.endCursor;
    }
    expect(seen).toHaveLength(total);
    expect(new Set(seen).size).toBe(total);
    expect(pages).toBe(Math.ceil(total / 7));
  });

  it('walks backward with last/before and meets the same order', async () => {
    const forward = (await organizations('first: 100')).edges.map((e) => e.node.id);
    const lastPage = await organizations('last: 5');
    expect(lastPage.edges.map((e) => e.node.id)).toEqual(forward.slice(-5));
    expect(lastPage.pageInfo).toMatchObject({ hasPreviousPage: true, hasNextPage: false });
    const before = await organizations(`last: 5, before: "${lastPage.pageInfo.startCursor}"`);
    expect(before.edges.map((e) => e.node.id)).toEqual(forward.slice(-10, -5));
    expect(before.pageInfo.hasNextPage).toBe(true);
  });

  it('defaults to 20 items and caps at 100', async () => {
    expect((await organizations('')).edges).toHaveLength(20);
    const all = await organizations('first: 100');
    expect(all.edges).toHaveLength(Math.min(100, all.totalCount));
  });

  it.each([
    ['first: 0', 'first'],
    ['first: 101', 'first'],
    ['first: -3', 'first'],
    ['last: 1000', 'last'],
    ['first: 2, last: 2', 'last'],
    ['after: "bm90LWEtY3Vyc29y"', 'after'],
    ['after: "%%%"', 'after'],
    [`after: "${Buffer.from(JSON.stringify(['organizations', 'B', 'not-a-uuid'])).toString('base64url')}"`, 'after'],
  ])('refuses %s with BAD_USER_INPUT naming "%s"', async (args, argument) => {
    const res = await gql(fx.server.graphqlUrl, `{ organizations(${args}) { totalCount } }`);
    expect(res.status).toBe(200);
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].extensions!.argument).toBe(argument);
    expect(res.data).toBeNull();
  });

  it('refuses a cursor taken from another connection', async () => {
    const projects = await gql<any>(fx.server.graphqlUrl, `{ projects(first: 1) { pageInfo { endCursor } } }`);
    const cursor = projects.data.projects.pageInfo.endCursor;
    const res = await gql(
      fx.server.graphqlUrl,
      `query($c: String) { organizations(first: 2, after: $c) { totalCount } }`,
      { c: cursor },
    );
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
    expect(res.errors![0].message).toMatch(/cursor of another list/);
    const nested = await gql(
      fx.server.graphqlUrl,
      `query($c: String) { regions(first: 1) { nodes { children(after: $c) { totalCount } } } }`,
      { c: cursor },
    );
    expect(errorCodes(nested)).toEqual(['BAD_USER_INPUT']);
  });

  it('paginates nested connections per parent', async () => {
    const res = await gql<any>(
      fx.server.graphqlUrl,
      `{ regions(filter: { level: DISTRICT }) { nodes { code children(first: 1) { totalCount pageInfo { hasNextPage endCursor } nodes { code } } } } }`,
    );
    expect(res.errors).toBeUndefined();
    for (const district of res.data.regions.nodes) {
      const first = district.children;
      expect(first.nodes).toHaveLength(1);
      expect(first.pageInfo.hasNextPage).toBe(first.totalCount > 1);
      const next = await gql<any>(
        fx.server.graphqlUrl,
        `query($c: String) { regions(filter: { level: DISTRICT }) { nodes { code children(first: 10, after: $c) { nodes { code } } } } }`,
        { c: first.pageInfo.endCursor },
      );
      const same = next.data.regions.nodes.find((d: { code: string }) => d.code === district.code);
      expect(same.children.nodes).toHaveLength(first.totalCount - 1);
      expect(same.children.nodes.every((c: { code: string }) => c.code > first.nodes[0].code)).toBe(true);
    }
  });
});
