import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders, type Headers } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
import { listFactories } from '../support/lists.js';
import { COMMUNITY, JINGHU, lookup, SHENJIAN } from '../support/lookup.js';
import { rowCounts } from '../support/row-counts.js';

const fx = useSeededServer('consultation');
const make = listFactories(fx);
let lead: Headers;
let rep: Headers;
let renewal: Headers;
let jinghu: string;
let shenjian: string;
let committee: string;

beforeAll(async () => {
  lead = await make.committeeAdmin();
  rep = await make.representative();
  renewal = await sessionHeaders(fx.db, 'rep.renewal@cobuild.demo');
  const ids = lookup(fx.server.graphqlUrl);
  jinghu = await ids.organization(JINGHU);
  shenjian = await ids.organization(SHENJIAN);
  committee = await ids.committee(COMMUNITY);
});

const rowId = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1];
const COMMENT_FIELDS = `id text removed stance editedAt author organization { nameEn }
  parts { text organization { nameEn } } mentioned { nameEn }`;
const POST = `mutation($i: PostCommentInput!) { postComment(input: $i) { comment { ${COMMENT_FIELDS} parent { id } } userErrors { field code message } } }`;
const EDIT = `mutation($i: EditCommentInput!) { editComment(input: $i) { comment { ${COMMENT_FIELDS} } userErrors { field code message } } }`;
const REMOVE = `mutation($i: RemoveCommentInput!) { removeComment(input: $i) { comment { ${COMMENT_FIELDS} } userErrors { field code message } } }`;
const POSITION = `mutation($i: RecordPositionInput!) { recordPosition(input: $i) { position { id stance reason organization { nameEn } statement { id stance } } userErrors { field code message } } }`;
const RULE = `mutation($i: SetConsultationRuleInput!) { setConsultationRule(input: $i) { project { consultation { rule { support objections } } } userErrors { field code message } } }`;
const STATUS = `mutation($i: ChangeProjectStatusInput!) { changeProjectStatus(input: $i) { project { status } userErrors { field code message } } }`;
const CONSULTATION = `query($id: ID!) { node(id: $id) { ... on Project { consultation {
  rule { support objections } participants supports supportsNeeded objects abstains met blockers
  missing { nameEn } unansweredObjections { organization { nameEn } reason } } } } }`;

/** What `headers`' person may do to a comment (Comment.allowedActions). */
const actionsOn = async (commentId: string, headers?: Headers) =>
  (
    await gql<any>(
      fx.server.graphqlUrl,
      `query($id: ID!) { node(id: $id) { ... on Comment { allowedActions } } }`,
      { id: commentId },
      headers,
    )
  ).data.node.allowedActions;
const post = (input: Record<string, unknown>, headers: Headers) =>
  gql<any>(fx.server.graphqlUrl, POST, { i: input }, headers);
const position = (projectId: string, organizationId: string, stance: string, reason: string, headers: Headers) =>
  gql<any>(fx.server.graphqlUrl, POSITION, { i: { projectId, organizationId, stance, reason } }, headers);
const move = (projectId: string, status: string) =>
  gql<any>(fx.server.graphqlUrl, STATUS, { i: { projectId, status } }, lead);
const consultation = async (projectId: string) =>
  (await gql<any>(fx.server.graphqlUrl, CONSULTATION, { id: projectId })).data.node.consultation;

/** A proposed project of the community committee that Jinghu Water and Shenjian Renewal joined. */
async function projectWithPartners(): Promise<string> {
  const projectId = await make.joinedProject();
  await make.run(
    `mutation($i: ParticipationInput!) { joinProject(input: $i) { participant { id } userErrors { field code } } }`,
    { projectId, organizationId: shenjian },
    renewal,
    'joinProject',
  );
  return projectId;
}

