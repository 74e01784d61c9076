import { spawnSync } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { afterAll, describe, expect, it } from 'vitest';
import { gql } from '../support/graphql.js';
import { about, LiveSocket, REGION_ACTIVITY } from '../support/live.js';
import { SERVER_MAIN, startServer, type TestServer } from '../support/server.js';

// Under /tmp: as root the cluster runs as the "postgres" user, which must reach the folder.
const dataDir = await fs.mkdtemp(path.join(os.tmpdir(), 'cobuild-embedded-'));
let server: TestServer | undefined;

afterAll(async () => {
  await server?.stop();
  await fs.rm(dataDir, { recursive: true, force: true });
});

const README_QUERY = '{ projects(first: 5) { totalCount edges { node { id title: titleEn } } } }';

/** The running cluster of DATA_DIR, as the server wrote it: port (postmaster.pid) and password. */
async function clusterUrl(): Promise<string> {
  const cluster = path.join(dataDir, 'postgres');
  const lines = (await fs.readFile(path.join(cluster, 'postmaster.pid'), 'utf8')).split('\n');
  const password = (await fs.readFile(path.join(cluster, 'cobuild.password'), 'utf8')).trim();
  return `postgres://postgres:${encodeURIComponent(password)}@127.0.0.1:${lines[3].trim()}/postgres`;
}

async function postmasterPid(): Promise<number> {
  return Number((await fs.readFile(path.join(dataDir, 'postgres', 'postmaster.pid'), 'utf8')).split('\n')[0]);
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function signIn(url: string, email: string): Promise<string> {
  const login = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query: `mutation { login(input: { email: "${email}", password: "cobuild-demo-2026" }) { userErrors { code } } }`,
    }),
  });
  return /cobuild_session=[^;]+/.exec(login.headers.get('set-cookie') ?? '')![0];
}

async function commitThree(url: string): Promise<string> {
  const cookie = await signIn(url, 'rep.water@cobuild.demo');
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
    `mutation($i: CommitResourceInput!) { commitResource(input: $i) { commitment { id status quantity } userErrors { code message } } }`,
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
  expect(commit.data.commitResource, JSON.stringify(requirement)).toMatchObject({
    commitment: { status: 'PLEDGED', quantity: 3 },
    userErrors: [],
  });
  return commit.data.commitResource.commitment.id;
}

