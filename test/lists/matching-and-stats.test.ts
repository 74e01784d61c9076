import { beforeAll, describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
import { listFactories } from '../support/lists.js';
import { COMMUNITY, JINGAN, lookup, XUHUI } from '../support/lookup.js';

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
    // project, candidates, requirements, resources, their owners: whatever the number of requirements.
    expect(Math.max(...counts)).toBeLessThanOrEqual(5);
  });
});

const STATS = `query($r: ID!) { regionStats(regionId: $r) {
  projects projectsByStatus { status count } needs { open matched resolved total }
  resourcesByKind { kind unit resources offered committed } participatingUnits communities coveredCommunities coverage averageProgress
} }`;

describe('regionStats', () => {
  for (const code of ['310000', JINGAN, XUHUI, COMMUNITY]) {
    it(`rolls up ${code} and everything below it, as the database counts it`, async () => {
      const res = await gql<any>(fx.server.graphqlUrl, STATS, { r: await ids.region(code) });
      expect(res.errors).toBeUndefined();
      const stats = res.data.regionStats;
      const [path] = await fx.db.query<{ path: string }>(`select path || '%' as path from region where code = $1`, [
        code,
      ]);
      const q = async (sql: string) => (await fx.db.query<{ n: number }>(sql, [path.path]))[0].n;
      expect(stats.projects).toBe(
        await q(`select count(*)::int as n from project p join region r on r.id = p.region_id where r.path like $1`),
      );
      for (const s of stats.projectsByStatus) {
        expect(s.count).toBe(
          await q(
            `select count(*)::int as n from project p join region r on r.id = p.region_id where r.path like $1 and p.status = '${s.status}'`,
          ),
        );
      }
      expect(stats.needs.total).toBe(
        await q(`select count(*)::int as n from need x join region r on r.id = x.region_id where r.path like $1`),
      );
      expect(stats.needs.matched).toBe(
        await q(
          `select count(*)::int as n from need x join region r on r.id = x.region_id where r.path like $1 and x.status = 'MATCHED'`,
        ),
      );
      const communities = await fx.db.query<{ path: string }>(
        `select path from region where level = 'COMMUNITY' and path like $1`,
        [path.path],
      );
      expect(stats.communities).toBe(communities.length);
      let covered = 0;
      for (const c of communities) {
        const [{ n }] = await fx.db.query<{ n: number }>(
          `select count(*)::int as n from project p join region r on r.id = p.region_id where r.path like $1 and p.status in ('APPROVED', 'IN_PROGRESS')`,
          [`${c.path}%`],
        );
        if (n > 0) covered += 1;
      }
      expect(stats.coveredCommunities).toBe(covered);
      expect(stats.coverage).toBe(communities.length ? covered / communities.length : null);
      const offered = await q(
        `select coalesce(sum(s.capacity), 0)::int as n from resource s join region r on r.id = s.region_id where r.path like $1 and s.status = 'ACTIVE'`,
      );
      expect(stats.resourcesByKind.reduce((sum: number, k: { offered: number }) => sum + k.offered, 0)).toBe(offered);
      expect(stats.participatingUnits).toBe(
        await q(
          `select count(distinct pa.organization_id)::int as n from participant pa join organization o on o.id = pa.organization_id join project p on p.id = pa.project_id join region r on r.id = p.region_id where r.path like $1 and pa.status = 'ACTIVE' and o.kind <> 'COMMITTEE'`,
        ),
      );
      if (code === '310000') {
        expect(stats.projects).toBeGreaterThanOrEqual(12);
        expect(stats.averageProgress).toBeGreaterThan(0);
      }
    });
  }
});
