import { beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
import { listFactories } from '../support/lists.js';
import { COMMUNITY, lookup } from '../support/lookup.js';

const fx = useSeededServer('matching_stats', { GRAPHQL_DIAGNOSTICS: 'true' });
const make = listFactories(fx);
let ids: ReturnType<typeof lookup>;
beforeAll(() => {
  ids = lookup(fx.server.graphqlUrl);
});

const dbId = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1];

const MATCH_PROJECT = `query($p: ID, $n: Int) { matchSuggestions(projectId: $p, first: $n) {
  requirements { open requirement { id kind unit } resources { proximity suggestedQuantity score reason reasonZh resource { id kind unit remaining region { code } } } }
} }`;

describe('matchSuggestions', () => {
  it('suggests, for each unfilled requirement, resources of its kind and unit with room, nearest region first', async () => {
    const projectId = await make.project();
    const hours = await make.requirement(projectId, { kind: 'VOLUNTEER_HOURS', unit: 'PERSON_HOUR', quantity: 40 });
    const funds = await make.requirement(projectId, { kind: 'FUNDS', unit: 'YUAN', quantity: 5000 });
    // Filled already: no suggestions for it.
    const venue = await make.requirement(projectId, { kind: 'VENUE', unit: 'SESSION', quantity: 1 });
    await make.run(
      `mutation($i: CommitResourceInput!) { commitResource(input: $i) { userErrors { code } } }`,
      {
        requirementId: venue,
        organizationId: await ids.organization('Jinghu Water Operations Co., Ltd.'),
        quantity: 1,
        unit: 'SESSION',
      },
      await make.representative(),
      'commitResource',
    );

    const res = await gql<any>(fx.server.graphqlUrl, MATCH_PROJECT, { p: projectId, n: 20 });
    expect(res.errors).toBeUndefined();
    const byRequirement = new Map(res.data.matchSuggestions.requirements.map((r: any) => [r.requirement.id, r]));
    expect([...byRequirement.keys()].sort()).toEqual([hours, funds].sort());
    const depth: Record<string, number> = {
      SAME_GRID: 4,
      SAME_COMMUNITY: 3,
      SAME_SUBDISTRICT: 2,
      SAME_DISTRICT: 1,
      SAME_CITY: 0,
    };
    for (const [requirementId, match] of byRequirement as Map<string, any>) {
      // Exactly the candidates the database holds, nearest first, capped at 20.
      const expected = await fx.db.query<{ id: string }>(
        `select s.id from resource s join requirement q on q.id = $1
         where s.kind = q.kind and s.unit = q.unit and s.status = 'ACTIVE' and s.committed < s.capacity
           and (s.available_until is null or s.available_until >= current_date)`,
        [dbId(requirementId)],
      );
      expect(match.resources.length).toBe(Math.min(20, expected.length));
      expect(match.resources.length).toBeGreaterThan(0);
      const depths = match.resources.map((r: any) => depth[r.proximity]);
      expect([...depths].sort((a, b) => b - a)).toEqual(depths);
      for (const r of match.resources) {
        expect(r.resource.kind).toBe(match.requirement.kind);
        expect(r.resource.unit).toBe(match.requirement.unit);
        expect(r.resource.remaining).toBeGreaterThan(0);
        expect(r.suggestedQuantity).toBe(Math.min(match.open, r.resource.remaining));
        expect(r.reason.length).toBeGreaterThan(20);
        expect(r.reasonZh).toMatch(/尚可提供/);
        // People's words, not enum names (PERSON_HOUR, VOLUNTEER_HOURS).
        for (const text of [r.reason, r.reasonZh])
          expect(text).not.toMatch(/[A-Z]+_[A-Z]+|\b(HOUR|YUAN|VENUE|FUNDS)\b/);
        if (r.resource.unit === 'PERSON_HOUR') {
          expect(r.reason).toMatch(/ person-hours of volunteer time /);
          expect(r.reasonZh).toMatch(/尚可提供志愿服务 \d+ 人·小时/);
        }
        const sameCommunity = r.resource.region.code.startsWith(COMMUNITY);
        expect(r.proximity === 'SAME_COMMUNITY' || r.proximity === 'SAME_GRID').toBe(sameCommunity);
      }
    }
  });

  it('suggests open projects of the need’s category nearby, not those already answering it', async () => {
    const needId = await make.need({ category: 'CULTURE_AND_SPORTS' });
    const covering = await make.project({ category: 'CULTURE_AND_SPORTS' });
    const answering = await make.project({ category: 'CULTURE_AND_SPORTS', needIds: [needId] });
    const otherCategory = await make.project({ category: 'TRANSPORT' });
    const res = await gql<any>(
      fx.server.graphqlUrl,
      `query($n: ID) { matchSuggestions(needId: $n, first: 20) { projects { proximity reason reasonZh project { id category status } } } }`,
      { n: needId },
    );
    const suggested = res.data.matchSuggestions.projects.map((p: any) => p.project.id);
    expect(suggested).toContain(covering);
    expect(suggested).not.toContain(answering);
    expect(suggested).not.toContain(otherCategory);
    for (const p of res.data.matchSuggestions.projects) {
      expect(p.project.category).toBe('CULTURE_AND_SPORTS');
      expect(['PROPOSED', 'CONSULTING', 'APPROVED', 'IN_PROGRESS']).toContain(p.project.status);
    }
    expect(res.data.matchSuggestions.projects[0]).toMatchObject({ proximity: 'SAME_COMMUNITY' });
    for (const p of res.data.matchSuggestions.projects) {
      expect(p.reason).toMatch(/ culture and sports project /);
      expect(p.reasonZh).toMatch(/同类（文体）项目/);
      for (const text of [p.reason, p.reasonZh]) expect(text).not.toMatch(/[A-Z]+_[A-Z]+|PROPOSED|CONSULTING|APPROVED/);
    }
  });

  it('needs exactly one of projectId and needId, and runs in a bounded number of statements', async () => {
    expect(errorCodes(await gql(fx.server.graphqlUrl, `{ matchSuggestions { projects { reason } } }`))).toEqual([
      'BAD_USER_INPUT',
    ]);
    const projects = await gql<any>(fx.server.graphqlUrl, `{ projects(first: 100) { nodes { id } } }`);
    const counts = new Set<number>();
    for (const p of projects.data.projects.nodes.slice(0, 8)) {
      const res = await gql<any>(fx.server.graphqlUrl, MATCH_PROJECT, { p: p.id, n: 20 });
      counts.add(res.extensions!.diagnostics.statements);
    }
    // The cost budget's charge, then project, candidates, requirements, resources, their
    // owners: whatever the number of requirements.
    expect(Math.max(...counts)).toBeLessThanOrEqual(6);
  });
});

