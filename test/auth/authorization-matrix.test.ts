import { CSV_COLUMNS, MUTATION_RULES } from '@cobuild/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTORS, actorKit, type Actor, type ActorKit } from '../support/actors.js';
import { DEMO_PASSWORD, sessionHeaders } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
import { listFactories } from '../support/lists.js';
import { COMMUNITY, JINGAN, JINGHU, lookup } from '../support/lookup.js';
import { rowCounts } from '../support/row-counts.js';

const fx = useSeededServer('authorization_matrix', { LOGIN_ATTEMPTS_PER_IP: '1000' });
let kit: ActorKit;
beforeAll(async () => {
  kit = await actorKit(fx);
});

type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN';
const U = 'UNAUTHENTICATED';
const F = 'FORBIDDEN';

/** Outcome per actor, in the order of ACTORS. */
function outcomes(...list: Outcome[]): Record<Actor, Outcome> {
  expect(list).toHaveLength(ACTORS.length);
  return Object.fromEntries(ACTORS.map((a, i) => [a, list[i]])) as Record<Actor, Outcome>;
}

//                         anon other rep  unitAdmin parentCom siblingCom roToken expired revoked
const ANYONE = outcomes('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', U, U);
const SIGNED_IN = outcomes(U, 'ok', 'ok', 'ok', 'ok', 'ok', F, U, U);
const UNIT_ADMIN = outcomes(U, F, F, 'ok', F, F, F, U, U);
const PARENT_COMMITTEE = outcomes(U, F, F, F, 'ok', F, F, U, U);
/** Acting for the work unit Jinghu Water: its admin and representative (tokens need a write scope). */
const UNIT_ACTOR = outcomes(U, F, 'ok', 'ok', F, F, F, U, U);
/** The person who wrote it (Jinghu Water's representative), and no one else. */
const AUTHOR = outcomes(U, F, 'ok', F, F, F, F, U, U);
/** Its author or the lead committee (the district admin governs the community committee). */
const AUTHOR_OR_LEAD = outcomes(U, F, 'ok', F, 'ok', F, F, U, U);
/** The committing unit or the lead committee (the district admin governs the community committee). */
const UNIT_OR_LEAD = outcomes(U, F, 'ok', 'ok', 'ok', F, F, U, U);

const make = listFactories(fx);
const ids = () => lookup(fx.server.graphqlUrl);
const jinghu = () => ids().organization(JINGHU);
/** `mutation($i: <Input>!) { <name>(input: $i) { userErrors { code } } }` */
const doc = (name: string, input: string) => `mutation($i: ${input}!) { ${name}(input: $i) { userErrors { code } } }`;

let serial = 0;
const unique = (label: string) => `${label}-${++serial}@matrix.example`;

async function invite(organizationId: string, email: string, role = 'MEMBER'): Promise<string> {
  const admin = await sessionHeaders(fx.db, 'unit.admin@cobuild.demo');
  const res = await gql<any>(
    fx.server.graphqlUrl,
    `mutation($i: InviteMemberInput!) { inviteMember(input: $i) { invitationSecret userErrors { code } } }`,
    { i: { organizationId, email, role } },
    admin,
  );
  expect(res.data.inviteMember.userErrors).toEqual([]);
  return res.data.inviteMember.invitationSecret;
}

/** A new member of Jinghu Water, for the role-changing mutations to act on. */
async function freshMembership(): Promise<string> {
  const secret = await invite(await jinghu(), unique('member'));
  const res = await gql<any>(
    fx.server.graphqlUrl,
    `mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { membership { id } } }`,
    { i: { secret, displayName: 'Matrix member', password: 'matrix-password-1' } },
  );
  return res.data.acceptInvitation.membership.id;
}

/** A milestone of a new community project that Jinghu Water joined, owned by Jinghu Water. */
async function milestoneOwnedByJinghu(): Promise<string> {
  const projectId = await make.project();
  const organizationId = await jinghu();
  await make.run(
    doc('joinProject', 'ParticipationInput'),
    { projectId, organizationId },
    await make.representative(),
    'joinProject',
  );
  const added = await make.run(
    `mutation($i: AddMilestoneInput!) { addMilestone(input: $i) { milestone { id } userErrors { field code } } }`,
    { projectId, titleZh: '阶段', titleEn: 'Stage', ownerOrganizationId: organizationId },
    await make.committeeAdmin(),
    'addMilestone',
  );
  return added.milestone.id;
}

