import { describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';

const fx = useSeededServer('read_queries');

async function ok<D = any>(query: string, variables?: Record<string, unknown>): Promise<D> {
  const res = await gql<D>(fx.server.graphqlUrl, query, variables);
  expect(res.errors, JSON.stringify(res.errors)).toBeUndefined();
  expect(res.status).toBe(200);
  return res.data as D;
}

async function regionId(code: string): Promise<string> {
  const data = await ok(`query($s: String) { regions(filter: { search: $s }, first: 5) { nodes { id code } } }`, {
    s: code,
  });
  const match = data.regions.nodes.find((r: { code: string }) => r.code === code);
  expect(match, `region ${code}`).toBeDefined();
  return match.id;
}

describe('demo data through the API', () => {
  it('answers the README query with demo projects', async () => {
    const data = await ok(`{ projects(first: 5) { totalCount edges { node { id title: titleEn } } } }`);
    const [{ n }] = await fx.db.query<{ n: string }>('select count(*) as n from project');
    expect(data.projects.totalCount).toBe(Number(n));
    expect(data.projects.totalCount).toBeGreaterThanOrEqual(12);
    expect(data.projects.edges).toHaveLength(5);
    for (const e of data.projects.edges) expect(e.node.title.length).toBeGreaterThan(3);
  });

  it('has projects in every status, and filters by status and category', async () => {
    const all = await ok(`{ projects(first: 100) { nodes { status category } } }`);
    const statuses = new Set(all.projects.nodes.map((p: { status: string }) => p.status));
    expect([...statuses].sort()).toEqual([
      'APPROVED',
      'CANCELLED',
      'COMPLETED',
      'CONSULTING',
      'IN_PROGRESS',
      'PROPOSED',
    ]);
    const inProgress = await ok(
      `{ projects(first: 100, filter: { status: [IN_PROGRESS] }) { totalCount nodes { status } } }`,
    );
    expect(inProgress.projects.totalCount).toBe(
      all.projects.nodes.filter((p: { status: string }) => p.status === 'IN_PROGRESS').length,
    );
    expect(inProgress.projects.nodes.every((p: { status: string }) => p.status === 'IN_PROGRESS')).toBe(true);
    const category = all.projects.nodes[0].category;
    const byCategory = await ok(
      `query($c: [Category!]) { projects(first: 100, filter: { category: $c }) { nodes { category } } }`,
      { c: [category] },
    );
    expect(byCategory.projects.nodes.length).toBeGreaterThan(0);
    expect(byCategory.projects.nodes.every((p: { category: string }) => p.category === category)).toBe(true);
  });

  it('filters projects by region subtree, matching the database', async () => {
    const [district] = await fx.db.query<{ id: string; code: string; path: string }>(
      `select id, code, path from region where level = 'DISTRICT' order by code limit 1`,
    );
    const expected = await fx.db.query<{ id: string }>(
      `select p.id from project p join region r on r.id = p.region_id where r.path like $1`,
      [`${district.path}%`],
    );
    const data = await ok(
      `query($r: ID) { projects(first: 100, filter: { regionId: $r }) { totalCount nodes { region { path: code ancestors { code } } } } }`,
      {
        r: await regionId(district.code),
      },
    );
    expect(data.projects.totalCount).toBe(expected.length);
    expect(expected.length).toBeGreaterThan(0);
    for (const p of data.projects.nodes) {
      const codes = [p.region.path, ...p.region.ancestors.map((a: { code: string }) => a.code)];
      expect(codes).toContain(district.code);
    }
  });

  it('filters projects by participating organization and by title text', async () => {
    const [row] = await fx.db.query<{ organization_id: string; n: string }>(
      `select organization_id, count(*) as n from participant where role = 'PARTNER' group by organization_id order by count(*) desc, organization_id limit 1`,
    );
    const orgs = await ok(
      `{ organizations(first: 100, filter: { kind: [WORK_UNIT, SERVICE_CENTER] }) { nodes { id nameEn } } }`,
    );
    const [{ name_en }] = await fx.db.query<{ name_en: string }>('select name_en from organization where id = $1', [
      row.organization_id,
    ]);
    const org = orgs.organizations.nodes.find((o: { nameEn: string }) => o.nameEn === name_en);
    const data = await ok(
      `query($o: ID) { projects(first: 100, filter: { participantOrganizationId: $o }) { totalCount nodes { participants(first: 20) { nodes { organization { id } } } } } }`,
      { o: org.id },
    );
    expect(data.projects.totalCount).toBe(Number(row.n));
    for (const p of data.projects.nodes) {
      expect(p.participants.nodes.map((x: { organization: { id: string } }) => x.organization.id)).toContain(org.id);
    }
    const [project] = await fx.db.query<{ title_zh: string; title_en: string }>(
      'select title_zh, title_en from project order by id limit 1',
    );
    const word = project.title_en.split(' ')[0];
    const byText = await ok(
      `query($t: String) { projects(first: 100, filter: { text: $t }) { nodes { titleZh titleEn } } }`,
      { t: word.toLowerCase() },
    );
    expect(byText.projects.nodes.length).toBeGreaterThan(0);
    const counted = await ok(`query($t: String) { projects(filter: { text: $t }) { totalCount } }`, {
      t: word.toLowerCase(),
    });
    expect(counted.projects.totalCount).toBe(byText.projects.nodes.length);
    for (const p of byText.projects.nodes)
      expect(`${p.titleZh} ${p.titleEn}`.toLowerCase()).toContain(word.toLowerCase());
    const byZh = await ok(`query($t: String) { projects(first: 100, filter: { text: $t }) { nodes { titleZh } } }`, {
      t: project.title_zh.slice(0, 2),
    });
    expect(byZh.projects.nodes.map((p: { titleZh: string }) => p.titleZh)).toContain(project.title_zh);
  });

  it('walks the region tree: children, parent, ancestors', async () => {
    const data = await ok(`{
      regions(filter: { level: MUNICIPALITY }) {
        totalCount
        nodes { code level nameZh parent { id } children(first: 10) { totalCount nodes { level parent { code } children(first: 10) { nodes { level ancestors { level } } } } } }
      }
    }`);
    expect(data.regions.totalCount).toBe(1);
    const city = data.regions.nodes[0];
    expect(city).toMatchObject({ code: '310000', level: 'MUNICIPALITY', nameZh: '上海市', parent: null });
    expect(city.children.totalCount).toBe(2);
    for (const district of city.children.nodes) {
      expect(district).toMatchObject({ level: 'DISTRICT', parent: { code: '310000' } });
      expect(district.children.nodes.length).toBeGreaterThan(0);
      for (const sub of district.children.nodes) {
        expect(sub.level).toBe('SUBDISTRICT');
        expect(sub.ancestors.map((a: { level: string }) => a.level)).toEqual(['MUNICIPALITY', 'DISTRICT']);
      }
    }
    const counts = await fx.db.query<{ level: string; n: string }>(
      'select level, count(*) as n from region group by level',
    );
    const communities = await ok(`{ regions(filter: { level: COMMUNITY }) { totalCount } }`);
    expect(communities.regions.totalCount).toBe(Number(counts.find((c) => c.level === 'COMMUNITY')!.n));
  });

  it('filters organizations by region subtree, kind and sector', async () => {
    const [sub] = await fx.db.query<{ code: string; path: string }>(
      `select code, path from region where level = 'SUBDISTRICT' order by code limit 1`,
    );
    const [{ n }] = await fx.db.query<{ n: string }>(
      `select count(*) as n from organization o join region r on r.id = o.region_id where r.path like $1 and o.kind = 'WORK_UNIT'`,
      [`${sub.path}%`],
    );
    const data = await ok(
      `query($r: ID) { organizations(first: 100, filter: { regionId: $r, kind: [WORK_UNIT] }) { totalCount nodes { kind sector } } }`,
      { r: await regionId(sub.code) },
    );
    expect(data.organizations.totalCount).toBe(Number(n));
    expect(
      data.organizations.nodes.every((o: { kind: string; sector: string }) => o.kind === 'WORK_UNIT' && o.sector),
    ).toBe(true);
    const schools = await ok(`{ organizations(first: 100, filter: { sector: [SCHOOL] }) { nodes { sector } } }`);
    expect(schools.organizations.nodes.length).toBeGreaterThan(0);
    expect(schools.organizations.nodes.every((o: { sector: string }) => o.sector === 'SCHOOL')).toBe(true);
    const committees = await ok(`{ organizations(first: 100, filter: { kind: [COMMITTEE] }) { totalCount } }`);
    const [{ c }] = await fx.db.query<{ c: string }>(`select count(*) as c from region where level <> 'GRID'`);
    expect(committees.organizations.totalCount).toBe(Number(c));
  });

  it('lists needs and resources with their filters', async () => {
    const needs = await ok(
      `{ needs(first: 100) { totalCount nodes { status category supportCount reporter { kind } region { level } projects { id } } } }`,
    );
    expect(needs.needs.totalCount).toBeGreaterThanOrEqual(15);
    for (const n of needs.needs.nodes) {
      expect(n.reporter.kind).toBe('COMMITTEE');
      expect(['COMMUNITY', 'GRID']).toContain(n.region.level);
    }
    const open = await ok(`{ needs(first: 100, filter: { status: [OPEN] }) { nodes { status } } }`);
    expect(open.needs.nodes.every((n: { status: string }) => n.status === 'OPEN')).toBe(true);
    const resources = await ok(
      `{ resources(first: 100) { totalCount nodes { kind unit capacity committed remaining owner { kind } } } }`,
    );
    expect(resources.resources.totalCount).toBeGreaterThanOrEqual(30);
    for (const r of resources.resources.nodes) {
      expect(r.remaining).toBe(r.capacity - r.committed);
      expect(r.committed).toBeLessThanOrEqual(r.capacity);
    }
    const venues = await ok(`{ resources(first: 100, filter: { kind: [VENUE] }) { nodes { kind } } }`);
    expect(venues.resources.nodes.length).toBeGreaterThan(0);
    expect(venues.resources.nodes.every((r: { kind: string }) => r.kind === 'VENUE')).toBe(true);
    // Use one resource up entirely: it leaves the available list and joins the exhausted one.
    const [full] = await fx.db.query<{ title_en: string }>(
      `update resource set committed = capacity where id = (select id from resource order by id limit 1) returning title_en`,
    );
    const available = await ok(
      `{ resources(first: 100, filter: { available: true }) { totalCount nodes { titleEn remaining } } }`,
    );
    expect(available.resources.nodes.every((r: { remaining: number }) => r.remaining > 0)).toBe(true);
    expect(available.resources.nodes.map((r: { titleEn: string }) => r.titleEn)).not.toContain(full.title_en);
    const exhausted = await ok(
      `{ resources(first: 100, filter: { available: false }) { totalCount nodes { titleEn remaining } } }`,
    );
    expect(exhausted.resources.nodes.map((r: { titleEn: string }) => r.titleEn)).toContain(full.title_en);
    expect(exhausted.resources.totalCount + available.resources.totalCount).toBe(resources.resources.totalCount);
  });

  it('resolves node(id) and nodes(ids) for every type, in order, with null for unknown ids', async () => {
    const data = await ok(`{
      projects(first: 1, filter: { status: [IN_PROGRESS] }) { nodes {
        id leadCommittee { id } region { id }
        participants(first: 1) { nodes { id } }
        requirements(first: 1) { nodes { id commitments(first: 1) { nodes { id } } } }
        milestones(first: 1) { nodes { id } }
        needs { id }
        activity(first: 1) { nodes { id type } }
      } }
      resources(first: 1) { nodes { id } }
    }`);
    const p = data.projects.nodes[0];
    const ids = [
      p.id,
      p.leadCommittee.id,
      p.region.id,
      p.participants.nodes[0].id,
      p.requirements.nodes[0].id,
      p.requirements.nodes[0].commitments.nodes[0].id,
      p.milestones.nodes[0].id,
      p.needs[0].id,
      p.activity.nodes[0].id,
      data.resources.nodes[0].id,
    ];
    const typenames = [
      'Project',
      'Organization',
      'Region',
      'Participant',
      'Requirement',
      'Commitment',
      'Milestone',
      'Need',
      'Activity',
      'Resource',
    ];
    const unknown = Buffer.from('Project:01900000-0000-7000-8000-000000000000').toString('base64url');
    const res = await ok(`query($ids: [ID!]!) { nodes(ids: $ids) { __typename id } }`, { ids: [...ids, unknown] });
    expect(res.nodes).toEqual([...ids.map((id, i) => ({ __typename: typenames[i], id })), null]);
    const one = await ok(`query($id: ID!) { node(id: $id) { ... on Project { id titleEn } } }`, { id: p.id });
    expect(one.node.id).toBe(p.id);
    const none = await ok(`query($id: ID!) { node(id: $id) { id } }`, { id: unknown });
    expect(none.node).toBeNull();
  });

  it('returns null from node(id) once the object is deleted', async () => {
    const data = await ok(`{ needs(first: 1, filter: { status: [OPEN] }) { nodes { id titleEn } } }`);
    const { id, titleEn } = data.needs.nodes[0];
    await fx.db.query('delete from need where title_en = $1', [titleEn]);
    const after = await ok(`query($id: ID!) { node(id: $id) { id } }`, { id });
    expect(after.node).toBeNull();
  });

  it('takes explicit nulls for every optional argument, as generated clients send them', async () => {
    const data = await ok(
      `query($f: ProjectFilter, $o: OrganizationFilter, $n: NeedFilter, $r: ResourceFilter, $g: RegionFilter, $a: String, $first: Int) {
      projects(filter: $f, after: $a, first: $first) { totalCount }
      organizations(filter: $o, after: $a) { totalCount }
      needs(filter: $n, before: $a) { totalCount }
      resources(filter: $r) { totalCount }
      regions(filter: $g, last: $first) { totalCount }
    }`,
      { f: null, o: null, n: null, r: null, g: null, a: null, first: null },
    );
    expect(data.projects.totalCount).toBeGreaterThanOrEqual(12);
    expect(data.organizations.totalCount).toBeGreaterThan(40);
    expect(data.needs.totalCount).toBeGreaterThan(10);
    expect(data.resources.totalCount).toBeGreaterThan(30);
    expect(data.regions.totalCount).toBeGreaterThan(30);
  });

  it('refuses more than 100 ids in nodes()', async () => {
    const ids = Array.from({ length: 101 }, () =>
      Buffer.from('Project:01900000-0000-7000-8000-000000000000').toString('base64url'),
    );
    expect(
      errorCodes(await gql(fx.server.graphqlUrl, `query($ids: [ID!]!) { nodes(ids: $ids) { id } }`, { ids })),
    ).toEqual(['BAD_USER_INPUT']);
  });
});