const STATS = `query($r: ID!) { regionStats(regionId: $r) {
  projects projectsByStatus { status count } needs { open matched resolved total }
  resourcesByKind { kind unit resources offered committed } participatingUnits communities coveredCommunities coverage averageProgress
} }`;

/** Codes of the district the regionStats test builds for itself, away from the demo data. */
const D = '310199';
const S1 = '310199001';
const C1 = '310199001001';
const C2 = '310199001002';
const S2 = '310199002';
const C3 = '310199002001';

/**
 * Regions, organizations and their people are reference data without mutations: written as
 * an import would. A district D with sub-districts S1 (communities C1, C2) and S2 (community
 * C3); D's committee with its admin; work units U1 (in C1) and U2 (in C3) with a representative.
 */
async function createFixtureDistrict(): Promise<void> {
  const region = (code: string, level: string, parent: string) =>
    fx.db.query(
      `insert into region (id, code, level, name_zh, name_en, parent_id, path, depth)
       select gen_random_uuid(), $1::text, $2, '测试' || $1::text, 'Fixture ' || $1::text, p.id, p.path || $1::text || '/', p.depth + 1
       from region p where p.code = $3 returning id`,
      [code, level, parent],
    );
  await region(D, 'DISTRICT', '310000');
  await region(S1, 'SUBDISTRICT', D);
  await region(C1, 'COMMUNITY', S1);
  await region(C2, 'COMMUNITY', S1);
  await region(S2, 'SUBDISTRICT', D);
  await region(C3, 'COMMUNITY', S2);
  const organization = (kind: string, nameEn: string, code: string) =>
    fx.db.query(
      `insert into organization (id, kind, name_zh, name_en, region_id)
       select gen_random_uuid(), $1, $2::text, $2::text, id from region where code = $3`,
      [kind, nameEn, code],
    );
  await organization('COMMITTEE', 'Fixture District Committee', D);
  await organization('WORK_UNIT', 'Fixture Unit One', C1);
  await organization('WORK_UNIT', 'Fixture Unit Two', C3);
  const member = (email: string, organization: string, role: string) =>
    fx.db.query(
      `with u as (
         insert into app_user (id, email, display_name, password_hash) values (gen_random_uuid(), $1::text, $1::text, 'unused')
         on conflict (email) do update set email = excluded.email returning id)
       insert into membership (id, user_id, organization_id, role)
       select gen_random_uuid(), u.id, o.id, $3 from u, organization o where o.name_en = $2`,
      [email, organization, role],
    );
  await member('fixture.admin@cobuild.test', 'Fixture District Committee', 'ADMIN');
  await member('fixture.rep@cobuild.test', 'Fixture Unit One', 'REPRESENTATIVE');
  await member('fixture.rep@cobuild.test', 'Fixture Unit Two', 'REPRESENTATIVE');
}