/** A comment of Jinghu Water's representative on a community project Jinghu Water joined. */
async function commentByJinghu(): Promise<string> {
  const projectId = await make.joinedProject();
  const posted = await make.run(
    `mutation($i: PostCommentInput!) { postComment(input: $i) { comment { id } userErrors { field code } } }`,
    { projectId, organizationId: await jinghu(), text: 'We can bring benches.' },
    await make.representative(),
    'postComment',
  );
  return posted.comment.id;
}

/** A projects CSV (as the export writes it) of one milestone row setting its progress. */
function milestoneCsv(milestoneId: string, progress: number): string {
  const row = CSV_COLUMNS.map(
    (c) => ({ record: 'milestone', id: milestoneId, progress: String(progress) })[c as string] ?? '',
  );
  return `${CSV_COLUMNS.join(',')}\r\n${row.join(',')}\r\n`;
}

interface MatrixCase {
  mutation: keyof typeof MUTATION_RULES;
  target: string;
  document: string;
  variables: () => Promise<Record<string, unknown>>;
  expected: Record<Actor, Outcome>;
}

const CASES: MatrixCase[] = [
  {
    mutation: 'login',
    target: 'any account',
    document: `mutation($i: LoginInput!) { login(input: $i) { userErrors { code } } }`,
    variables: async () => ({ i: { email: 'rep.landscape@cobuild.demo', password: DEMO_PASSWORD } }),
    expected: ANYONE,
  },
  {
    mutation: 'acceptInvitation',
    target: 'an invitation to Jinghu Water',
    document: `mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { userErrors { code } } }`,
    variables: async () => ({
      i: {
        secret: await invite(await jinghu(), unique('invitee')),
        displayName: 'Invitee',
        password: 'invitee-password-1',
      },
    }),
    expected: ANYONE,
  },
  {
    mutation: 'logout',
    target: 'own session',
    document: `mutation { logout { userErrors { code } } }`,
    variables: async () => ({}),
    expected: SIGNED_IN,
  },
  {
    mutation: 'changePassword',
    target: 'own account',
    document: `mutation($i: ChangePasswordInput!) { changePassword(input: $i) { userErrors { code } } }`,
    variables: async () => ({ i: { currentPassword: DEMO_PASSWORD, newPassword: DEMO_PASSWORD } }),
    expected: SIGNED_IN,
  },
  {
    mutation: 'inviteMember',
    target: 'work unit Jinghu Water',
    document: `mutation($i: InviteMemberInput!) { inviteMember(input: $i) { userErrors { code } } }`,
    variables: async () => ({
      i: {
        organizationId: await jinghu(),
        email: unique('unit'),
        role: 'MEMBER',
      },
    }),
    expected: UNIT_ADMIN,
  },
  {
    mutation: 'inviteMember',
    target: "a community committee in Jing'an",
    document: `mutation($i: InviteMemberInput!) { inviteMember(input: $i) { userErrors { code } } }`,
    variables: async () => ({
      i: { organizationId: await ids().committee('310106002002'), email: unique('committee'), role: 'MEMBER' },
    }),
    expected: PARENT_COMMITTEE,
  },
  {
    mutation: 'setMemberRole',
    target: 'a member of Jinghu Water',
    document: `mutation($i: SetMemberRoleInput!) { setMemberRole(input: $i) { userErrors { code } } }`,
    variables: async () => ({ i: { membershipId: await freshMembership(), role: 'REPRESENTATIVE' } }),
    expected: UNIT_ADMIN,
  },
  {
    mutation: 'removeMember',
    target: 'a member of Jinghu Water',
    document: `mutation($i: RemoveMemberInput!) { removeMember(input: $i) { userErrors { code } } }`,
    variables: async () => ({ i: { membershipId: await freshMembership() } }),
    expected: UNIT_ADMIN,
  },
  {
    mutation: 'createApiToken',
    target: 'Jinghu Water',
    document: `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { userErrors { code } } }`,
    variables: async () => ({
      i: { organizationId: await jinghu(), name: 'matrix token' },
    }),
    expected: UNIT_ADMIN,
  },
  {
    mutation: 'revokeApiToken',
    target: 'a token of Jinghu Water',
    document: `mutation($i: RevokeApiTokenInput!) { revokeApiToken(input: $i) { userErrors { code } } }`,
    variables: async () => {
      const admin = await sessionHeaders(fx.db, 'unit.admin@cobuild.demo');
      const res = await gql<any>(
        fx.server.graphqlUrl,
        `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { apiToken { id } } }`,
        { i: { organizationId: await jinghu(), name: 'to revoke' } },
        admin,
      );
      return { i: { apiTokenId: res.data.createApiToken.apiToken.id } };
    },
    expected: UNIT_ADMIN,
  },
  {
    mutation: 'reportNeed',
    target: "the Jing'an District committee, for a community",
    document: doc('reportNeed', 'ReportNeedInput'),
    variables: async () => ({
      i: {
        committeeId: await ids().committee(JINGAN),
        regionId: await ids().region(COMMUNITY),
        category: 'HEALTH',
        titleZh: '需求',
        titleEn: 'Need',
      },
    }),
    expected: PARENT_COMMITTEE,
  },
  {
    mutation: 'updateNeed',
    target: 'a need of a community committee',
    document: doc('updateNeed', 'UpdateNeedInput'),
    variables: async () => ({ i: { needId: await make.need(), titleEn: 'Renamed' } }),
    expected: PARENT_COMMITTEE,
  },
  {
    mutation: 'supportNeed',
    target: 'a need, for Jinghu Water',
    document: doc('supportNeed', 'SupportNeedInput'),
    variables: async () => ({ i: { needId: await make.need(), organizationId: await jinghu() } }),
    expected: UNIT_ACTOR,
  },
  {
    mutation: 'publishResource',
    target: 'Jinghu Water',
    document: doc('publishResource', 'PublishResourceInput'),
    variables: async () => ({
      i: {
        organizationId: await jinghu(),
        kind: 'EQUIPMENT',
        unit: 'ITEM',
        capacity: 3,
        titleZh: '梯子',
        titleEn: 'Ladders',
      },
    }),
    expected: UNIT_ACTOR,
  },
  {
    mutation: 'updateResource',
    target: 'a resource of Jinghu Water',
    document: doc('updateResource', 'UpdateResourceInput'),
    variables: async () => ({ i: { resourceId: await make.resource(), capacity: 2000 } }),
    expected: UNIT_ACTOR,
  },
  {
    mutation: 'retireResource',
    target: 'a resource of Jinghu Water',
    document: doc('retireResource', 'RetireResourceInput'),
    variables: async () => ({ i: { resourceId: await make.resource() } }),
    expected: UNIT_ACTOR,
  },
  {
    mutation: 'createProject',
    target: "the Jing'an District committee, in a community",
    document: doc('createProject', 'CreateProjectInput'),
    variables: async () => ({
      i: {
        committeeId: await ids().committee(JINGAN),
        regionId: await ids().region(COMMUNITY),
        category: 'HEALTH',
        titleZh: '项目',
        titleEn: 'Project',
      },
    }),
    expected: PARENT_COMMITTEE,
  },
  {
    mutation: 'updateProject',
    target: 'a project of a community committee',
    document: doc('updateProject', 'UpdateProjectInput'),
    variables: async () => ({ i: { projectId: await make.project(), titleEn: 'Renamed' } }),
    expected: PARENT_COMMITTEE,
  },
  {
    mutation: 'changeProjectStatus',
    target: 'a project of a community committee',
    document: doc('changeProjectStatus', 'ChangeProjectStatusInput'),
    // A committee above the lead may only cancel (the lifecycle tests hold the other edges).
    variables: async () => ({ i: { projectId: await make.project(), status: 'CANCELLED' } }),
    expected: PARENT_COMMITTEE,
  },
  {
    mutation: 'addRequirement',
    target: 'a project of a community committee',
    document: doc('addRequirement', 'AddRequirementInput'),
    variables: async () => ({
      i: {
        projectId: await make.project(),
        kind: 'FUNDS',
        unit: 'YUAN',
        quantity: 100,
        titleZh: '资金',
        titleEn: 'Funds',
      },
    }),
    expected: PARENT_COMMITTEE,
  },
  {
    mutation: 'updateRequirement',
    target: 'a requirement of a community project',
    document: doc('updateRequirement', 'UpdateRequirementInput'),
    variables: async () => ({ i: { requirementId: await make.requirement(await make.project()), quantity: 10 } }),
    expected: PARENT_COMMITTEE,
  },
  {
    mutation: 'addMilestone',
    target: 'a project of a community committee',
    document: doc('addMilestone', 'AddMilestoneInput'),
    variables: async () => ({ i: { projectId: await make.project(), titleZh: '阶段', titleEn: 'Stage' } }),
    expected: PARENT_COMMITTEE,
  },
  {
    mutation: 'updateMilestone',
    target: "a community project's milestone owned by Jinghu Water (progress)",
    document: doc('updateMilestone', 'UpdateMilestoneInput'),
    variables: async () => ({ i: { milestoneId: await milestoneOwnedByJinghu(), progress: 10 } }),
    expected: UNIT_OR_LEAD,
  },
  {
    mutation: 'importMilestoneProgress',
    target: "a CSV row of a community project's milestone owned by Jinghu Water (progress)",
    document: doc('importMilestoneProgress', 'ImportMilestoneProgressInput'),
    variables: async () => ({ i: { csv: milestoneCsv(await milestoneOwnedByJinghu(), 10) } }),
    expected: UNIT_OR_LEAD,
  },
  {
    mutation: 'removeMilestone',
    target: "a community project's milestone",
    document: doc('removeMilestone', 'RemoveMilestoneInput'),
    variables: async () => ({ i: { milestoneId: await milestoneOwnedByJinghu() } }),
    expected: PARENT_COMMITTEE,
  },
  {
    mutation: 'postProgressUpdate',
    target: 'a community project Jinghu Water joined, for Jinghu Water',
    document: doc('postProgressUpdate', 'PostProgressUpdateInput'),
    variables: async () => {
      const input = { projectId: await make.project(), organizationId: await jinghu() };
      await make.run(doc('joinProject', 'ParticipationInput'), input, await make.representative(), 'joinProject');
      return { i: { ...input, text: 'Half the benches are in.' } };
    },
    expected: UNIT_ACTOR,
  },
  {
    mutation: 'setConsultationRule',
    target: 'a proposed project of a community committee',
    document: doc('setConsultationRule', 'SetConsultationRuleInput'),
    variables: async () => ({
      i: { projectId: await make.project(), support: 'TWO_THIRDS', objections: 'BLOCKS' },
    }),
    expected: PARENT_COMMITTEE,
  },
  {
    mutation: 'postComment',
    target: 'a community project Jinghu Water joined, for Jinghu Water',
    document: doc('postComment', 'PostCommentInput'),
    variables: async () => ({
      i: { projectId: await make.joinedProject(), organizationId: await jinghu(), text: 'Count us in.' },
    }),
    expected: UNIT_ACTOR,
  },
  {
    mutation: 'editComment',
    target: "a comment of Jinghu Water's representative",
    document: doc('editComment', 'EditCommentInput'),
    variables: async () => ({ i: { commentId: await commentByJinghu(), text: 'We can bring ten benches.' } }),
    expected: AUTHOR,
  },
  {
    mutation: 'removeComment',
    target: "a comment of Jinghu Water's representative on a community project",
    document: doc('removeComment', 'RemoveCommentInput'),
    variables: async () => ({ i: { commentId: await commentByJinghu() } }),
    expected: AUTHOR_OR_LEAD,
  },
  {
    mutation: 'recordPosition',
    target: 'a community project Jinghu Water joined, for Jinghu Water',
    document: doc('recordPosition', 'RecordPositionInput'),
    variables: async () => ({
      i: { projectId: await make.joinedProject(), organizationId: await jinghu(), stance: 'SUPPORT', reason: 'Yes.' },
    }),
    expected: UNIT_ACTOR,
  },
  {
    mutation: 'inviteParticipant',
    target: 'Jinghu Water, to a community project',
    document: doc('inviteParticipant', 'ParticipationInput'),
    variables: async () => ({ i: { projectId: await make.project(), organizationId: await jinghu() } }),
    expected: PARENT_COMMITTEE,
  },
  {
    mutation: 'joinProject',
    target: 'a community project, for Jinghu Water',
    document: doc('joinProject', 'ParticipationInput'),
    variables: async () => ({ i: { projectId: await make.project(), organizationId: await jinghu() } }),
    expected: UNIT_ACTOR,
  },
  {
    mutation: 'leaveProject',
    target: 'a project Jinghu Water joined',
    document: doc('leaveProject', 'ParticipationInput'),
    variables: async () => {
      const input = { projectId: await make.project(), organizationId: await jinghu() };
      await make.run(doc('joinProject', 'ParticipationInput'), input, await make.representative(), 'joinProject');
      return { i: input };
    },
    expected: UNIT_ACTOR,
  },
  {
    mutation: 'commitResource',
    target: 'a requirement, for Jinghu Water',
    document: doc('commitResource', 'CommitResourceInput'),
    variables: async () => ({
      i: {
        requirementId: await make.requirement(await make.project()),
        organizationId: await jinghu(),
        quantity: 5,
        unit: 'PERSON_HOUR',
      },
    }),
    expected: UNIT_ACTOR,
  },
  {
    mutation: 'confirmCommitment',
    target: "Jinghu Water's pledge to a community project",
    document: doc('confirmCommitment', 'CommitmentActionInput'),
    variables: async () => ({ i: { commitmentId: await make.commitment() } }),
    expected: PARENT_COMMITTEE,
  },
  {
    mutation: 'markDelivered',
    target: "Jinghu Water's confirmed commitment to a community project in progress",
    document: doc('markDelivered', 'CommitmentActionInput'),
    variables: async () => ({ i: { commitmentId: await make.confirmedCommitment() } }),
    expected: UNIT_OR_LEAD,
  },
  {
    mutation: 'withdrawCommitment',
    target: "Jinghu Water's pledge to a community project",
    document: doc('withdrawCommitment', 'CommitmentActionInput'),
    variables: async () => ({ i: { commitmentId: await make.commitment() } }),
    expected: UNIT_ACTOR,
  },
];

