import { beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders, type Headers } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
import { listFactories } from '../support/lists.js';
import { LiveSocket, PROJECT_ACTIVITY } from '../support/live.js';
import { COMMUNITY, JINGHU, lookup, SHENJIAN } from '../support/lookup.js';

const fx = useSeededServer('project_full_life');
const make = listFactories(fx);
let lead: Headers;
let water: Headers;
let renewal: Headers;
let committee: string;
let jinghu: string;
let shenjian: string;

beforeAll(async () => {
  lead = await make.committeeAdmin();
  water = await make.representative();
  renewal = await sessionHeaders(fx.db, 'rep.renewal@cobuild.demo');
  const ids = lookup(fx.server.graphqlUrl);
  committee = await ids.committee(COMMUNITY);
  jinghu = await ids.organization(JINGHU);
  shenjian = await ids.organization(SHENJIAN);
});

/** Runs a mutation through the API and returns its payload, asserting it succeeded. */
async function call(name: string, input: string, selection: string, variables: object, headers: Headers) {
  const res = await gql<any>(
    fx.server.graphqlUrl,
    `mutation($i: ${input}!) { ${name}(input: $i) { ${selection} userErrors { field code message } } }`,
    { i: variables },
    headers,
  );
  expect(errorCodes(res), `${name}: ${JSON.stringify(res.errors)}`).toEqual([]);
  expect(res.data[name].userErrors, name).toEqual([]);
  return res.data[name];
}