describe('embedded PostgreSQL 15 (no DATABASE_URL)', () => {
  it('initialises a cluster in DATA_DIR, migrates, seeds the demo data and answers the README query', async () => {
    server = await startServer({ DATA_DIR: dataDir }, 90_000);
    const res = await gql<any>(server.graphqlUrl, README_QUERY);
    expect(res.errors).toBeUndefined();
    expect(res.data.projects.totalCount).toBeGreaterThanOrEqual(12);
    expect(res.data.projects.edges).toHaveLength(5);
    expect((await fetch(`${server.url}/readyz`)).status).toBe(200);
    expect(server.logs().some((l) => l.msg === 'demo data seeded')).toBe(true);
    const client = new pg.Client({ connectionString: await clusterUrl() });
    await client.connect();
    const [{ server_version: version }] = (await client.query('show server_version')).rows;
    await client.end();
    expect(version).toMatch(/^15\./);
  });

  it('is a real PostgreSQL: LISTEN/NOTIFY crosses connections, transactions run side by side', async () => {
    const url = await clusterUrl();
    const listener = new pg.Client({ connectionString: url });
    const a = new pg.Client({ connectionString: url });
    const b = new pg.Client({ connectionString: url });
    await Promise.all([listener.connect(), a.connect(), b.connect()]);
    try {
      const heard = new Promise<string | undefined>((resolve) =>
        listener.once('notification', (n) => resolve(n.payload)),
      );
      await listener.query('listen cobuild_test');
      await a.query(`notify cobuild_test, 'across'`);
      expect(await heard).toBe('across');
      // Two open transactions at once: the second is not queued behind the first.
      await a.query('begin');
      await a.query('select pg_advisory_xact_lock(1)');
      await b.query('begin');
      const [{ locked }] = (await b.query('select pg_try_advisory_xact_lock(1) as locked')).rows;
      expect(locked).toBe(false);
      await Promise.all([a.query('rollback'), b.query('rollback')]);
    } finally {
      await Promise.all([listener.end(), a.end(), b.end()]);
    }
  });

  it('serves nested lists and takes writes', async () => {
    const res = await gql<any>(
      server!.graphqlUrl,
      '{ projects(first: 3) { nodes { participants(first: 5) { nodes { organization { nameZh } } } requirements { nodes { commitments { totalCount } } } } } }',
    );
    expect(res.errors).toBeUndefined();
    expect(res.data.projects.nodes[0].participants.nodes.length).toBeGreaterThan(0);
    await commitThree(server!.graphqlUrl);
  });

  it('delivers live on the same LISTEN/NOTIFY bus: a district admin sees a publication within 1 s, and resumes without loss', async () => {
    const url = server!.graphqlUrl;
    const admin = { cookie: await signIn(url, 'district.admin@cobuild.demo') };
    const rep = { cookie: await signIn(url, 'rep.water@cobuild.demo') };
    const regions = await gql<any>(url, `{ regions(filter: { search: "310106" }) { nodes { id code } } }`);
    const district = regions.data.regions.nodes.find((r: { code: string }) => r.code === '310106').id;
    const jinghu = (await gql<any>(url, `{ organizations(filter: { search: "Jinghu Water" }) { nodes { id } } }`)).data
      .organizations.nodes[0].id;
    const publish = async (titleEn: string) => {
      const res = await gql<any>(
        url,
        `mutation($i: PublishResourceInput!) { publishResource(input: $i) { resource { id } userErrors { code } } }`,
        {
          i: {
            organizationId: jinghu,
            kind: 'VENUE',
            unit: 'HOUR',
            capacity: 8,
            titleZh: '活动室',
            titleEn,
          },
        },
        rep,
      );
      expect(res.data.publishResource.userErrors).toEqual([]);
      return res.data.publishResource.resource.id as string;
    };
    const socket = await LiveSocket.open(url, { headers: admin });
    try {
      const sub = socket.subscribe(REGION_ACTIVITY, { r: district });
      await new Promise((resolve) => setTimeout(resolve, 200));
      const started = Date.now();
      const first = await publish('Community room');
      const [seen] = await sub.waitForEvents(about(first), 1, 1_000);
      expect(Date.now() - started).toBeLessThan(1_000);
      expect(seen.activity).toMatchObject({ type: 'resource.published', subject: { id: first } });
      sub.complete();
      const missed = [await publish('Meeting hall'), await publish('Rooftop garden')];
      const resumed = socket.subscribe(REGION_ACTIVITY, { r: district, after: seen.cursor });
      await resumed.waitForEvents(about(...missed), 2);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(
        resumed
          .events()
          .filter(about(first, ...missed))
          .map((e) => e.activity.subject.id),
      ).toEqual(missed);
    } finally {
      socket.close();
    }
  });

  it('refuses a second server on the same DATA_DIR with exit code 2 and a line naming the folder', () => {
    const run = spawnSync(process.execPath, [SERVER_MAIN], {
      env: { PATH: process.env.PATH, PORT: '0', DATA_DIR: dataDir },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(
      `DATA_DIR ${dataDir} is in use by another Cobuild server (pid ${server!.process.pid}).`,
    );
  });

  it('stops cleanly on SIGTERM (PostgreSQL too) and reopens the same data without seeding twice', async () => {
    const before = (await gql<any>(server!.graphqlUrl, README_QUERY)).data.projects.totalCount;
    const postgres = await postmasterPid();
    expect(await server!.stop()).toBe(0);
    expect(alive(postgres)).toBe(false);
    server = await startServer({ DATA_DIR: dataDir }, 90_000);
    const after = await gql<any>(server.graphqlUrl, README_QUERY);
    expect(after.data.projects.totalCount).toBe(before);
    expect(server.logs().some((l) => l.msg === 'demo data seeded')).toBe(false);
  });

  it('recovers after the server is killed with SIGKILL: the orphaned PostgreSQL is stopped, committed data kept', async () => {
    const id = await commitThree(server!.graphqlUrl);
    const orphan = await postmasterPid();
    await server!.stop('SIGKILL');
    expect(alive(orphan)).toBe(true);
    server = await startServer({ DATA_DIR: dataDir }, 90_000);
    expect(alive(orphan)).toBe(false);
    const res = await gql<any>(
      server.graphqlUrl,
      `query($id: ID!) { node(id: $id) { ... on Commitment { quantity status } } }`,
      {
        id,
      },
    );
    expect(res.data.node).toEqual({ quantity: 3, status: 'PLEDGED' });
  });
});

describe('DATA_DIR problems: exit code 2, one line naming the folder, nothing left behind', () => {
  const start = (dir: string) =>
    spawnSync(process.execPath, [SERVER_MAIN], {
      env: { PATH: process.env.PATH, PORT: '0', DATA_DIR: dir },
      encoding: 'utf8',
      timeout: 30_000,
    });
  const scratch = () => fs.mkdtemp(path.join(os.tmpdir(), 'cobuild-bad-'));

  it('a folder that cannot be created (below a file)', async () => {
    const dir = await scratch();
    await fs.writeFile(path.join(dir, 'file'), 'x');
    const run = start(path.join(dir, 'file', 'data'));
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(
      `DATA_DIR ${path.join(dir, 'file', 'data')} cannot be created or written (ENOTDIR).`,
    );
    await fs.rm(dir, { recursive: true });
  });

  it('a folder holding other files', async () => {
    const dir = await scratch();
    await fs.writeFile(path.join(dir, 'notes.txt'), 'mine');
    const run = start(dir);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toContain(`DATA_DIR ${dir} holds other files (notes.txt)`);
    expect(await fs.readdir(dir)).toEqual(['notes.txt']);
    await fs.rm(dir, { recursive: true });
  });

  it('a cluster of another major version', async () => {
    const dir = await scratch();
    await fs.mkdir(path.join(dir, 'postgres'));
    await fs.writeFile(path.join(dir, 'postgres', 'PG_VERSION'), '14\n');
    const run = start(dir);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe(`DATA_DIR ${dir} holds PostgreSQL 14 data; the embedded server is PostgreSQL 15.`);
    expect(run.stderr).not.toMatch(/\n\s+at /);
    expect(await fs.readdir(dir)).toEqual(['postgres']);
    await fs.rm(dir, { recursive: true });
  });
});
