import { createHash } from 'node:crypto';
import { createClient, type Client } from 'graphql-ws';
import WebSocket from 'ws';
import { describe, expect, it } from 'vitest';
import { bearer, DEMO_PARTNER_TOKEN, sessionHeaders } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
import { JINGHU, lookup } from '../support/lookup.js';

const fx = useSeededServer('api_tokens');

const CREATE = `mutation($i: CreateApiTokenInput!) {
  createApiToken(input: $i) { secret apiToken { id name scopes prefix expiresAt lastUsedAt revokedAt } userErrors { field code } }
}`;

const jinghuId = () => lookup(fx.server.graphqlUrl).organization(JINGHU);

async function create(variables: Record<string, unknown>) {
  const admin = await sessionHeaders(fx.db, 'unit.admin@cobuild.demo');
  return (
    await gql<any>(fx.server.graphqlUrl, CREATE, { i: { organizationId: await jinghuId(), ...variables } }, admin)
  ).data.createApiToken;
}

describe('partner API tokens', () => {
  it('shows the secret once, stores only its hash, lists tokens without secrets', async () => {
    const created = await create({ name: 'Volunteer platform sync', scopes: ['write:commitments'] });
    expect(created.userErrors).toEqual([]);
    expect(created.secret).toMatch(/^cbt_[A-Za-z0-9_-]{43}$/);
    expect(created.apiToken).toMatchObject({
      name: 'Volunteer platform sync',
      scopes: ['read', 'write:commitments'],
      prefix: created.secret.slice(0, 10),
      lastUsedAt: null,
      revokedAt: null,
    });
    const days = (new Date(created.apiToken.expiresAt).getTime() - Date.now()) / 86_400_000;
    expect(Math.round(days)).toBe(90);
    const stored = await fx.db.query<Record<string, unknown>>(
      `select * from api_token where name = 'Volunteer platform sync'`,
    );
    expect(JSON.stringify(stored)).not.toContain(created.secret);
    expect(stored[0].secret_hash).toBe(createHash('sha256').update(created.secret).digest('hex'));

    const admin = await sessionHeaders(fx.db, 'unit.admin@cobuild.demo');
    const listed = await gql<any>(
      fx.server.graphqlUrl,
      `query($id: ID!) { node(id: $id) { ... on Organization { apiTokens { totalCount nodes { name prefix } } } } }`,
      { id: await jinghuId() },
      admin,
    );
    expect(listed.data.node.apiTokens.nodes.map((t: { name: string }) => t.name)).toContain('Volunteer platform sync');
    expect(JSON.stringify(listed)).not.toContain(created.secret);
  });

  it('authenticates with Authorization: Bearer and records the last use', async () => {
    const { secret } = await create({ name: 'Reader' });
    const res = await gql<any>(
      fx.server.graphqlUrl,
      `{ viewer { user { id } apiToken { name scopes lastUsedAt organization { nameEn } } } }`,
      {},
      bearer(secret),
    );
    expect(res.data.viewer.user).toBeNull();
    expect(res.data.viewer.apiToken).toMatchObject({
      name: 'Reader',
      scopes: ['read'],
      organization: { nameEn: 'Jinghu Water Operations Co., Ltd.' },
    });
    expect(Date.now() - new Date(res.data.viewer.apiToken.lastUsedAt).getTime()).toBeLessThan(10_000);
    expect(
      (await gql<any>(fx.server.graphqlUrl, `{ projects(first: 1) { totalCount } }`, {}, bearer(secret))).data.projects
        .totalCount,
    ).toBeGreaterThan(0);
  });

  it('refuses revoked, expired and unknown tokens with HTTP 401 UNAUTHENTICATED', async () => {
    const { secret, apiToken } = await create({ name: 'Short-lived' });
    const admin = await sessionHeaders(fx.db, 'unit.admin@cobuild.demo');
    const revoke = `mutation($id: ID!) { revokeApiToken(input: { apiTokenId: $id }) { apiToken { revokedAt } userErrors { code } } }`;
    const revoked = await gql<any>(fx.server.graphqlUrl, revoke, { id: apiToken.id }, admin);
    expect(revoked.data.revokeApiToken.apiToken.revokedAt).toBeTruthy();
    expect(
      (await gql<any>(fx.server.graphqlUrl, revoke, { id: apiToken.id }, admin)).data.revokeApiToken.userErrors,
    ).toEqual([{ code: 'ALREADY_REVOKED' }]);
    const afterRevoke = await gql(fx.server.graphqlUrl, `{ projects { totalCount } }`, {}, bearer(secret));
    expect(afterRevoke.status).toBe(401);
    expect(errorCodes(afterRevoke)).toEqual(['UNAUTHENTICATED']);

    const expiring = await create({ name: 'Expiring' });
    await fx.db.query(`update api_token set expires_at = now() - interval '1 second' where name = 'Expiring'`);
    const expired = await gql(fx.server.graphqlUrl, `{ projects { totalCount } }`, {}, bearer(expiring.secret));
    expect(expired.status).toBe(401);
    expect(errorCodes(expired)).toEqual(['UNAUTHENTICATED']);

    for (const header of [bearer('cbt_unknown'), { authorization: 'Basic abc' }]) {
      const res = await gql(fx.server.graphqlUrl, `{ projects { totalCount } }`, {}, header);
      expect(res.status).toBe(401);
      expect(errorCodes(res)).toEqual(['UNAUTHENTICATED']);
    }
  });

  it('refuses unknown scopes and expiries in the past or beyond a year', async () => {
    expect((await create({ name: 'x', scopes: ['admin:everything'] })).userErrors).toEqual([
      { field: ['input', 'scopes'], code: 'INVALID_SCOPE' },
    ]);
    expect((await create({ name: 'x', expiresAt: new Date(Date.now() - 1000).toISOString() })).userErrors).toEqual([
      { field: ['input', 'expiresAt'], code: 'INVALID_EXPIRY' },
    ]);
    expect(
      (await create({ name: 'x', expiresAt: new Date(Date.now() + 400 * 86_400_000).toISOString() })).userErrors,
    ).toEqual([{ field: ['input', 'expiresAt'], code: 'INVALID_EXPIRY' }]);
    expect((await create({ name: '' })).userErrors).toEqual([{ field: ['input', 'name'], code: 'INVALID' }]);
  });
});

