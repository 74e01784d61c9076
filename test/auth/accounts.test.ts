import { describe, expect, it } from 'vitest';
import { cookieFrom, DEMO_ACCOUNTS, DEMO_PASSWORD, sessionHeaders, type Headers } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
import { lookup } from '../support/lookup.js';

// Many logins come from one test process; the per-IP limit has its own test below.
const fx = useSeededServer('accounts', { LOGIN_ATTEMPTS_PER_IP: '1000' });

const LOGIN = `mutation($email: String!, $password: String!) {
  login(input: { email: $email, password: $password }) { user { displayName email } userErrors { field message code } }
}`;
const VIEWER = `{ viewer { user { displayName email } memberships { role organization { nameEn } } apiToken { name } } }`;

async function login(email: string, password: string, headers: Headers = {}, url = fx.server.graphqlUrl) {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ query: LOGIN, variables: { email, password } }),
  });
  return { res, body: (await res.json()) as any };
}

async function viewer(headers: Headers) {
  return (await gql<any>(fx.server.graphqlUrl, VIEWER, {}, headers)).data!.viewer;
}

describe('accounts', () => {
  it('every demo account logs in through the API and sees its role', async () => {
    for (const account of DEMO_ACCOUNTS) {
      const { res, body } = await login(account.email, DEMO_PASSWORD);
      expect(body.data.login.userErrors, account.email).toEqual([]);
      expect(body.data.login.user).toEqual({ displayName: account.displayName, email: account.email });
      const me = await viewer(cookieFrom(res));
      expect(me.user.email).toBe(account.email);
      expect(me.memberships.map((m: { role: string }) => m.role)).toEqual([account.role]);
    }
  });

  it('sets an HttpOnly, SameSite=Lax session cookie with an expiry, Secure only behind https', async () => {
    const { res } = await login('rep.water@cobuild.demo', DEMO_PASSWORD);
    const cookie = res.headers.get('set-cookie')!;
    expect(cookie).toMatch(/^cobuild_session=cbs_[A-Za-z0-9_-]{43}; /);
    expect(cookie).toMatch(/; HttpOnly/);
    expect(cookie).toMatch(/; SameSite=Lax/);
    expect(cookie).toMatch(/; Expires=/);
    expect(cookie).not.toMatch(/; Secure/);
    const https = await login('rep.water@cobuild.demo', DEMO_PASSWORD, { 'x-forwarded-proto': 'https' });
    expect(https.res.headers.get('set-cookie')).toMatch(/; Secure/);
  });

  it('answers an unknown email and a wrong password the same way', async () => {
    const unknown = await login('nobody@cobuild.demo', DEMO_PASSWORD);
    const wrong = await login('rep.renewal@cobuild.demo', 'not-the-password');
    expect(unknown.body.data.login).toEqual(wrong.body.data.login);
    expect(wrong.body.data.login).toEqual({
      user: null,
      userErrors: [{ field: ['input'], message: 'Wrong email or password.', code: 'INVALID_CREDENTIALS' }],
    });
    expect(unknown.res.headers.get('set-cookie')).toBeNull();
  });

  it('rotates the session on login and ends it on logout', async () => {
    const first = cookieFrom((await login('rep.landscape@cobuild.demo', DEMO_PASSWORD)).res);
    const second = cookieFrom((await login('rep.landscape@cobuild.demo', DEMO_PASSWORD, first)).res);
    expect(second.cookie).not.toBe(first.cookie);
    expect((await viewer(first)).user).toBeNull();
    expect((await viewer(second)).user.email).toBe('rep.landscape@cobuild.demo');
    const out = await fetch(fx.server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...second },
      body: JSON.stringify({ query: 'mutation { logout { loggedOut userErrors { code } } }' }),
    });
    expect(((await out.json()) as any).data.logout).toEqual({ loggedOut: true, userErrors: [] });
    expect(out.headers.get('set-cookie')).toMatch(/cobuild_session=;/);
    expect((await viewer(second)).user).toBeNull();
  });

  it('changes a password: checks the current one and the new one, ends other sessions', async () => {
    const email = 'community.admin@cobuild.demo';
    const here = await sessionHeaders(fx.db, email);
    const elsewhere = await sessionHeaders(fx.db, email);
    const change = (currentPassword: string, newPassword: string) =>
      gql<any>(
        fx.server.graphqlUrl,
        `mutation($i: ChangePasswordInput!) { changePassword(input: $i) { changed userErrors { field code } } }`,
        { i: { currentPassword, newPassword } },
        here,
      );
    expect((await change('wrong-password', 'a-new-long-password')).data.changePassword).toEqual({
      changed: false,
      userErrors: [{ field: ['input', 'currentPassword'], code: 'INVALID_CREDENTIALS' }],
    });
    expect((await change(DEMO_PASSWORD, 'short')).data.changePassword.userErrors).toEqual([
      { field: ['input', 'newPassword'], code: 'WEAK_PASSWORD' },
    ]);
    expect((await change(DEMO_PASSWORD, 'a-new-long-password')).data.changePassword).toEqual({
      changed: true,
      userErrors: [],
    });
    expect((await viewer(here)).user.email).toBe(email);
    expect((await viewer(elsewhere)).user).toBeNull();
    expect((await login(email, DEMO_PASSWORD)).body.data.login.userErrors[0].code).toBe('INVALID_CREDENTIALS');
    expect((await login(email, 'a-new-long-password')).body.data.login.userErrors).toEqual([]);
  });

  it('limits guesses per email from one address, and only slows them from everywhere: nobody can lock a person out', async () => {
    const email = 'xuhui.admin@cobuild.demo';
    await fx.db.query(`delete from rate_limit_bucket where key like 'login:%${email}%'`);
    const attacker = { 'x-forwarded-for': '198.51.100.7' };
    const attempts = [];
    for (let i = 0; i < 11; i++) attempts.push(await login(email, `guess-${i}`, attacker));
    expect(attempts.slice(0, 10).every((a) => a.body.data.login.userErrors[0].code === 'INVALID_CREDENTIALS')).toBe(
      true,
    );
    expect(errorCodes(attempts[10].body)).toEqual(['RATE_LIMITED']);
    expect(attempts[10].body.errors[0].extensions.retryAfter).toBeGreaterThan(0);
    // From the attacker's address even the right password waits for the window…
    expect(errorCodes((await login(email, DEMO_PASSWORD, attacker)).body)).toEqual(['RATE_LIMITED']);
    // …while the person signs in from their own, slowed down a little (the 11th password
    // tried on the email this minute: 250 ms for each past 10), never refused.
    const started = performance.now();
    const own = await login(email, DEMO_PASSWORD, { 'x-forwarded-for': '203.0.113.20' });
    const waited = performance.now() - started;
    expect(own.body.data.login.userErrors).toEqual([]);
    expect(own.res.headers.get('set-cookie')).toMatch(/cobuild_session=/);
    expect(waited).toBeGreaterThanOrEqual(240);
    expect(waited).toBeLessThan(3_500);
    // Guesses from many addresses (10 each) are never refused for the email, only slowed: at most 3 s.
    const spread = [];
    for (let i = 0; i < 3; i++) {
      const t = performance.now();
      const res = await login(email, `spread-${i}`, { 'x-forwarded-for': `198.51.100.${100 + i}` });
      spread.push({ code: res.body.data?.login.userErrors[0]?.code, ms: performance.now() - t });
    }
    expect(spread.map((s) => s.code)).toEqual(['INVALID_CREDENTIALS', 'INVALID_CREDENTIALS', 'INVALID_CREDENTIALS']);
    expect(Math.max(...spread.map((s) => s.ms))).toBeLessThan(3_500);
  });
});