describe('regionStats', () => {
  it('rolls up a district built for the test to the figures counted by hand, at every level', async () => {
    await createFixtureDistrict();
    const admin = await sessionHeaders(fx.db, 'fixture.admin@cobuild.test');
    const rep = await sessionHeaders(fx.db, 'fixture.rep@cobuild.test');
    const committeeId = await ids.committee(D);
    const u1 = await ids.organization('Fixture Unit One');
    const u2 = await ids.organization('Fixture Unit Two');
    const region: Record<string, string> = {};
    for (const code of [D, S1, C1, C2, S2, C3]) region[code] = await ids.region(code);

    // Needs: two in C1, one in C2, one in C3.
    const need = async (code: string) =>
      (
        await make.run(
          `mutation($i: ReportNeedInput!) { reportNeed(input: $i) { need { id } userErrors { field code } } }`,
          { committeeId, regionId: region[code], category: 'GREEN_SPACE', titleZh: '需求', titleEn: 'Need' },
          admin,
          'reportNeed',
        )
      ).need.id;
    const [n1, , n2, n3] = [await need(C1), await need(C1), await need(C3), await need(C2)];

    // Projects: P1, P2 in C1; P3, P5 in C2; P4 in C3. P1 answers n1, P4 n2, P5 n3.
    const project = async (code: string, needIds: string[] = []) =>
      (
        await make.run(
          `mutation($i: CreateProjectInput!) { createProject(input: $i) { project { id } userErrors { field code } } }`,
          {
            committeeId,
            regionId: region[code],
            category: 'GREEN_SPACE',
            titleZh: '项目',
            titleEn: 'Project',
            needIds,
          },
          admin,
          'createProject',
        )
      ).project.id;
    const p1 = await project(C1, [n1]);
    const p2 = await project(C1);
    const p3 = await project(C2);
    const p4 = await project(C3, [n2]);
    const p5 = await project(C2, [n3]);

    const requirement = async (projectId: string, kind: string, unit: string, quantity: number) =>
      (
        await make.run(
          `mutation($i: AddRequirementInput!) { addRequirement(input: $i) { requirement { id } userErrors { field code } } }`,
          { projectId, kind, unit, quantity, titleZh: '需要', titleEn: 'Requirement' },
          admin,
          'addRequirement',
        )
      ).requirement.id;
    const q1 = await requirement(p1, 'VOLUNTEER_HOURS', 'PERSON_HOUR', 20);
    const q2 = await requirement(p2, 'VOLUNTEER_HOURS', 'PERSON_HOUR', 10);
    const q4 = await requirement(p4, 'FUNDS', 'YUAN', 5000);

    // Resources: U1 offers 10 hours in C1 and a venue it retires; U2 offers 5000 yuan and 6 hours in C3.
    const resource = async (organizationId: string, kind: string, unit: string, capacity: number) =>
      (
        await make.run(
          `mutation($i: PublishResourceInput!) { publishResource(input: $i) { resource { id } userErrors { field code } } }`,
          { organizationId, kind, unit, capacity, titleZh: '资源', titleEn: 'Resource' },
          rep,
          'publishResource',
        )
      ).resource.id;
    const r1 = await resource(u1, 'VOLUNTEER_HOURS', 'PERSON_HOUR', 10);
    const venue = await resource(u1, 'VENUE', 'SESSION', 3);
    const r2 = await resource(u2, 'FUNDS', 'YUAN', 5000);
    const r3 = await resource(u2, 'VOLUNTEER_HOURS', 'PERSON_HOUR', 6);
    await make.run(
      `mutation($i: RetireResourceInput!) { retireResource(input: $i) { resource { id } userErrors { field code } } }`,
      { resourceId: venue },
      rep,
      'retireResource',
    );

    // Commitments: U1 4 and 3 (withdrawn) hours of r1 to P1 and 2 hours of its own to P2;
    // U2 5 hours of r3 to P1 and 2000 yuan of r2 to P4.
    const commit = async (
      organizationId: string,
      requirementId: string,
      quantity: number,
      unit: string,
      resourceId?: string,
    ) =>
      (
        await make.run(
          `mutation($i: CommitResourceInput!) { commitResource(input: $i) { commitment { id } userErrors { field code } } }`,
          { organizationId, requirementId, quantity, unit, resourceId },
          rep,
          'commitResource',
        )
      ).commitment.id;
    await commit(u1, q1, 4, 'PERSON_HOUR', r1);
    const withdrawn = await commit(u1, q1, 3, 'PERSON_HOUR', r1);
    await commit(u1, q2, 2, 'PERSON_HOUR');
    await commit(u2, q1, 5, 'PERSON_HOUR', r3);
    await commit(u2, q4, 2000, 'YUAN', r2);
    await make.run(
      `mutation($i: CommitmentActionInput!) { withdrawCommitment(input: $i) { commitment { id } userErrors { field code } } }`,
      { commitmentId: withdrawn },
      rep,
      'withdrawCommitment',
    );

    // Statuses: P1 APPROVED, P2 PROPOSED, P3 CANCELLED, P4 IN_PROGRESS, P5 COMPLETED. Approval
    // needs a majority of each project's participants to support it: the committee and the
    // units that committed to it.
    const move = async (projectId: string, statuses: string[], units: string[] = []) => {
      for (const status of statuses) {
        if (status === 'APPROVED') {
          const supporters: [string, typeof admin][] = [
            [committeeId, admin],
            ...units.map((u): [string, typeof rep] => [u, rep]),
          ];
          for (const [organizationId, headers] of supporters) {
            await make.run(
              `mutation($i: RecordPositionInput!) { recordPosition(input: $i) { position { id } userErrors { field code } } }`,
              { projectId, organizationId, stance: 'SUPPORT', reason: 'Agreed' },
              headers,
              'recordPosition',
            );
          }
        }
        await make.run(
          `mutation($i: ChangeProjectStatusInput!) { changeProjectStatus(input: $i) { project { id } userErrors { field code } } }`,
          { projectId, status },
          admin,
          'changeProjectStatus',
        );
      }
    };
    await move(p1, ['CONSULTING', 'APPROVED'], [u1, u2]);
    await move(p3, ['CANCELLED']);
    await move(p4, ['CONSULTING', 'APPROVED', 'IN_PROGRESS'], [u2]);
    await move(p5, ['CONSULTING', 'APPROVED', 'IN_PROGRESS', 'COMPLETED']);

    // Milestones, written straight to the table (the trigger keeps progress whoever writes):
    // P1 (weight 1 at 100 %, 3 at 20 %) is at 40 %, P2 (none) at 0 %, P3 (cancelled, not
    // counted) at 90 %, P4 at 70 %, P5 (100 % and 80 %) at 90 %.
    for (const [projectId, weight, progress] of [
      [p1, 1, 100],
      [p1, 3, 20],
      [p3, 1, 90],
      [p4, 2, 70],
      [p5, 1, 100],
      [p5, 1, 80],
    ] as const) {
      await fx.db.query(
        `insert into milestone (id, project_id, title_zh, title_en, weight, progress) values (gen_random_uuid(), $1, '里程碑', 'Milestone', $2, $3)`,
        [dbId(projectId), weight, progress],
      );
    }

    const stats = async (code: string) => {
      const res = await gql<any>(fx.server.graphqlUrl, STATS, { r: region[code] });
      expect(errorCodes(res), JSON.stringify(res.errors)).toEqual([]);
      const { projectsByStatus, ...rest } = res.data.regionStats;
      return {
        ...rest,
        projectsByStatus: Object.fromEntries(projectsByStatus.map((s: any) => [s.status, s.count])),
      };
    };
    const byStatus = (counts: Record<string, number>) => ({
      PROPOSED: 0,
      CONSULTING: 0,
      APPROVED: 0,
      IN_PROGRESS: 0,
      COMPLETED: 0,
      CANCELLED: 0,
      ...counts,
    });
    const hours = (resources: number, offered: number, committed: number) => ({
      kind: 'VOLUNTEER_HOURS',
      unit: 'PERSON_HOUR',
      resources,
      offered,
      committed,
    });
    const yuan = { kind: 'FUNDS', unit: 'YUAN', resources: 1, offered: 5000, committed: 2000 };

    expect(await stats(C1)).toEqual({
      projects: 2,
      projectsByStatus: byStatus({ PROPOSED: 1, APPROVED: 1 }),
      needs: { open: 2, matched: 0, resolved: 0, total: 2 },
      // r1: 10 offered, 4 held (the 3 withdrawn are free again); the retired venue is gone.
      resourcesByKind: [hours(1, 10, 4)],
      participatingUnits: 2,
      communities: 1,
      coveredCommunities: 1,
      coverage: 1,
      // (40 + 0) / 2: a project without milestones is at 0 %.
      averageProgress: 20,
    });
    expect(await stats(C2)).toEqual({
      projects: 2,
      projectsByStatus: byStatus({ COMPLETED: 1, CANCELLED: 1 }),
      needs: { open: 0, matched: 0, resolved: 1, total: 1 },
      resourcesByKind: [],
      participatingUnits: 0,
      communities: 1,
      coveredCommunities: 0,
      coverage: 0,
      averageProgress: 90,
    });
    const c3 = {
      projects: 1,
      projectsByStatus: byStatus({ IN_PROGRESS: 1 }),
      needs: { open: 0, matched: 1, resolved: 0, total: 1 },
      resourcesByKind: [yuan, hours(1, 6, 5)],
      participatingUnits: 1,
      communities: 1,
      coveredCommunities: 1,
      coverage: 1,
      averageProgress: 70,
    };
    expect(await stats(C3)).toEqual(c3);
    expect(await stats(S1)).toEqual({
      projects: 4,
      projectsByStatus: byStatus({ PROPOSED: 1, APPROVED: 1, COMPLETED: 1, CANCELLED: 1 }),
      needs: { open: 2, matched: 0, resolved: 1, total: 3 },
      resourcesByKind: [hours(1, 10, 4)],
      participatingUnits: 2,
      communities: 2,
      coveredCommunities: 1,
      coverage: 0.5,
      // (40 + 0 + 90) / 3, to one decimal.
      averageProgress: 43.3,
    });
    expect(await stats(S2)).toEqual(c3);
    expect(await stats(D)).toEqual({
      projects: 5,
      projectsByStatus: byStatus({ PROPOSED: 1, APPROVED: 1, IN_PROGRESS: 1, COMPLETED: 1, CANCELLED: 1 }),
      needs: { open: 2, matched: 1, resolved: 1, total: 4 },
      resourcesByKind: [yuan, hours(2, 16, 9)],
      // U1 and U2, each counted once although U2 takes part in projects of both sub-districts.
      participatingUnits: 2,
      communities: 3,
      coveredCommunities: 2,
      coverage: 2 / 3,
      // (40 + 0 + 90 + 70) / 4.
      averageProgress: 50,
    });

    // Coverage per region below: the district's sub-districts, a sub-district's communities.
    const below = async (code: string) =>
      (
        await gql<any>(
          fx.server.graphqlUrl,
          `query($r: ID!) { regionStats(regionId: $r) { coverageByChild { region { code } communities coveredCommunities coverage } } }`,
          { r: region[code] },
        )
      ).data.regionStats.coverageByChild;
    expect(await below(D)).toEqual([
      { region: { code: S1 }, communities: 2, coveredCommunities: 1, coverage: 0.5 },
      { region: { code: S2 }, communities: 1, coveredCommunities: 1, coverage: 1 },
    ]);
    expect(await below(S1)).toEqual([
      { region: { code: C1 }, communities: 1, coveredCommunities: 1, coverage: 1 },
      { region: { code: C2 }, communities: 1, coveredCommunities: 0, coverage: 0 },
    ]);
  });
});