describe('comments', () => {
  it('are posted by participants, link @mentions to organizations and take one level of replies', async () => {
    const projectId = await make.joinedProject();
    const top = await post(
      {
        projectId,
        organizationId: jinghu,
        text: '我们可以和 @静沪水务运营有限公司 的泵站班组一起 — ask @Nobody Inc and @Shenjian Urban Renewal Construction Co., Ltd.!',
      },
      rep,
    );
    expect(top.data.postComment.userErrors).toEqual([]);
    const comment = top.data.postComment.comment;
    expect(comment).toMatchObject({
      removed: false,
      stance: null,
      editedAt: null,
      author: '静湖水务 周洁',
      organization: { nameEn: JINGHU },
      parent: null,
      mentioned: [{ nameEn: JINGHU }, { nameEn: SHENJIAN }],
    });
    expect(comment.parts).toEqual([
      { text: '我们可以和 ', organization: null },
      { text: '@静沪水务运营有限公司', organization: { nameEn: JINGHU } },
      { text: ' 的泵站班组一起 — ask @Nobody Inc and ', organization: null },
      { text: '@Shenjian Urban Renewal Construction Co., Ltd.', organization: { nameEn: SHENJIAN } },
      { text: '!', organization: null },
    ]);
    expect(comment.parts.map((p: { text: string }) => p.text).join('')).toBe(comment.text);

    const reply = await post(
      { projectId, organizationId: committee, text: '好的，谢谢。', parentId: comment.id },
      lead,
    );
    expect(reply.data.postComment).toMatchObject({ comment: { parent: { id: comment.id } }, userErrors: [] });
    const before = await rowCounts(fx.db);
    const deeper = await post(
      { projectId, organizationId: jinghu, text: 'A reply to a reply', parentId: reply.data.postComment.comment.id },
      rep,
    );
    expect(deeper.data.postComment.userErrors).toEqual([
      {
        field: ['input', 'parentId'],
        code: 'INVALID',
        message: 'Replies are one level deep: reply to the comment it answers.',
      },
    ]);
    expect(await rowCounts(fx.db)).toEqual(before);

    const thread = await gql<any>(
      fx.server.graphqlUrl,
      `query($id: ID!) { node(id: $id) { ... on Project { comments(first: 10) { totalCount nodes { id replies(first: 10) { nodes { text organization { nameEn } } } } } } } }`,
      { id: projectId },
    );
    expect(thread.data.node.comments).toEqual({
      totalCount: 1,
      nodes: [
        {
          id: comment.id,
          replies: {
            nodes: [
              {
                text: '好的，谢谢。',
                organization: { nameEn: 'Changshouwan Residential Community Co-building Committee' },
              },
            ],
          },
        },
      ],
    });
  });

  it('refuses an outsider, empty or over-long text, and a reply to another project; nothing is written', async () => {
    const projectId = await make.joinedProject();
    const other = await make.joinedProject();
    const elsewhere = (await post({ projectId: other, organizationId: jinghu, text: 'Elsewhere' }, rep)).data
      .postComment.comment.id;
    const before = await rowCounts(fx.db);
    const cases: [Record<string, unknown>, Headers, unknown][] = [
      [
        { projectId, organizationId: shenjian, text: 'Not a participant' },
        renewal,
        {
          field: ['input', 'organizationId'],
          code: 'NOT_A_PARTICIPANT',
          message: "Only participating organizations and the region's committees discuss a project.",
        },
      ],
      [
        { projectId, organizationId: jinghu, text: '   \n ' },
        rep,
        { field: ['input', 'text'], code: 'INVALID', message: 'Text must not be empty or only spaces.' },
      ],
      [
        { projectId, organizationId: jinghu, text: '长'.repeat(5001) },
        rep,
        {
          field: ['input', 'text'],
          code: 'TOO_LONG',
          message: 'Text must be shorter than or equal to 5000 characters.',
        },
      ],
      [
        { projectId, organizationId: jinghu, text: 'Wrong thread', parentId: elsewhere },
        rep,
        {
          field: ['input', 'parentId'],
          code: 'INVALID',
          message: 'The comment replied to belongs to another project.',
        },
      ],
    ];
    for (const [input, headers, error] of cases) {
      expect((await post(input, headers)).data.postComment, JSON.stringify(input).slice(0, 80)).toEqual({
        comment: null,
        userErrors: [error],
      });
    }
    expect(await rowCounts(fx.db)).toEqual(before);
  });

  it('lets the committees of the region comment without taking part', async () => {
    const projectId = await make.project();
    const district = await sessionHeaders(fx.db, 'district.admin@cobuild.demo');
    const districtCommittee = await lookup(fx.server.graphqlUrl).committee('310106');
    const res = await post({ projectId, organizationId: districtCommittee, text: '区里支持。' }, district);
    expect(res.data.postComment.userErrors).toEqual([]);
  });

  it('are edited by their author within 15 minutes, and removed as tombstones by the author or the lead', async () => {
    const projectId = await make.joinedProject();
    const posted = (await post({ projectId, organizationId: jinghu, text: 'Ten benches' }, rep)).data.postComment
      .comment;
    const edit = (headers: Headers, text = 'Twelve benches, with @静沪水务运营有限公司') =>
      gql<any>(fx.server.graphqlUrl, EDIT, { i: { commentId: posted.id, text } }, headers);

    const unitAdmin = await sessionHeaders(fx.db, 'unit.admin@cobuild.demo');
    // What each may do, as the page shows it: the author edits and removes, the lead removes.
    expect(await actionsOn(posted.id, rep)).toEqual(['EDIT', 'REMOVE']);
    expect(await actionsOn(posted.id, lead)).toEqual(['REMOVE']);
    expect(await actionsOn(posted.id, unitAdmin)).toEqual([]);
    expect(await actionsOn(posted.id)).toEqual([]);
    expect(errorCodes(await edit(unitAdmin))).toEqual(['FORBIDDEN']);
    const edited = (await edit(rep)).data.editComment;
    expect(edited.userErrors).toEqual([]);
    expect(edited.comment).toMatchObject({
      text: 'Twelve benches, with @静沪水务运营有限公司',
      mentioned: [{ nameEn: JINGHU }],
    });
    expect(edited.comment.editedAt).not.toBeNull();

    const reply = (await post({ projectId, organizationId: committee, text: 'Noted', parentId: posted.id }, lead)).data
      .postComment.comment;
    await fx.db.query(`update comment set created_at = now() - interval '16 minutes' where id = $1`, [
      rowId(posted.id),
    ]);
    expect(await actionsOn(posted.id, rep)).toEqual(['REMOVE']);
    expect((await edit(rep, 'Too late')).data.editComment.userErrors).toEqual([
      {
        field: ['input', 'commentId'],
        code: 'EDIT_WINDOW_CLOSED',
        message: 'A comment can be edited for 15 minutes after it is posted.',
      },
    ]);

    const removed = (await gql<any>(fx.server.graphqlUrl, REMOVE, { i: { commentId: posted.id } }, lead)).data
      .removeComment;
    expect(removed).toMatchObject({
      comment: { id: posted.id, text: null, removed: true, parts: [], mentioned: [] },
      userErrors: [],
    });
    const thread = await gql<any>(
      fx.server.graphqlUrl,
      `query($id: ID!) { node(id: $id) { ... on Comment { removed replies(first: 5) { nodes { id text } } } } }`,
      { id: posted.id },
    );
    expect(thread.data.node).toEqual({ removed: true, replies: { nodes: [{ id: reply.id, text: 'Noted' }] } });
    expect(
      (await gql<any>(fx.server.graphqlUrl, REMOVE, { i: { commentId: posted.id } }, rep)).data.removeComment,
    ).toMatchObject({ userErrors: [{ code: 'COMMENT_REMOVED' }] });
    expect([await actionsOn(posted.id, rep), await actionsOn(posted.id, lead)]).toEqual([[], []]);
    // The activity log keeps that it was removed, not what it said.
    const [event] = await fx.db.query<{ changes: unknown }>(
      `select changes from activity where type = 'comment.removed' and subject_id = $1`,
      [rowId(posted.id)],
    );
    expect(event.changes).toEqual({ removed: { before: false, after: true } });
  });
});