describe('authorization matrix: every mutation × every kind of caller', () => {
  it('covers every mutation of the schema', () => {
    expect([...new Set(CASES.map((c) => c.mutation))].sort()).toEqual(Object.keys(MUTATION_RULES).sort());
  });

  for (const c of CASES) {
    it(`${c.mutation} on ${c.target}`, async () => {
      const seen: Record<string, Outcome> = {};
      for (const actor of ACTORS) {
        const variables = await c.variables();
        const headers = await kit.headers(actor);
        const before = await rowCounts(fx.db);
        const res = await gql<any>(fx.server.graphqlUrl, c.document, variables, headers);
        const codes = errorCodes(res);
        // A mutation that changes many objects reports each refusal as a userError FORBIDDEN.
        const refusals = res.data?.[c.mutation]?.userErrors?.filter((e: { code: string }) => e.code === 'FORBIDDEN');
        if (codes.length === 0 && refusals?.length) codes.push('FORBIDDEN');
        if (codes.length === 0) {
          expect(res.data[c.mutation].userErrors, `${actor}: ${JSON.stringify(res.data)}`).toEqual([]);
          seen[actor] = 'ok';
        } else {
          expect(codes, actor).toHaveLength(1);
          seen[actor] = codes[0] as Outcome;
          // A refused call writes nothing: no row appears or disappears, no activity is logged.
          expect(await rowCounts(fx.db), `${actor} changed rows`).toEqual(before);
        }
      }
      expect(seen).toEqual(c.expected);
    });
  }
});

