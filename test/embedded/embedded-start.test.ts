import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { gql } from '../support/graphql.js';
import { startServer, type TestServer } from '../support/server.js';

const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cobuild-embedded-'));
let server: TestServer | undefined;

afterAll(async () => {
  await server?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

const README_QUERY = '{ projects(first: 5) { totalCount edges { node { id title: titleEn } } } }';

describe('embedded PostgreSQL (no DATABASE_URL)', () => {
  it('starts, migrates, seeds the demo data and answers the README query', async () => {
    server = await startServer({ DATA_DIR: dataDir }, 90_000);
    const res = await gql<any>(server.graphqlUrl, README_QUERY);
    expect(res.errors).toBeUndefined();
    expect(res.data.projects.totalCount).toBeGreaterThanOrEqual(12);
    expect(res.data.projects.edges).toHaveLength(5);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect(server.logs().some((l) => l.msg === 'demo data seeded')).toBe(true);
  });

  it('serves nested lists on the embedded database too', async () => {
    const res = await gql<any>(
      server!.graphqlUrl,
      '{ projects(first: 3) { nodes { participants(first: 5) { nodes { organization { nameZh } } } requirements { nodes { commitments { totalCount } } } } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.projects.nodes[0].participants.nodes.length).toBeGreaterThan(0);
  });

  it('takes writes too: a representative signs in and commits to a project', async () => {
    const url = server!.graphqlUrl;
    const login = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        query: `mutation { login(input: { email: "rep.water@cobuild.demo", password: "cobuild-demo-2026" }) { userErrors { code } } }`,
      }),
    });
    const cookie = /cobuild_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
    const projects = await gql<any>(
      url,
      `{ projects(filter: { status: [IN_PROGRESS] }) { nodes { requirements { nodes { id unit open } } } } }`,
    );
    const requirement = projects.data.projects.nodes
      .flatMap((p: any) => p.requirements.nodes)
      .find((r: { open: number }) => r.open >= 3);
    const orgs = await gql<any>(url, `{ organizations(filter: { search: "Jinghu Water" }) { nodes { id } } }`);
    const commit = await gql<any>(
      url,
      `mutation($i: CommitResourceInput!) { commitResource(input: $i) { commitment { status quantity } userErrors { code message } } }`,
      {
        i: {
          requirementId: requirement.id,
          organizationId: orgs.data.organizations.nodes[0].id,
          quantity: 3,
          unit: requirement.unit,
        },
      },
      { cookie },
    );
    expect(commit.data.commitResource, JSON.stringify(requirement)).toEqual({
      commitment: { status: 'PLEDGED', quantity: 3 },
      userErrors: [],
    });
  });

  it('stops cleanly and reopens the same data without seeding twice', async () => {
    const before = (await gql<any>(server!.graphqlUrl, README_QUERY)).data.projects.totalCount;
    expect(await server!.stop()).toBe(0);
    server = await startServer({ DATA_DIR: dataDir }, 90_000);
    const after = await gql<any>(server.graphqlUrl, README_QUERY);
    expect(after.data.projects.totalCount).toBe(before);
    expect(server.logs().some((l) => l.msg === 'demo data seeded')).toBe(false);
  });
});
