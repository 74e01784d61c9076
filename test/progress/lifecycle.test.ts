import fs from 'node:fs';
import { NEXT_STATUSES } from '@cobuild/server';
import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import type { Headers } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
import { sessionHeaders } from '../support/accounts.js';
import { listFactories } from '../support/lists.js';
import { LiveSocket, PROJECT_ACTIVITY } from '../support/live.js';
import { JINGHU, lookup } from '../support/lookup.js';

const fx = useSeededServer('project_lifecycle');
const make = listFactories(fx);
let lead: Headers;
let rep: Headers;
let jinghu: string;

beforeAll(async () => {
  lead = await make.committeeAdmin();
  rep = await make.representative();
  jinghu = await lookup(fx.server.graphqlUrl).organization(JINGHU);
});

const rowId = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1];
const STATUS = `mutation($i: ChangeProjectStatusInput!) { changeProjectStatus(input: $i) { project { status allowedTransitions } userErrors { field code message } } }`;
const COMMIT = `mutation($i: CommitResourceInput!) { commitResource(input: $i) { commitment { id } userErrors { field code } } }`;
const move = (projectId: string, status: string) =>
  gql<any>(fx.server.graphqlUrl, STATUS, { i: { projectId, status } }, lead);
const act = (name: string, commitmentId: string, headers: Headers) =>
  gql<any>(
    fx.server.graphqlUrl,
    `mutation($i: CommitmentActionInput!) { ${name}(input: $i) { commitment { status } userErrors { code } } }`,
    { i: { commitmentId } },
    headers,
  );