describe('what callers may see and do', () => {
  const CAN = `query($o: ID!) { viewer { members: can(action: MANAGE_MEMBERS, organizationId: $o) tokens: can(action: MANAGE_API_TOKENS, organizationId: $o) } }`;

  it('viewer.can answers with the same rules as the mutations', async () => {
    const unit = await jinghu();
    const community = await ids().committee('310106002002');
    const ask = async (actor: Actor, o: string) =>
      (await gql<any>(fx.server.graphqlUrl, CAN, { o }, await kit.headers(actor))).data.viewer;
    expect(await ask('unitAdmin', unit)).toEqual({ members: true, tokens: true });
    expect(await ask('representativeOfTheUnit', unit)).toEqual({ members: false, tokens: false });
    expect(await ask('committeeAdminOfParentRegion', unit)).toEqual({ members: false, tokens: false });
    expect(await ask('committeeAdminOfParentRegion', community)).toEqual({ members: true, tokens: false });
    expect(await ask('committeeAdminOfSiblingRegion', community)).toEqual({ members: false, tokens: false });
    expect(await ask('anonymous', unit)).toEqual({ members: false, tokens: false });
  });

  it('members and tokens of an organization are hidden from outsiders', async () => {
    const unit = await jinghu();
    const members = `query($o: ID!) { node(id: $o) { ... on Organization { members { totalCount } } } }`;
    const tokens = `query($o: ID!) { node(id: $o) { ... on Organization { apiTokens { totalCount } } } }`;
    for (const actor of [
      'anonymous',
      'memberOfAnotherOrganization',
      'committeeAdminOfSiblingRegion',
      'readOnlyPartnerToken',
    ] as const) {
      expect(
        errorCodes(await gql(fx.server.graphqlUrl, members, { o: unit }, await kit.headers(actor))),
        actor,
      ).toEqual(['FORBIDDEN']);
    }
    expect(
      errorCodes(await gql(fx.server.graphqlUrl, tokens, { o: unit }, await kit.headers('representativeOfTheUnit'))),
    ).toEqual(['FORBIDDEN']);
    const seen = await gql<any>(
      fx.server.graphqlUrl,
      members,
      { o: unit },
      await kit.headers('representativeOfTheUnit'),
    );
    expect(seen.data.node.members.totalCount).toBeGreaterThanOrEqual(2);
  });
});