describe('comments and positions in the record', () => {
  it('keep no comment text in the activity log, so a removed comment is gone everywhere', async () => {
    const projectId = await make.joinedProject();
    const posted = (await post({ projectId, organizationId: jinghu, text: 'Secret plan 42' }, rep)).data.postComment
      .comment;
    await gql<any>(fx.server.graphqlUrl, REMOVE, { i: { commentId: posted.id } }, lead);
    const rows = await fx.db.query<{ type: string; changes: unknown }>(
      `select type, changes from activity where subject_id = $1 order by id`,
      [rowId(posted.id)],
    );
    expect(rows).toEqual([
      { type: 'comment.posted', changes: { length: { before: null, after: 14 } } },
      { type: 'comment.removed', changes: { removed: { before: false, after: true } } },
    ]);
    const anywhere = await fx.db.query(`select 1 from activity where changes::text like '%Secret plan%'`);
    expect(anywhere).toEqual([]);
  });

  it("keep a position's statement: not edited, not removed while the position stands", async () => {
    const projectId = await projectWithPartners();
    await move(projectId, 'CONSULTING');
    const objection = (await position(projectId, shenjian, 'OBJECT', 'Too noisy', renewal)).data.recordPosition
      .position;
    expect([await actionsOn(objection.statement.id, renewal), await actionsOn(objection.statement.id, lead)]).toEqual([
      [],
      [],
    ]);
    const before = await rowCounts(fx.db);
    const edited = await gql<any>(
      fx.server.graphqlUrl,
      EDIT,
      { i: { commentId: objection.statement.id, text: 'Fine after all' } },
      renewal,
    );
    expect(edited.data.editComment.userErrors).toEqual([
      {
        field: ['input', 'commentId'],
        code: 'INVALID',
        message: 'This comment states a position: record the position again (recordPosition) to change its reason.',
      },
    ]);
    for (const headers of [renewal, lead]) {
      const removed = await gql<any>(
        fx.server.graphqlUrl,
        REMOVE,
        { i: { commentId: objection.statement.id } },
        headers,
      );
      expect(removed.data.removeComment.userErrors).toEqual([
        {
          field: ['input', 'commentId'],
          code: 'INVALID',
          message: "This comment states its organization's current position: record a new position instead.",
        },
      ]);
    }
    expect(await rowCounts(fx.db)).toEqual(before);
    // Once a new position stands, the old statement may go (it is never edited).
    await position(projectId, shenjian, 'SUPPORT', 'Fine after all', renewal);
    expect([await actionsOn(objection.statement.id, renewal), await actionsOn(objection.statement.id, lead)]).toEqual([
      ['REMOVE'],
      ['REMOVE'],
    ]);
  });

  it('let only invited organizations join a project under consultation, and a leaver takes its position along', async () => {
    const projectId = await make.project();
    await move(projectId, 'CONSULTING');
    const join = () =>
      gql<any>(
        fx.server.graphqlUrl,
        `mutation($i: ParticipationInput!) { joinProject(input: $i) { participant { id } userErrors { field code message } } }`,
        { i: { projectId, organizationId: jinghu } },
        rep,
      );
    const refused = {
      code: 'INVITATION_REQUIRED',
      message:
        'The project is under consultation: organizations join it now only when the lead committee invites them.',
    };
    expect((await join()).data.joinProject.userErrors).toEqual([{ field: ['input', 'projectId'], ...refused }]);
    const requirementId = await make.requirement(projectId);
    const pledge = await gql<any>(
      fx.server.graphqlUrl,
      `mutation($i: CommitResourceInput!) { commitResource(input: $i) { commitment { id } userErrors { field code message } } }`,
      { i: { requirementId, organizationId: jinghu, quantity: 1, unit: 'PERSON_HOUR' } },
      rep,
    );
    expect(pledge.data.commitResource.userErrors).toEqual([{ field: ['input', 'organizationId'], ...refused }]);
    expect((await consultation(projectId)).participants).toBe(1);

    await make.run(
      `mutation($i: ParticipationInput!) { inviteParticipant(input: $i) { participant { id } userErrors { field code } } }`,
      { projectId, organizationId: jinghu },
      lead,
      'inviteParticipant',
    );
    expect((await join()).data.joinProject.userErrors).toEqual([]);
    await position(projectId, jinghu, 'OBJECT', 'Not now', rep);
    expect(await consultation(projectId)).toMatchObject({ participants: 2, objects: 1 });
    await make.run(
      `mutation($i: ParticipationInput!) { leaveProject(input: $i) { participant { id } userErrors { field code } } }`,
      { projectId, organizationId: jinghu },
      rep,
      'leaveProject',
    );
    expect(await consultation(projectId)).toMatchObject({ participants: 1, objects: 0, unansweredObjections: [] });
  });

  it('keep the rule the positions were stated under, also back in PROPOSED', async () => {
    const projectId = await make.project();
    await move(projectId, 'CONSULTING');
    await position(projectId, committee, 'SUPPORT', 'Yes', lead);
    await move(projectId, 'PROPOSED');
    const res = await gql<any>(
      fx.server.graphqlUrl,
      RULE,
      { i: { projectId, support: 'ALL', objections: 'BLOCKS' } },
      lead,
    );
    expect(res.data.setConsultationRule.userErrors).toEqual([
      {
        field: ['input', 'projectId'],
        code: 'CONSULTATION_CLOSED',
        message: 'Positions were stated under the current rule; it no longer changes for this project.',
      },
    ]);
  });

  it('mention an organization only where its name ends a word', async () => {
    const projectId = await make.joinedProject();
    const res = await post(
      {
        projectId,
        organizationId: jinghu,
        text: 'Not @Changshouwan Residential Community Co-building Committees, but @Changshouwan Residential Community Co-building Committee.',
      },
      rep,
    );
    expect(res.data.postComment.comment.mentioned).toEqual([
      { nameEn: 'Changshouwan Residential Community Co-building Committee' },
    ]);
  });
});