describe('login limit per IP address', () => {
  const limited = useSeededServer('login_ip_limit', { LOGIN_ATTEMPTS_PER_IP: '5' });

  it('refuses the sixth attempt from one address, whatever the email', async () => {
    const emails = DEMO_ACCOUNTS.map((a) => a.email);
    for (const email of emails.slice(0, 5)) {
      expect((await login(email, DEMO_PASSWORD, {}, limited.server.graphqlUrl)).body.data.login.userErrors).toEqual([]);
    }
    expect(errorCodes((await login(emails[5], DEMO_PASSWORD, {}, limited.server.graphqlUrl)).body)).toEqual([
      'RATE_LIMITED',
    ]);
  });
});

describe('invitations', () => {
  const INVITE = `mutation($i: InviteMemberInput!) { inviteMember(input: $i) { invitation { email role expiresAt } invitationSecret userErrors { field code } } }`;
  const ACCEPT = `mutation($i: AcceptInvitationInput!) { acceptInvitation(input: $i) { membership { role user { displayName email } organization { nameEn } } userErrors { field code } } }`;

  const organizationId = (nameEn: string) => lookup(fx.server.graphqlUrl).organization(nameEn);

  it('an admin invites, the invitee joins with a new account and is signed in; the link works once', async () => {
    const admin = await sessionHeaders(fx.db, 'unit.admin@cobuild.demo');
    const org = await organizationId('Jinghu Water Operations Co., Ltd.');
    const invited = await gql<any>(
      fx.server.graphqlUrl,
      INVITE,
      { i: { organizationId: org, email: 'New.Volunteer@Example.org', role: 'REPRESENTATIVE' } },
      admin,
    );
    const { invitation, invitationSecret, userErrors } = invited.data.inviteMember;
    expect(userErrors).toEqual([]);
    expect(invitation).toMatchObject({ email: 'new.volunteer@example.org', role: 'REPRESENTATIVE' });
    expect(new Date(invitation.expiresAt).getTime()).toBeGreaterThan(Date.now() + 6 * 86_400_000);
    expect(invitationSecret).toMatch(/^cbi_/);
    const [stored] = await fx.db.query<{ secret_hash: string }>(
      `select secret_hash from invitation where email = 'new.volunteer@example.org'`,
    );
    expect(stored.secret_hash).not.toContain(invitationSecret);

    const accept = (password: string) =>
      fetch(fx.server.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          query: ACCEPT,
          variables: { i: { secret: invitationSecret, displayName: '新志愿者', password } },
        }),
      });
    const weak = (await (await accept('short')).json()) as any;
    expect(weak.data.acceptInvitation.userErrors).toEqual([{ field: ['input', 'password'], code: 'WEAK_PASSWORD' }]);
    const res = await accept('volunteer-password-1');
    const joined = ((await res.json()) as any).data.acceptInvitation;
    expect(joined).toEqual({
      membership: {
        role: 'REPRESENTATIVE',
        user: { displayName: '新志愿者', email: 'new.volunteer@example.org' },
        organization: { nameEn: 'Jinghu Water Operations Co., Ltd.' },
      },
      userErrors: [],
    });
    expect((await viewer(cookieFrom(res))).memberships).toEqual([
      { role: 'REPRESENTATIVE', organization: { nameEn: 'Jinghu Water Operations Co., Ltd.' } },
    ]);
    const again = (await (await accept('volunteer-password-1')).json()) as any;
    expect(again.data.acceptInvitation.userErrors).toEqual([{ field: ['input', 'secret'], code: 'INVITATION_USED' }]);
    const activity = await fx.db.query<{ type: string }>(
      `select type from activity where type like 'member.%' order by id`,
    );
    expect(activity.map((a) => a.type)).toEqual(['member.invited', 'member.joined']);
  });

  it('refuses an expired invitation, an existing member, and an existing account with the wrong password', async () => {
    const admin = await sessionHeaders(fx.db, 'unit.admin@cobuild.demo');
    const org = await organizationId('Jinghu Water Operations Co., Ltd.');
    const member = await gql<any>(
      fx.server.graphqlUrl,
      INVITE,
      { i: { organizationId: org, email: 'rep.water@cobuild.demo', role: 'MEMBER' } },
      admin,
    );
    expect(member.data.inviteMember.userErrors).toEqual([{ field: ['input', 'email'], code: 'ALREADY_MEMBER' }]);

    const expiring = await gql<any>(
      fx.server.graphqlUrl,
      INVITE,
      { i: { organizationId: org, email: 'late@example.org', role: 'MEMBER' } },
      admin,
    );
    await fx.db.query(
      `update invitation set expires_at = now() - interval '1 second' where email = 'late@example.org'`,
    );
    const late = await gql<any>(fx.server.graphqlUrl, ACCEPT, {
      i: { secret: expiring.data.inviteMember.invitationSecret, displayName: 'Late', password: 'late-password-1' },
    });
    expect(late.data.acceptInvitation.userErrors).toEqual([{ field: ['input', 'secret'], code: 'INVITATION_EXPIRED' }]);

    const existing = await gql<any>(
      fx.server.graphqlUrl,
      INVITE,
      { i: { organizationId: org, email: 'rep.renewal@cobuild.demo', role: 'MEMBER' } },
      admin,
    );
    const secret = existing.data.inviteMember.invitationSecret;
    const wrong = await gql<any>(fx.server.graphqlUrl, ACCEPT, {
      i: { secret, displayName: 'x', password: 'not-my-password' },
    });
    expect(wrong.data.acceptInvitation.userErrors).toEqual([
      { field: ['input', 'password'], code: 'INVALID_CREDENTIALS' },
    ]);
    const right = await gql<any>(fx.server.graphqlUrl, ACCEPT, {
      i: { secret, displayName: 'x', password: DEMO_PASSWORD },
    });
    expect(right.data.acceptInvitation.membership).toMatchObject({
      role: 'MEMBER',
      user: { email: 'rep.renewal@cobuild.demo' },
    });
  });

  it('limits password guesses through invitations like logins', async () => {
    const admin = await sessionHeaders(fx.db, 'unit.admin@cobuild.demo');
    const org = await organizationId('Jinghu Water Operations Co., Ltd.');
    const invited = await gql<any>(
      fx.server.graphqlUrl,
      INVITE,
      { i: { organizationId: org, email: 'district.admin@cobuild.demo', role: 'MEMBER' } },
      admin,
    );
    const secret = invited.data.inviteMember.invitationSecret;
    await fx.db.query(`delete from rate_limit_bucket where key like 'login:%district.admin@cobuild.demo%'`);
    const guesses = [];
    for (let i = 0; i < 11; i++)
      guesses.push(
        await gql<any>(fx.server.graphqlUrl, ACCEPT, {
          i: { secret, displayName: 'x', password: `guess-${i}-password` },
        }),
      );
    expect(
      guesses.slice(0, 10).every((g) => g.data.acceptInvitation.userErrors[0].code === 'INVALID_CREDENTIALS'),
    ).toBe(true);
    expect(errorCodes(guesses[10])).toEqual(['RATE_LIMITED']);
  });

  it('keeps at least one admin, also when two admins demote each other at once', async () => {
    // Two admins of Shenjian Urban Renewal (made so directly, to leave Jinghu Water's admin alone).
    const SHENJIAN = 'Shenjian Urban Renewal Construction Co., Ltd.';
    await fx.db.query(
      `insert into membership (id, user_id, organization_id, role)
       select gen_random_uuid(), u.id, o.id, 'ADMIN' from app_user u, organization o
       where u.email = 'rep.landscape@cobuild.demo' and o.name_en = $1`,
      [SHENJIAN],
    );
    await fx.db.query(
      `update membership set role = 'ADMIN' where user_id = (select id from app_user where email = 'rep.renewal@cobuild.demo')
       and organization_id = (select id from organization where name_en = $1)`,
      [SHENJIAN],
    );
    const membershipOf = async (headers: Headers) => {
      const me = await gql<any>(
        fx.server.graphqlUrl,
        `{ viewer { memberships { id organization { nameEn } } } }`,
        {},
        headers,
      );
      return me.data.viewer.memberships.find(
        (m: { organization: { nameEn: string } }) => m.organization.nameEn === SHENJIAN,
      ).id;
    };
    const renewal = await sessionHeaders(fx.db, 'rep.renewal@cobuild.demo');
    const landscape = await sessionHeaders(fx.db, 'rep.landscape@cobuild.demo');
    const DEMOTE = `mutation($id: ID!) { setMemberRole(input: { membershipId: $id, role: MEMBER }) { userErrors { code } } }`;
    const [a, b] = await Promise.all([
      gql<any>(fx.server.graphqlUrl, DEMOTE, { id: await membershipOf(landscape) }, renewal),
      gql<any>(fx.server.graphqlUrl, DEMOTE, { id: await membershipOf(renewal) }, landscape),
    ]);
    const outcomes = [a, b].map((r) => errorCodes(r)[0] ?? r.data.setMemberRole.userErrors[0]?.code ?? 'ok').sort();
    // One demotion goes through; the other is refused (LAST_ADMIN, or FORBIDDEN when its caller was demoted first).
    expect(outcomes.filter((o) => o === 'ok')).toHaveLength(1);
    const [{ n }] = await fx.db.query<{ n: number }>(
      `select count(*)::int as n from membership m join organization o on o.id = m.organization_id where o.name_en = $1 and m.role = 'ADMIN'`,
      [SHENJIAN],
    );
    expect(n).toBe(1);
  });

  it('keeps at least one admin in an organization', async () => {
    const admin = await sessionHeaders(fx.db, 'unit.admin@cobuild.demo');
    const me = await gql<any>(fx.server.graphqlUrl, `{ viewer { memberships { id role } } }`, {}, admin);
    const demote = await gql<any>(
      fx.server.graphqlUrl,
      `mutation($id: ID!) { setMemberRole(input: { membershipId: $id, role: MEMBER }) { membership { role } userErrors { code } } }`,
      { id: me.data.viewer.memberships[0].id },
      admin,
    );
    expect(demote.data.setMemberRole).toEqual({ membership: null, userErrors: [{ code: 'LAST_ADMIN' }] });
  });

  it('validates input into userErrors with field paths', async () => {
    const admin = await sessionHeaders(fx.db, 'unit.admin@cobuild.demo');
    const org = await organizationId('Jinghu Water Operations Co., Ltd.');
    const res = await gql<any>(
      fx.server.graphqlUrl,
      INVITE,
      { i: { organizationId: org, email: 'not-an-email', role: 'MEMBER' } },
      admin,
    );
    expect(res.data.inviteMember.userErrors).toEqual([{ field: ['input', 'email'], code: 'INVALID' }]);
    const long = await gql<any>(
      fx.server.graphqlUrl,
      INVITE,
      { i: { organizationId: org, email: `${'a'.repeat(250)}@x.org`, role: 'MEMBER' } },
      admin,
    );
    expect(long.data.inviteMember.userErrors.map((e: { code: string }) => e.code)).toContain('TOO_LONG');
  });
});