describe('the project lifecycle', () => {
  it('shows each viewer the moves they may make, and names them when a move is refused', async () => {
    const projectId = await make.project();
    const ask = (headers: Headers) =>
      gql<any>(
        fx.server.graphqlUrl,
        `query($id: ID!) { node(id: $id) { ... on Project { allowedTransitions } } }`,
        { id: projectId },
        headers,
      );
    expect((await ask(lead)).data.node.allowedTransitions).toEqual(['CONSULTING', 'CANCELLED']);
    expect((await ask(rep)).data.node.allowedTransitions).toEqual([]);
    expect((await ask({})).data.node.allowedTransitions).toEqual([]);
    const refused = await move(projectId, 'COMPLETED');
    expect(refused.data.changeProjectStatus.userErrors).toEqual([
      {
        field: ['input', 'status'],
        code: 'INVALID_TRANSITION',
        message: 'A PROPOSED project cannot become COMPLETED; it may become CONSULTING or CANCELLED.',
      },
    ]);
    expect((await move(projectId, 'CONSULTING')).data.changeProjectStatus.project.allowedTransitions).toEqual([
      'APPROVED',
      'PROPOSED',
      'CANCELLED',
    ]);
  });

  it('lets a committee above the lead cancel its project, and take no other move', async () => {
    const district = await sessionHeaders(fx.db, 'district.admin@cobuild.demo');
    const projectId = await make.project();
    const ask = await gql<any>(
      fx.server.graphqlUrl,
      `query($id: ID!) { node(id: $id) { ... on Project { allowedTransitions } } }`,
      { id: projectId },
      district,
    );
    expect(ask.data.node.allowedTransitions).toEqual(['CANCELLED']);
    const consulting = await gql<any>(
      fx.server.graphqlUrl,
      STATUS,
      { i: { projectId, status: 'CONSULTING' } },
      district,
    );
    expect(errorCodes(consulting)).toEqual(['FORBIDDEN']);
    expect((await fx.db.query(`select status from project where id = $1`, [rowId(projectId)]))[0].status).toBe(
      'PROPOSED',
    );
    const cancelled = await gql<any>(fx.server.graphqlUrl, STATUS, { i: { projectId, status: 'CANCELLED' } }, district);
    expect(cancelled.data.changeProjectStatus).toMatchObject({ project: { status: 'CANCELLED' }, userErrors: [] });
  });

  it('delivers only what the lead confirmed, and only once the project is in progress', async () => {
    const projectId = await make.project();
    const requirementId = await make.requirement(projectId, { quantity: 10 });
    const pledge = await make.commitment({ requirementId, quantity: 4 });
    const deliver = async () =>
      (
        await gql<any>(
          fx.server.graphqlUrl,
          `mutation($i: CommitmentActionInput!) { markDelivered(input: $i) { commitment { status } userErrors { field code message } } }`,
          { i: { commitmentId: pledge } },
          rep,
        )
      ).data.markDelivered;
    expect(await deliver()).toEqual({
      commitment: null,
      userErrors: [
        {
          field: ['input', 'commitmentId'],
          code: 'INVALID_TRANSITION',
          message: 'A PLEDGED commitment cannot become DELIVERED until the lead committee confirms it.',
        },
      ],
    });
    expect((await act('confirmCommitment', pledge, lead)).data.confirmCommitment.commitment.status).toBe('CONFIRMED');
    expect(await deliver()).toEqual({
      commitment: null,
      userErrors: [
        {
          field: ['input', 'commitmentId'],
          code: 'PROJECT_NOT_IN_PROGRESS',
          message: 'Nothing is delivered before the project is in progress; it is PROPOSED.',
        },
      ],
    });
    const delivered = async () =>
      (await fx.db.query(`select delivered from requirement where id = $1`, [rowId(requirementId)]))[0].delivered;
    expect(await delivered()).toBe(0);
    await make.startedProject(projectId);
    expect(await deliver()).toEqual({ commitment: { status: 'DELIVERED' }, userErrors: [] });
    expect(await delivered()).toBe(4);
  });

  it('cancelling gives back every open commitment: withdrawn, quantities returned, each with its event', async () => {
    const projectId = await make.startedProject();
    const requirementId = await make.requirement(projectId, { quantity: 100 });
    const resourceId = await make.resource({ capacity: 50 });
    const commit = async (quantity: number, withResource: boolean) =>
      (
        await gql<any>(
          fx.server.graphqlUrl,
          COMMIT,
          {
            i: {
              requirementId,
              organizationId: jinghu,
              quantity,
              unit: 'PERSON_HOUR',
              ...(withResource ? { resourceId } : {}),
            },
          },
          rep,
        )
      ).data.commitResource.commitment.id as string;
    const pledged = await commit(10, true);
    const confirmed = await commit(5, false);
    const delivered = await commit(3, true);
    for (const id of [confirmed, delivered]) {
      expect((await act('confirmCommitment', id, lead)).data.confirmCommitment.commitment.status).toBe('CONFIRMED');
    }
    expect((await act('markDelivered', delivered, rep)).data.markDelivered.commitment.status).toBe('DELIVERED');

    const socket = await LiveSocket.open(fx.server.graphqlUrl, { headers: lead });
    try {
      const feed = socket.subscribe(PROJECT_ACTIVITY, { p: projectId });
      await new Promise((resolve) => setTimeout(resolve, 300));
      const cancelled = await move(projectId, 'CANCELLED');
      expect(cancelled.data.changeProjectStatus).toMatchObject({
        project: { status: 'CANCELLED', allowedTransitions: [] },
        userErrors: [],
      });
      const statuses = await fx.db.query<{ id: string; status: string }>(
        `select id, status from commitment where requirement_id = $1 order by id`,
        [rowId(requirementId)],
      );
      expect(Object.fromEntries(statuses.map((c) => [c.id, c.status]))).toEqual({
        [rowId(pledged)]: 'WITHDRAWN',
        [rowId(confirmed)]: 'WITHDRAWN',
        [rowId(delivered)]: 'DELIVERED',
      });
      const [{ committed }] = await fx.db.query<{ committed: number }>(
        `select committed from requirement where id = $1`,
        [rowId(requirementId)],
      );
      expect(committed).toBe(3);
      const [{ remaining }] = await fx.db.query<{ remaining: number }>(
        `select capacity - committed as remaining from resource where id = $1`,
        [rowId(resourceId)],
      );
      expect(remaining).toBe(47);
      const events = await feed.waitForEvents((e) => e.activity.type === 'commitment.withdrawn', 2);
      expect(events.map((e) => e.activity.subject.id).sort()).toEqual([pledged, confirmed].sort());
      for (const e of events) {
        expect(e.activity.changes.status.after).toBe('WITHDRAWN');
        expect(e.activity.changes.reason).toEqual({ before: null, after: 'project cancelled' });
      }
    } finally {
      socket.close();
    }
  });

  it('completes only when every milestone is at 100 % and no commitment is left open (CANNOT_COMPLETE)', async () => {
    const projectId = await make.project();
    const requirementId = await make.requirement(projectId, { quantity: 20 });
    const milestone = (
      await make.run(
        `mutation($i: AddMilestoneInput!) { addMilestone(input: $i) { milestone { id } userErrors { field code } } }`,
        { projectId, titleZh: '施工', titleEn: 'Works' },
        lead,
        'addMilestone',
      )
    ).milestone.id as string;
    const pledge = await make.commitment({ requirementId, quantity: 4 });
    await make.startedProject(projectId);
    const early = await move(projectId, 'COMPLETED');
    expect(early.data.changeProjectStatus).toMatchObject({
      project: null,
      userErrors: [
        {
          field: ['input', 'status'],
          code: 'CANNOT_COMPLETE',
          message:
            'The project cannot complete yet: milestone "Works" is at 0 %; 1 commitment is still pledged or confirmed (deliver or withdraw).',
        },
      ],
    });
    await gql<any>(
      fx.server.graphqlUrl,
      `mutation($i: UpdateMilestoneInput!) { updateMilestone(input: $i) { userErrors { code } } }`,
      { i: { milestoneId: milestone, progress: 100 } },
      lead,
    );
    expect((await move(projectId, 'COMPLETED')).data.changeProjectStatus.userErrors[0].message).toBe(
      'The project cannot complete yet: 1 commitment is still pledged or confirmed (deliver or withdraw).',
    );
    expect((await act('confirmCommitment', pledge, lead)).data.confirmCommitment.commitment.status).toBe('CONFIRMED');
    expect((await act('markDelivered', pledge, rep)).data.markDelivered.commitment.status).toBe('DELIVERED');
    const done = await move(projectId, 'COMPLETED');
    expect(done.data.changeProjectStatus).toMatchObject({
      project: { status: 'COMPLETED', allowedTransitions: [] },
      userErrors: [],
    });
  });

  it('tells each viewer the commitment actions they may take (allowedActions)', async () => {
    const projectId = await make.project();
    const requirementId = await make.requirement(projectId, { quantity: 10 });
    const pledge = await make.commitment({ requirementId, quantity: 2 });
    const actions = async (headers: Headers) =>
      (
        await gql<any>(
          fx.server.graphqlUrl,
          `query($id: ID!) { node(id: $id) { ... on Commitment { allowedActions } } }`,
          { id: pledge },
          headers,
        )
      ).data.node.allowedActions;
    expect(await actions(lead)).toEqual(['CONFIRM']);
    expect(await actions(rep)).toEqual(['WITHDRAW']);
    expect(await actions({})).toEqual([]);
    await act('confirmCommitment', pledge, lead);
    expect(await actions(lead)).toEqual([]);
    expect(await actions(rep)).toEqual(['WITHDRAW']);
    await make.startedProject(projectId);
    expect(await actions(lead)).toEqual(['DELIVER']);
    expect(await actions(rep)).toEqual(['DELIVER', 'WITHDRAW']);
    await act('markDelivered', pledge, rep);
    expect(await actions(rep)).toEqual([]);
  });

  it('lets a closed project take no new need', async () => {
    const needId = await make.need();
    const projectId = await make.project();
    await move(projectId, 'CANCELLED');
    const res = await gql<any>(
      fx.server.graphqlUrl,
      `mutation($i: UpdateProjectInput!) { updateProject(input: $i) { project { id } userErrors { field code message } } }`,
      { i: { projectId, needIds: [needId] } },
      lead,
    );
    expect(res.data.updateProject.userErrors).toEqual([
      { field: ['input', 'needIds'], code: 'PROJECT_CLOSED', message: 'The project is cancelled.' },
    ]);
    expect(await fx.db.query(`select 1 from project_need where need_id = $1`, [rowId(needId)])).toEqual([]);
  });

  it('never leaves a pledge open on a cancelled project when a commitment and the cancel race', async () => {
    const holder = new pg.Client({ connectionString: fx.db.url });
    await holder.connect();
    const pause = () => new Promise((resolve) => setTimeout(resolve, 300));
    /** Holds the requirement's row, so whichever of the two reaches it first stops there. */
    const race = async (first: () => Promise<any>, second: () => Promise<any>, requirementId: string) => {
      await holder.query('begin');
      await holder.query(`select 1 from requirement where id = $1 for update`, [rowId(requirementId)]);
      const a = first();
      await pause();
      const b = second();
      await pause();
      await holder.query('commit');
      return Promise.all([a, b]);
    };
    const setup = async () => {
      const projectId = await make.project();
      const requirementId = await make.requirement(projectId, { quantity: 20 });
      const resourceId = await make.resource({ capacity: 20 });
      const commit = () =>
        gql<any>(
          fx.server.graphqlUrl,
          COMMIT,
          { i: { requirementId, organizationId: jinghu, quantity: 5, unit: 'PERSON_HOUR', resourceId } },
          rep,
        );
      const counters = async () => ({
        requirement: (await fx.db.query(`select committed from requirement where id = $1`, [rowId(requirementId)]))[0]
          .committed,
        resource: (await fx.db.query(`select committed from resource where id = $1`, [rowId(resourceId)]))[0].committed,
        open: (
          await fx.db.query(
            `select count(*)::int as n from commitment where requirement_id = $1 and status in ('PLEDGED', 'CONFIRMED')`,
            [rowId(requirementId)],
          )
        )[0].n,
      });
      return { projectId, requirementId, commit, counters };
    };
    try {
      // The pledge is on its way (it checked the project is open) when the cancel arrives: the
      // cancel waits for it, then gives it back.
      const a = await setup();
      const [pledged, cancelledA] = await race(a.commit, () => move(a.projectId, 'CANCELLED'), a.requirementId);
      expect(pledged.data.commitResource.userErrors).toEqual([]);
      expect(cancelledA.data.changeProjectStatus.project.status).toBe('CANCELLED');
      expect(await a.counters()).toEqual({ requirement: 0, resource: 0, open: 0 });

      // The cancel is on its way when the pledge arrives: the pledge waits, then finds the
      // project closed and writes nothing.
      const b = await setup();
      const [cancelledB, refused] = await race(() => move(b.projectId, 'CANCELLED'), b.commit, b.requirementId);
      expect(cancelledB.data.changeProjectStatus.project.status).toBe('CANCELLED');
      expect(refused.data.commitResource.userErrors).toEqual([
        { field: ['input', 'requirementId'], code: 'PROJECT_CLOSED' },
      ]);
      expect(await b.counters()).toEqual({ requirement: 0, resource: 0, open: 0 });
    } finally {
      await holder.end();
    }
  });

  it('keeps a need in the status its projects imply when one project is cancelled as another takes the need up', async () => {
    const needId = await make.need();
    const running = await make.startedProject(await make.project({ needIds: [needId] }));
    const other = await make.startedProject();
    const needStatus = async () =>
      (await fx.db.query<{ status: string }>(`select status from need where id = $1`, [rowId(needId)]))[0].status;
    expect(await needStatus()).toBe('MATCHED');

    // The bad interleaving: the cancel derives the need's status (OPEN: the other project does
    // not answer it yet) while the other project, in progress, takes the need up and derives
    // MATCHED (the cancel is not committed yet), and the cancel writes last. The test holds the
    // need's row so both reach it before either commits. Taking up a need changes no project
    // status, so nothing else (the region roll-ups) orders the two: only the need's lock does.
    const holder = new pg.Client({ connectionString: fx.db.url });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(`select 1 from need where id = $1 for update`, [rowId(needId)]);
      const cancelling = move(running, 'CANCELLED');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const takingUp = gql<any>(
        fx.server.graphqlUrl,
        `mutation($i: UpdateProjectInput!) { updateProject(input: $i) { project { id } userErrors { code } } }`,
        { i: { projectId: other, needIds: [needId] } },
        lead,
      );
      await new Promise((resolve) => setTimeout(resolve, 300));
      await holder.query('commit');
      const [cancelled, takenUp] = await Promise.all([cancelling, takingUp]);
      expect(cancelled.data.changeProjectStatus.project.status).toBe('CANCELLED');
      expect(takenUp.data.updateProject.userErrors).toEqual([]);
    } finally {
      await holder.end();
    }
    // The other project is IN_PROGRESS and answers the need: MATCHED.
    expect(await needStatus()).toBe('MATCHED');
  });
});

describe('the README', () => {
  it("shows exactly the lifecycle's edges in its table", () => {
    const readme = fs.readFileSync(new URL('../../README.md', import.meta.url), 'utf8');
    const table = readme.split('\n| From ')[1].split('\n\n')[0];
    const open = Object.keys(NEXT_STATUSES).filter((s) => NEXT_STATUSES[s as keyof typeof NEXT_STATUSES].length);
    const edges = table
      .split('\n')
      .slice(2)
      .flatMap((row) => {
        const [, from, to] = row.split('|').map((c) => c.trim());
        return (from === 'any open' ? open : [from]).map((f) => `${f} › ${to}`);
      });
    const fromCode = Object.entries(NEXT_STATUSES).flatMap(([from, next]) => next.map((to) => `${from} › ${to}`));
    expect(edges.sort()).toEqual(fromCode.sort());
  });
});
