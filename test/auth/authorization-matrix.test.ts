import { MUTATION_RULES } from '@cobuild/server';
import { beforeAll, describe, expect, it } from 'vitest';
import { ACTORS, actorKit, type Actor, type ActorKit } from '../support/actors.js';
import { DEMO_PASSWORD, sessionHeaders } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
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
  const secret = await invite(await kit.organizationId('Jinghu Water Operations Co., Ltd.'), unique('member'));
  const res = await gql<any>(
    fx.server.graphqlUrl,
    `mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { membership { id } } }`,
    { i: { secret, displayName: 'Matrix member', password: 'matrix-password-1' } },
  );
  return res.data.acceptInvitation.membership.id;
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
        secret: await invite(await kit.organizationId('Jinghu Water Operations Co., Ltd.'), unique('invitee')),
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
        organizationId: await kit.organizationId('Jinghu Water Operations Co., Ltd.'),
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
      i: { organizationId: await kit.committeeId('310106002002'), email: unique('committee'), role: 'MEMBER' },
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
      i: { organizationId: await kit.organizationId('Jinghu Water Operations Co., Ltd.'), name: 'matrix token' },
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
        { i: { organizationId: await kit.organizationId('Jinghu Water Operations Co., Ltd.'), name: 'to revoke' } },
        admin,
      );
      return { i: { apiTokenId: res.data.createApiToken.apiToken.id } };
    },
    expected: UNIT_ADMIN,
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
    const jinghu = await kit.organizationId('Jinghu Water Operations Co., Ltd.');
    const community = await kit.committeeId('310106002002');
    const ask = async (actor: Actor, o: string) =>
      (await gql<any>(fx.server.graphqlUrl, CAN, { o }, await kit.headers(actor))).data.viewer;
    expect(await ask('unitAdmin', jinghu)).toEqual({ members: true, tokens: true });
    expect(await ask('representativeOfTheUnit', jinghu)).toEqual({ members: false, tokens: false });
    expect(await ask('committeeAdminOfParentRegion', jinghu)).toEqual({ members: false, tokens: false });
    expect(await ask('committeeAdminOfParentRegion', community)).toEqual({ members: true, tokens: false });
    expect(await ask('committeeAdminOfSiblingRegion', community)).toEqual({ members: false, tokens: false });
    expect(await ask('anonymous', jinghu)).toEqual({ members: false, tokens: false });
  });

  it('members and tokens of an organization are hidden from outsiders', async () => {
    const jinghu = await kit.organizationId('Jinghu Water Operations Co., Ltd.');
    const members = `query($o: ID!) { node(id: $o) { ... on Organization { members { totalCount } } } }`;
    const tokens = `query($o: ID!) { node(id: $o) { ... on Organization { apiTokens { totalCount } } } }`;
    for (const actor of [
      'anonymous',
      'memberOfAnotherOrganization',
      'committeeAdminOfSiblingRegion',
      'readOnlyPartnerToken',
    ] as const) {
      expect(
        errorCodes(await gql(fx.server.graphqlUrl, members, { o: jinghu }, await kit.headers(actor))),
        actor,
      ).toEqual(['FORBIDDEN']);
    }
    expect(
      errorCodes(await gql(fx.server.graphqlUrl, tokens, { o: jinghu }, await kit.headers('representativeOfTheUnit'))),
    ).toEqual(['FORBIDDEN']);
    const seen = await gql<any>(
      fx.server.graphqlUrl,
      members,
      { o: jinghu },
      await kit.headers('representativeOfTheUnit'),
    );
    expect(seen.data.node.members.totalCount).toBeGreaterThanOrEqual(2);
  });
});
