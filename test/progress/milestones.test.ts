import { beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders, type Headers } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
import { listFactories } from '../support/lists.js';
import { LiveSocket, PROJECT_ACTIVITY } from '../support/live.js';
import { JINGHU, lookup, SHENJIAN } from '../support/lookup.js';
import { rowCounts } from '../support/row-counts.js';

const fx = useSeededServer('milestones');
const make = listFactories(fx);
let lead: Headers;
let rep: Headers;
let jinghu: string;

beforeAll(async () => {
  lead = await make.committeeAdmin();
  rep = await make.representative();
  jinghu = await lookup(fx.server.graphqlUrl).organization(JINGHU);
});

const FIELDS = `id titleEn dueOn weight progress note overdue ownerOrganization { nameEn } project { id progress overdueMilestones }`;
const ADD = `mutation($i: AddMilestoneInput!) { addMilestone(input: $i) { milestone { ${FIELDS} } userErrors { field code message } } }`;
const UPDATE = `mutation($i: UpdateMilestoneInput!) { updateMilestone(input: $i) { milestone { ${FIELDS} } userErrors { field code message } } }`;
const REMOVE = `mutation($i: RemoveMilestoneInput!) { removeMilestone(input: $i) { removedMilestoneId userErrors { field code } } }`;

const inDays = (days: number) => new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10);

async function add(input: Record<string, unknown>, headers = lead) {
  return (await gql<any>(fx.server.graphqlUrl, ADD, { i: input }, headers)).data.addMilestone;
}

async function update(input: Record<string, unknown>, headers = lead) {
  return gql<any>(fx.server.graphqlUrl, UPDATE, { i: input }, headers);
}