describe('WebSocket authentication', () => {
  function connect(
    connectionParams?: Record<string, unknown>,
    headers: Record<string, string> = {},
  ): Promise<{ acked: boolean; code?: number }> {
    return new Promise((resolve) => {
      let client: Client | undefined = undefined;
      client = createClient({
        url: fx.server.graphqlUrl.replace('http', 'ws'),
        webSocketImpl: class extends WebSocket {
          constructor(address: string, protocols: string[]) {
            super(address, protocols, { headers });
          }
        },
        connectionParams,
        lazy: false,
        retryAttempts: 0,
        onNonLazyError: () => undefined,
        on: {
          connected: () => {
            resolve({ acked: true });
            void client?.dispose();
          },
          closed: (event) => resolve({ acked: false, code: (event as { code: number }).code }),
        },
      });
    });
  }

  it('accepts a token in connection_init or a session cookie on the upgrade', async () => {
    expect(await connect({ authorization: `Bearer ${DEMO_PARTNER_TOKEN}` })).toEqual({ acked: true });
    expect(await connect(undefined, await sessionHeaders(fx.db, 'rep.water@cobuild.demo'))).toEqual({ acked: true });
  });

  it('authenticates every operation again: after logout an open socket is anonymous', async () => {
    const session = await sessionHeaders(fx.db, 'rep.water@cobuild.demo');
    const client = createClient({
      url: fx.server.graphqlUrl.replace('http', 'ws'),
      webSocketImpl: class extends WebSocket {
        constructor(address: string, protocols: string[]) {
          super(address, protocols, { headers: session });
        }
      },
      retryAttempts: 0,
      // Keep the one socket open between the two operations.
      lazyCloseTimeout: 30_000,
    });
    const viewerEmail = async () => {
      for await (const result of client.iterate<{ viewer: { user: { email: string } | null } }>({
        query: '{ viewer { user { email } } }',
      })) {
        return result.data?.viewer.user?.email ?? null;
      }
      return undefined;
    };
    try {
      for await (const result of client.iterate({ query: '{ projects(first: 0) { totalCount } }' })) {
        expect(result.errors?.map((e) => e.extensions?.code)).toEqual(['BAD_USER_INPUT']);
        break;
      }
      expect(await viewerEmail()).toBe('rep.water@cobuild.demo');
      await gql(fx.server.graphqlUrl, 'mutation { logout { loggedOut } }', {}, session);
      expect(await viewerEmail()).toBeNull();
    } finally {
      await client.dispose();
    }
  });

  it('closes with 4401 without credentials and 4403 with invalid ones', async () => {
    expect(await connect()).toEqual({ acked: false, code: 4401 });
    expect(await connect({ authorization: 'Bearer cbt_nope' })).toEqual({ acked: false, code: 4403 });
    expect(await connect(undefined, { cookie: 'cobuild_session=cbs_stale' })).toEqual({ acked: false, code: 4403 });
  });
});