describe('positions and the consultation rule', () => {
  it('approves a project only once a majority supports it and the lead has answered every objection', async () => {
    const projectId = await projectWithPartners();
    expect(await consultation(projectId)).toEqual({
      rule: { support: 'MAJORITY', objections: 'LEAD_MUST_REPLY' },
      participants: 3,
      supports: 0,
      supportsNeeded: 2,
      objects: 0,
      abstains: 0,
      met: false,
      blockers: [
        `0 of 3 participants support it and majority needs 2 (no position yet: Changshouwan Residential Community Co-building Committee, ${JINGHU}, ${SHENJIAN})`,
      ],
      missing: [
        { nameEn: 'Changshouwan Residential Community Co-building Committee' },
        { nameEn: JINGHU },
        { nameEn: SHENJIAN },
      ],
      unansweredObjections: [],
    });
    await move(projectId, 'CONSULTING');
    expect((await move(projectId, 'APPROVED')).data.changeProjectStatus.userErrors).toEqual([
      {
        field: ['input', 'status'],
        code: 'CONSULTATION_INCOMPLETE',
        message: `The consultation rule is not met: 0 of 3 participants support it and majority needs 2 (no position yet: Changshouwan Residential Community Co-building Committee, ${JINGHU}, ${SHENJIAN}).`,
      },
    ]);

    const supports = await position(projectId, committee, 'SUPPORT', '社区急需。', lead);
    expect(supports.data.recordPosition.userErrors).toEqual([]);
    await position(projectId, jinghu, 'SUPPORT', 'We have the crew.', rep);
    const objection = (await position(projectId, shenjian, 'OBJECT', '工期与我们的改造冲突。', renewal)).data
      .recordPosition.position;
    expect(objection).toMatchObject({
      stance: 'OBJECT',
      reason: '工期与我们的改造冲突。',
      organization: { nameEn: SHENJIAN },
      statement: { stance: 'OBJECT' },
    });
    expect(await consultation(projectId)).toMatchObject({
      supports: 2,
      objects: 1,
      met: false,
      missing: [],
      unansweredObjections: [{ organization: { nameEn: SHENJIAN }, reason: '工期与我们的改造冲突。' }],
    });
    expect((await move(projectId, 'APPROVED')).data.changeProjectStatus.userErrors[0]).toMatchObject({
      code: 'CONSULTATION_INCOMPLETE',
      message: `The consultation rule is not met: the lead committee has not replied to the objection of ${SHENJIAN}.`,
    });
    // A reply by someone else does not answer it; the lead's does.
    await post(
      { projectId, organizationId: jinghu, text: 'We can shift our shifts.', parentId: objection.statement.id },
      rep,
    );
    expect((await consultation(projectId)).met).toBe(false);
    await post(
      {
        projectId,
        organizationId: committee,
        text: '施工安排在周末，避开你们的工期。',
        parentId: objection.statement.id,
      },
      lead,
    );
    expect(await consultation(projectId)).toMatchObject({ met: true, blockers: [], unansweredObjections: [] });
    expect((await move(projectId, 'APPROVED')).data.changeProjectStatus).toEqual({
      project: { status: 'APPROVED' },
      userErrors: [],
    });

    const before = await rowCounts(fx.db);
    expect(
      (await position(projectId, jinghu, 'OBJECT', 'Changed our mind', rep)).data.recordPosition.userErrors,
    ).toEqual([
      {
        field: ['input', 'projectId'],
        code: 'CONSULTATION_CLOSED',
        message: 'Positions are recorded until the project is approved; it is APPROVED.',
      },
    ]);
    expect(await rowCounts(fx.db)).toEqual(before);
  });

  it('keeps one position per organization, changeable until approval; a changed objection needs a new reply', async () => {
    const projectId = await projectWithPartners();
    await move(projectId, 'CONSULTING');
    const first = (await position(projectId, shenjian, 'OBJECT', 'Too noisy', renewal)).data.recordPosition.position;
    await post({ projectId, organizationId: committee, text: 'Quiet hours only.', parentId: first.statement.id }, lead);
    expect((await consultation(projectId)).unansweredObjections).toEqual([]);
    const second = (await position(projectId, shenjian, 'OBJECT', 'Still too noisy', renewal)).data.recordPosition
      .position;
    expect(second.id).toBe(first.id);
    expect(second.reason).toBe('Still too noisy');
    expect((await consultation(projectId)).unansweredObjections).toEqual([
      { organization: { nameEn: SHENJIAN }, reason: 'Still too noisy' },
    ]);
    await position(projectId, shenjian, 'ABSTAIN', 'Fine, we abstain', renewal);
    expect(await consultation(projectId)).toMatchObject({ supports: 0, objects: 0, abstains: 1 });
    const [{ positions }] = await fx.db.query<{ positions: number }>(
      `select count(*)::int as positions from consultation_position where project_id = $1`,
      [rowId(projectId)],
    );
    expect(positions).toBe(1);
    const events = await fx.db.query<{ changes: unknown }>(
      `select changes from activity where type = 'position.recorded' and subject_id = $1 order by id`,
      [rowId(first.id)],
    );
    expect(events.map((e) => e.changes)).toEqual([
      { stance: { before: null, after: 'OBJECT' } },
      { stance: { before: 'OBJECT', after: 'OBJECT' } },
      { stance: { before: 'OBJECT', after: 'ABSTAIN' } },
    ]);
  });

  it('refuses a position from an organization that does not take part', async () => {
    const projectId = await make.project();
    const before = await rowCounts(fx.db);
    expect((await position(projectId, jinghu, 'SUPPORT', 'Yes', rep)).data.recordPosition.userErrors).toEqual([
      {
        field: ['input', 'organizationId'],
        code: 'NOT_A_PARTICIPANT',
        message: 'Only participating organizations state a position.',
      },
    ]);
    expect(await rowCounts(fx.db)).toEqual(before);
  });

  it('follows the rule the lead set before consultation: all must support and objections block', async () => {
    const projectId = await projectWithPartners();
    const set = await gql<any>(
      fx.server.graphqlUrl,
      RULE,
      { i: { projectId, support: 'ALL', objections: 'BLOCKS' } },
      lead,
    );
    expect(set.data.setConsultationRule).toEqual({
      project: { consultation: { rule: { support: 'ALL', objections: 'BLOCKS' } } },
      userErrors: [],
    });
    await move(projectId, 'CONSULTING');
    const late = await gql<any>(
      fx.server.graphqlUrl,
      RULE,
      { i: { projectId, support: 'MAJORITY', objections: 'LEAD_MUST_REPLY' } },
      lead,
    );
    expect(late.data.setConsultationRule.userErrors).toEqual([
      {
        field: ['input', 'projectId'],
        code: 'CONSULTATION_CLOSED',
        message: 'The rule is set before consultation starts; the project is CONSULTING.',
      },
    ]);
    await position(projectId, committee, 'SUPPORT', 'Yes', lead);
    await position(projectId, jinghu, 'SUPPORT', 'Yes', rep);
    const objection = (await position(projectId, shenjian, 'OBJECT', 'No', renewal)).data.recordPosition.position;
    await post({ projectId, organizationId: committee, text: 'Let us talk.', parentId: objection.statement.id }, lead);
    expect((await consultation(projectId)).blockers).toEqual([
      `2 of 3 participants support it and all needs 3`,
      '1 participant objects and objections block approval',
    ]);
    await position(projectId, shenjian, 'SUPPORT', 'Talked it over', renewal);
    expect(await consultation(projectId)).toMatchObject({ met: true, supports: 3, supportsNeeded: 3 });
    expect((await move(projectId, 'APPROVED')).data.changeProjectStatus.project.status).toBe('APPROVED');
  });

  it('never approves over an objection recorded while the approval is on its way', async () => {
    // The bad interleaving: approval has checked the positions and is still writing when an
    // objection arrives. The test holds the need the project answers, so the approval stops
    // after its check (deriving the need's status locks it) while the objection is sent.
    const needId = await make.need();
    const projectId = await make.project({ needIds: [needId] });
    await make.run(
      `mutation($i: ParticipationInput!) { joinProject(input: $i) { participant { id } userErrors { field code } } }`,
      { projectId, organizationId: jinghu },
      rep,
      'joinProject',
    );
    await move(projectId, 'CONSULTING');
    await position(projectId, committee, 'SUPPORT', 'Yes', lead);
    await position(projectId, jinghu, 'SUPPORT', 'Yes', rep);
    const holder = new pg.Client({ connectionString: fx.db.url });
    await holder.connect();
    try {
      await holder.query('begin');
      await holder.query(`select 1 from need where id = $1 for update`, [rowId(needId)]);
      const approving = move(projectId, 'APPROVED');
      await new Promise((resolve) => setTimeout(resolve, 300));
      const objecting = position(projectId, jinghu, 'OBJECT', 'Wait!', rep);
      await new Promise((resolve) => setTimeout(resolve, 300));
      await holder.query('commit');
      const [approved, objected] = await Promise.all([approving, objecting]);
      expect(approved.data.changeProjectStatus).toEqual({ project: { status: 'APPROVED' }, userErrors: [] });
      expect(objected.data.recordPosition.userErrors[0]?.code).toBe('CONSULTATION_CLOSED');
    } finally {
      await holder.end();
    }
    const stances = await fx.db.query<{ stance: string }>(
      `select stance from consultation_position where project_id = $1 order by stance`,
      [rowId(projectId)],
    );
    expect(stances.map((s) => s.stance)).toEqual(['SUPPORT', 'SUPPORT']);
  });
});