describe('milestones', () => {
  it("are planned by the lead; the project's progress is their weighted mean; every change is a live event", async () => {
    const projectId = await make.joinedProject();
    const socket = await LiveSocket.open(fx.server.graphqlUrl, { headers: lead });
    try {
      const feed = socket.subscribe(PROJECT_ACTIVITY, { p: projectId });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const survey = await add({ projectId, titleZh: '现场勘察', titleEn: 'Site survey', dueOn: inDays(10) });
      expect(survey.userErrors).toEqual([]);
      expect(survey.milestone).toMatchObject({ weight: 1, progress: 0, overdue: false, ownerOrganization: null });
      const works = await add({
        projectId,
        titleZh: '施工',
        titleEn: 'Works',
        dueOn: inDays(60),
        weight: 3,
        ownerOrganizationId: jinghu,
        note: '  Crew booked for spring. ',
      });
      expect(works.milestone).toMatchObject({
        weight: 3,
        note: 'Crew booked for spring.',
        ownerOrganization: { nameEn: JINGHU },
        project: { progress: 0 },
      });

      // The lead completes the survey: (100 × 1 + 0 × 3) / 4.
      const surveyed = await update({ milestoneId: survey.milestone.id, progress: 100 });
      expect(surveyed.data.updateMilestone.milestone.project.progress).toBe(25);
      // Jinghu Water, the owner, reports half the works done: (100 + 50 × 3) / 4.
      const reported = await update(
        { milestoneId: works.milestone.id, progress: 50, note: 'Half the pipes laid.' },
        rep,
      );
      expect(reported.data.updateMilestone.userErrors).toEqual([]);
      expect(reported.data.updateMilestone.milestone).toMatchObject({
        progress: 50,
        note: 'Half the pipes laid.',
        project: { progress: 62.5 },
      });
      // Removing the survey leaves the works alone: 50.
      const removed = await gql<any>(fx.server.graphqlUrl, REMOVE, { i: { milestoneId: survey.milestone.id } }, lead);
      expect(removed.data.removeMilestone).toEqual({ removedMilestoneId: survey.milestone.id, userErrors: [] });
      const project = await gql<any>(
        fx.server.graphqlUrl,
        `query($id: ID!) { node(id: $id) { ... on Project { progress } } }`,
        {
          id: projectId,
        },
      );
      expect(project.data.node.progress).toBe(50);

      const events = await feed.waitForEvents((e) => e.activity.type.startsWith('milestone.'), 5);
      expect(events.map((e) => [e.activity.type, e.activity.actorOrganization.nameEn])).toEqual([
        ['milestone.added', expect.any(String)],
        ['milestone.added', expect.any(String)],
        ['milestone.updated', expect.any(String)],
        ['milestone.updated', JINGHU],
        ['milestone.removed', expect.any(String)],
      ]);
      expect(events[2].activity.changes).toEqual({ progress: { before: 0, after: 100 } });
      expect(events[3].activity.changes).toEqual({
        progress: { before: 0, after: 50 },
        note: { before: 'Crew booked for spring.', after: 'Half the pipes laid.' },
      });
      expect(events[2].activity.project.progress).toBe(25);
    } finally {
      socket.close();
    }
  });

  it('lets the owner report progress and a note only; other organizations not at all', async () => {
    const projectId = await make.joinedProject();
    const { milestone } = await add({ projectId, titleZh: '验收', titleEn: 'Acceptance', ownerOrganizationId: jinghu });
    const retitled = await update({ milestoneId: milestone.id, titleEn: 'Renamed', progress: 10 }, rep);
    expect(errorCodes(retitled)).toEqual(['FORBIDDEN']);
    expect(retitled.errors![0].message).toMatch(/titleEn/);
    const outsider = await update(
      { milestoneId: milestone.id, progress: 10 },
      await sessionHeaders(fx.db, 'rep.renewal@cobuild.demo'),
    );
    expect(errorCodes(outsider)).toEqual(['FORBIDDEN']);
    expect(errorCodes(await update({ milestoneId: milestone.id, progress: 10 }, {}))).toEqual(['UNAUTHENTICATED']);
    const [row] = await fx.db.query<{ title_en: string; progress: number }>(
      `select title_en, progress from milestone where id = $1`,
      [Buffer.from(milestone.id, 'base64url').toString().split(':')[1]],
    );
    expect(row).toEqual({ title_en: 'Acceptance', progress: 0 });
  });

  it('refuses bad input naming the field, and changes nothing', async () => {
    const projectId = await make.joinedProject();
    const { milestone } = await add({ projectId, titleZh: '设计', titleEn: 'Design' });
    const shenjian = await lookup(fx.server.graphqlUrl).organization(SHENJIAN);
    const before = await rowCounts(fx.db);
    const cases: [Record<string, unknown>, 'add' | 'update', string[], string][] = [
      [{ progress: 101 }, 'update', ['input', 'progress'], 'INVALID'],
      [{ progress: -1 }, 'update', ['input', 'progress'], 'INVALID'],
      [{ weight: 0 }, 'update', ['input', 'weight'], 'INVALID'],
      [{ titleEn: '   ' }, 'update', ['input', 'titleEn'], 'INVALID'],
      [{ dueOn: inDays(-1) }, 'add', ['input', 'dueOn'], 'INVALID_DATES'],
      [{ weight: -3 }, 'add', ['input', 'weight'], 'INVALID'],
      [{ ownerOrganizationId: shenjian }, 'add', ['input', 'ownerOrganizationId'], 'NOT_A_PARTICIPANT'],
      [{ note: 'x'.repeat(5_001) }, 'add', ['input', 'note'], 'TOO_LONG'],
    ];
    for (const [fields, kind, field, code] of cases) {
      const payload =
        kind === 'add'
          ? await add({ projectId, titleZh: '阶段', titleEn: 'Stage', ...fields })
          : (await update({ milestoneId: milestone.id, ...fields })).data.updateMilestone;
      expect(payload.milestone, JSON.stringify(fields)).toBeNull();
      expect(
        payload.userErrors.map((e: any) => [e.field, e.code]),
        JSON.stringify(fields),
      ).toEqual([[field, code]]);
    }
    expect(await rowCounts(fx.db)).toEqual(before);
  });

  it('tells which are overdue, on the milestone and on its project', async () => {
    const projectId = await make.joinedProject();
    const { milestone } = await add({ projectId, titleZh: '招标', titleEn: 'Tender', dueOn: inDays(3) });
    await update({ milestoneId: milestone.id, progress: 40 });
    // Time passes: it was due yesterday.
    await fx.db.query(`update milestone set due_on = current_date - 1 where id = $1`, [
      Buffer.from(milestone.id, 'base64url').toString().split(':')[1],
    ]);
    const late = await update({ milestoneId: milestone.id, note: 'Waiting for bids.' });
    expect(late.data.updateMilestone.milestone).toMatchObject({ overdue: true, project: { overdueMilestones: 1 } });
    const done = await update({ milestoneId: milestone.id, progress: 100 });
    expect(done.data.updateMilestone.milestone).toMatchObject({ overdue: false, project: { overdueMilestones: 0 } });
  });

  it('cannot be planned or changed once the project is closed (PROJECT_CLOSED)', async () => {
    const projectId = await make.joinedProject();
    const { milestone } = await add({ projectId, titleZh: '收尾', titleEn: 'Wrap-up' });
    const cancelled = await gql<any>(
      fx.server.graphqlUrl,
      `mutation($i: ChangeProjectStatusInput!) { changeProjectStatus(input: $i) { project { status } } }`,
      { i: { projectId, status: 'CANCELLED' } },
      lead,
    );
    expect(cancelled.data.changeProjectStatus.project.status).toBe('CANCELLED');
    expect((await add({ projectId, titleZh: '新', titleEn: 'New' })).userErrors).toEqual([
      { field: ['input', 'projectId'], code: 'PROJECT_CLOSED', message: expect.any(String) },
    ]);
    expect((await update({ milestoneId: milestone.id, progress: 5 })).data.updateMilestone.userErrors[0].code).toBe(
      'PROJECT_CLOSED',
    );
  });
});
