import { describe, expect, it } from 'vitest';
import { cookieFrom, DEMO_PARTNER_TOKEN, DEMO_PASSWORD, sessionHeaders } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';

// trace: every SQL statement is logged too.
const fx = useSeededServer('secrets', { LOG_LEVEL: 'trace' });

describe('secrets never leak', () => {
  it('no password, token, session or invitation secret, nor any stored hash, reaches a response or a log line', async () => {
    const url = fx.server.graphqlUrl;
    const responses: string[] = [];
    const call = async (
      query: string,
      variables: Record<string, unknown> = {},
      headers: Record<string, string> = {},
    ) => {
      const res = await fetch(url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ query, variables }),
      });
      const text = await res.text();
      responses.push(text);
      return { res, body: JSON.parse(text) as any };
    };
    const shownOnce: string[] = [];

    const loggedIn = await call(`mutation($i: LoginInput!) { login(input: $i) { user { id } userErrors { code } } }`, {
      i: { email: 'unit.admin@cobuild.demo', password: DEMO_PASSWORD },
    });
    const admin = cookieFrom(loggedIn.res);
    await call(`mutation($i: LoginInput!) { login(input: $i) { userErrors { code } } }`, {
      i: { email: 'unit.admin@cobuild.demo', password: 'wrong-password-guess' },
    });
    const orgs = await call(`{ organizations(filter: { search: "Jinghu Water" }) { nodes { id } } }`);
    const org = orgs.body.data.organizations.nodes[0].id;
    const token = await call(
      `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret apiToken { id } } }`,
      { i: { organizationId: org, name: 'leak check' } },
      admin,
    );
    shownOnce.push(token.body.data.createApiToken.secret);
    const invitation = await call(
      `mutation($i: InviteMemberInput!) { inviteMember(input: $i) { invitationSecret } }`,
      { i: { organizationId: org, email: 'leak@example.org', role: 'MEMBER' } },
      admin,
    );
    shownOnce.push(invitation.body.data.inviteMember.invitationSecret);
    await call(`mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { membership { id } } }`, {
      i: {
        secret: invitation.body.data.inviteMember.invitationSecret,
        displayName: 'Leak',
        password: 'leak-check-password',
      },
    });
    await call(
      `{ projects(first: 3) { totalCount } }`,
      {},
      { authorization: `Bearer ${token.body.data.createApiToken.secret}` },
    );
    await call(`{ viewer { apiToken { name prefix } } }`, {}, { authorization: `Bearer ${DEMO_PARTNER_TOKEN}` });
    await call(
      `{ viewer { user { email } memberships { organization { members { nodes { user { email displayName } } } apiTokens { nodes { name prefix scopes } } } } } }`,
      {},
      admin,
    );
    await call(
      `mutation($i: ChangePasswordInput!) { changePassword(input: $i) { changed } }`,
      { i: { currentPassword: DEMO_PASSWORD, newPassword: 'another-long-password' } },
      await sessionHeaders(fx.db, 'rep.water@cobuild.demo'),
    );
    await call(`{ projects(first: 1) { totalCount } }`, {}, { authorization: 'Bearer cbt_this-one-is-not-valid' });

    const stored = await fx.db.query<{ value: string }>(`
      select password_hash as value from app_user
      union all select secret_hash from api_token
      union all select secret_hash from session
      union all select secret_hash from invitation`);
    const cookieSecret = admin.cookie.split('=')[1];
    const secrets = [
      DEMO_PASSWORD,
      'leak-check-password',
      'another-long-password',
      'wrong-password-guess',
      DEMO_PARTNER_TOKEN,
      cookieSecret,
      ...shownOnce,
    ];
    const hashes = stored.map((s) => s.value);
    expect(hashes.length).toBeGreaterThan(10);

    const logs = fx.server.output();
    expect(logs).toContain('select'); // SQL is being logged at trace level
    for (const value of [...secrets, ...hashes]) expect(logs, 'server log').not.toContain(value);
    for (const value of hashes) for (const text of responses) expect(text).not.toContain(value);
    // A secret appears only in the one response that creates it.
    for (const secret of shownOnce) expect(responses.filter((t) => t.includes(secret))).toHaveLength(1);
    for (const text of responses) expect(text).not.toContain(DEMO_PASSWORD);
  });
});