describe('partner tokens with write scopes', () => {
  it('act for their own organization within their scopes only', async () => {
    const admin = await sessionHeaders(fx.db, 'unit.admin@cobuild.demo');
    const created = await gql<any>(
      fx.server.graphqlUrl,
      `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret } }`,
      { i: { organizationId: await jinghu(), name: 'volunteer sync', scopes: ['write:commitments'] } },
      admin,
    );
    const token = { authorization: `Bearer ${created.data.createApiToken.secret}` };
    const requirementId = await make.requirement(await make.project());
    const commit = (organizationId: string) =>
      gql<any>(
        fx.server.graphqlUrl,
        doc('commitResource', 'CommitResourceInput'),
        { i: { requirementId, organizationId, quantity: 2, unit: 'PERSON_HOUR' } },
        token,
      );
    expect((await commit(await jinghu())).data.commitResource.userErrors).toEqual([]);
    const before = await rowCounts(fx.db);
    expect(errorCodes(await commit(await ids().organization('Shenjian Urban Renewal Construction Co., Ltd.')))).toEqual(
      ['FORBIDDEN'],
    );
    const publish = await gql(
      fx.server.graphqlUrl,
      doc('publishResource', 'PublishResourceInput'),
      {
        i: {
          organizationId: await jinghu(),
          kind: 'EQUIPMENT',
          unit: 'ITEM',
          capacity: 1,
          titleZh: '梯子',
          titleEn: 'Ladder',
        },
      },
      token,
    );
    expect(errorCodes(publish)).toEqual(['FORBIDDEN']);
    expect(await rowCounts(fx.db)).toEqual(before);
    const [activity] = await fx.db.query<{ actor_token_id: string | null; actor_user_id: string | null }>(
      `select actor_token_id, actor_user_id from activity where type = 'commitment.pledged' order by id desc limit 1`,
    );
    expect(activity.actor_token_id).not.toBeNull();
    expect(activity.actor_user_id).toBeNull();
  });
});