describe('account and administration events', () => {
  const NODE = `query($id: ID!) { node(id: $id) { ... on Activity { type } } }`;
  const activityId = (id: string) => Buffer.from(`Activity:${id}`).toString('base64url');

  it('are shown by node(id) only to admins of their organization; co-building events stay public', async () => {
    const admin = await sessionHeaders(fx.db, 'unit.admin@cobuild.demo');
    const representative = await sessionHeaders(fx.db, 'rep.water@cobuild.demo');
    const invited = await gql<any>(
      fx.server.graphqlUrl,
      `mutation($i: InviteMemberInput!) { inviteMember(input: $i) { userErrors { code } } }`,
      {
        i: {
          organizationId: await lookup(fx.server.graphqlUrl).organization('Jinghu Water Operations Co., Ltd.'),
          email: 'events.check@example.org',
          role: 'MEMBER',
        },
      },
      admin,
    );
    expect(invited.data.inviteMember.userErrors).toEqual([]);
    const [event] = await fx.db.query<{ id: string }>(
      `select a.id from activity a join invitation i on i.id::text = a.subject_id
       where a.type = 'member.invited' and i.email = 'events.check@example.org'`,
    );
    const id = activityId(event.id);
    const seenBy = async (headers: Record<string, string>) =>
      (await gql<any>(fx.server.graphqlUrl, NODE, { id }, headers)).data.node;
    expect(await seenBy({})).toBeNull();
    expect(await seenBy(representative)).toBeNull();
    expect(await seenBy(await sessionHeaders(fx.db, 'district.admin@cobuild.demo'))).toBeNull();
    expect(await seenBy(admin)).toEqual({ type: 'member.invited' });
    const [created] = await fx.db.query<{ id: string }>(
      `select id from activity where type = 'project.created' order by id limit 1`,
    );
    expect((await gql<any>(fx.server.graphqlUrl, NODE, { id: activityId(created.id) })).data.node).toEqual({
      type: 'project.created',
    });
  });
});