describe('a project, from proposal to completion, with three organizations', () => {
  it('walks through consultation, approval, commitments, milestones and completion; every step arrives live', async () => {
    const needId = await make.need({ titleZh: '河岸步道破损', titleEn: 'Broken riverside path' });
    const projectId = (
      await call(
        'createProject',
        'CreateProjectInput',
        'project { id }',
        {
          committeeId: committee,
          regionId: await lookup(fx.server.graphqlUrl).region(COMMUNITY),
          category: 'GREEN_SPACE',
          titleZh: '苏州河步道修复',
          titleEn: 'Suzhou Creek path repair',
          needIds: [needId],
        },
        lead,
      )
    ).project.id as string;

    const socket = await LiveSocket.open(fx.server.graphqlUrl, { headers: lead });
    try {
      const feed = socket.subscribe(PROJECT_ACTIVITY, { p: projectId });
      await new Promise((resolve) => setTimeout(resolve, 300));

      // Plan: what is needed, and the steps.
      const hours = (
        await call(
          'addRequirement',
          'AddRequirementInput',
          'requirement { id }',
          {
            projectId,
            kind: 'VOLUNTEER_HOURS',
            unit: 'PERSON_HOUR',
            quantity: 40,
            titleZh: '志愿者',
            titleEn: 'Volunteers',
          },
          lead,
        )
      ).requirement.id;
      for (const [organizationId, headers] of [
        [jinghu, water],
        [shenjian, renewal],
      ] as const) {
        await call('joinProject', 'ParticipationInput', 'participant { id }', { projectId, organizationId }, headers);
      }
      const survey = (
        await call(
          'addMilestone',
          'AddMilestoneInput',
          'milestone { id }',
          { projectId, titleZh: '勘察', titleEn: 'Survey' },
          lead,
        )
      ).milestone.id;
      const works = (
        await call(
          'addMilestone',
          'AddMilestoneInput',
          'milestone { id }',
          { projectId, titleZh: '施工', titleEn: 'Works', weight: 3, ownerOrganizationId: jinghu },
          lead,
        )
      ).milestone.id;

      // Consultation: two support, one objects; the lead answers the objection, then approves.
      await call(
        'changeProjectStatus',
        'ChangeProjectStatusInput',
        'project { status }',
        { projectId, status: 'CONSULTING' },
        lead,
      );
      await call(
        'postComment',
        'PostCommentInput',
        'comment { id }',
        {
          projectId,
          organizationId: jinghu,
          text: '@Shenjian Urban Renewal Construction Co., Ltd. 能否一起做夜间施工？',
        },
        water,
      );
      await make.position(projectId, 'SUPPORT', committee, lead);
      await make.position(projectId, 'SUPPORT', jinghu, water);
      const objection = (
        await call(
          'recordPosition',
          'RecordPositionInput',
          'position { statement { id } }',
          { projectId, organizationId: shenjian, stance: 'OBJECT', reason: '夜间施工扰民。' },
          renewal,
        )
      ).position;
      await call(
        'postComment',
        'PostCommentInput',
        'comment { id }',
        { projectId, organizationId: committee, text: '只在白天施工。', parentId: objection.statement.id },
        lead,
      );
      for (const status of ['APPROVED', 'IN_PROGRESS']) {
        await call(
          'changeProjectStatus',
          'ChangeProjectStatusInput',
          'project { status }',
          { projectId, status },
          lead,
        );
      }

      // Commitments: pledged, confirmed by the lead, delivered by the committer.
      const resourceId = await make.resource({ capacity: 100 });
      const pledge = (
        await call(
          'commitResource',
          'CommitResourceInput',
          'commitment { id }',
          { requirementId: hours, organizationId: jinghu, quantity: 30, unit: 'PERSON_HOUR', resourceId },
          water,
        )
      ).commitment.id;
      const small = (
        await call(
          'commitResource',
          'CommitResourceInput',
          'commitment { id }',
          { requirementId: hours, organizationId: shenjian, quantity: 10, unit: 'PERSON_HOUR' },
          renewal,
        )
      ).commitment.id;
      for (const commitmentId of [pledge, small]) {
        await call('confirmCommitment', 'CommitmentActionInput', 'commitment { status }', { commitmentId }, lead);
      }
      await call('markDelivered', 'CommitmentActionInput', 'commitment { status }', { commitmentId: pledge }, water);
      await call('markDelivered', 'CommitmentActionInput', 'commitment { status }', { commitmentId: small }, lead);

      // Progress: the lead finishes the survey, Jinghu Water (its owner) the works, and reports.
      await call(
        'updateMilestone',
        'UpdateMilestoneInput',
        'milestone { id }',
        { milestoneId: survey, progress: 100 },
        lead,
      );
      await call(
        'updateMilestone',
        'UpdateMilestoneInput',
        'milestone { project { progress } }',
        { milestoneId: works, progress: 100, note: '步道全线贯通。' },
        water,
      );
      await call(
        'postProgressUpdate',
        'PostProgressUpdateInput',
        'progressUpdate { id }',
        {
          projectId,
          organizationId: jinghu,
          text: '步道已修复，欢迎验收。',
          links: ['https://example.org/photos/path'],
        },
        water,
      );
      const done = await call(
        'changeProjectStatus',
        'ChangeProjectStatusInput',
        'project { status progress fillRate allowedTransitions }',
        { projectId, status: 'COMPLETED' },
        lead,
      );
      expect(done.project).toEqual({ status: 'COMPLETED', progress: 100, fillRate: 1, allowedTransitions: [] });

      const expected = [
        ['requirement.added', 'Requirement'],
        ['participant.joined', 'Participant'],
        ['participant.joined', 'Participant'],
        ['milestone.added', 'Milestone'],
        ['milestone.added', 'Milestone'],
        ['project.status_changed', 'Project'],
        ['comment.posted', 'Comment'],
        ['comment.posted', 'Comment'],
        ['position.recorded', 'Position'],
        ['comment.posted', 'Comment'],
        ['position.recorded', 'Position'],
        ['comment.posted', 'Comment'],
        ['position.recorded', 'Position'],
        ['comment.posted', 'Comment'],
        ['project.status_changed', 'Project'],
        ['project.status_changed', 'Project'],
        ['commitment.pledged', 'Commitment'],
        ['commitment.pledged', 'Commitment'],
        ['commitment.confirmed', 'Commitment'],
        ['commitment.confirmed', 'Commitment'],
        ['commitment.delivered', 'Commitment'],
        ['commitment.delivered', 'Commitment'],
        ['milestone.updated', 'Milestone'],
        ['milestone.updated', 'Milestone'],
        ['progress.posted', 'ProgressUpdate'],
        ['project.status_changed', 'Project'],
      ];
      const events = await feed.waitForEvents(() => true, expected.length, 15_000);
      expect(events.map((e) => [e.activity.type, e.activity.subject.__typename])).toEqual(expected);
      expect(
        events.filter((e) => e.activity.type === 'project.status_changed').map((e) => e.activity.changes.status.after),
      ).toEqual(['CONSULTING', 'APPROVED', 'IN_PROGRESS', 'COMPLETED']);
      expect(events.at(-1)!.activity.project).toMatchObject({ id: projectId, progress: 100, fillRate: 1 });
      // The live stream and the log hold the same events in the same order.
      const log = await gql<any>(
        fx.server.graphqlUrl,
        `query($p: ID!) { activity(filter: { projectId: $p }, first: 100) { nodes { id } } }`,
        { p: projectId },
      );
      expect(
        log.data.activity.nodes
          .map((n: { id: string }) => n.id)
          .reverse()
          .slice(1),
      ).toEqual(events.map((e) => e.activity.id));
    } finally {
      socket.close();
    }

    const need = await gql<any>(
      fx.server.graphqlUrl,
      `query($id: ID!) { node(id: $id) { ... on Need { status projects { status } } } }`,
      { id: needId },
    );
    expect(need.data.node).toEqual({ status: 'RESOLVED', projects: [{ status: 'COMPLETED' }] });
  });
});
