import { bearer, DEMO_PARTNER_TOKEN, sessionHeaders, type Headers } from './accounts.js';
import { gql } from './graphql.js';
import type { ServerFixture } from './fixtures.js';
import { JINGHU, lookup } from './lookup.js';

/** The callers of the authorization matrix (issue: Accounts and access control). */
export const ACTORS = [
  'anonymous',
  'memberOfAnotherOrganization',
  'representativeOfTheUnit',
  'unitAdmin',
  'committeeAdminOfParentRegion',
  'committeeAdminOfSiblingRegion',
  'readOnlyPartnerToken',
  'expiredToken',
  'revokedToken',
] as const;

export type Actor = (typeof ACTORS)[number];

const ACTOR_EMAILS: Partial<Record<Actor, string>> = {
  memberOfAnotherOrganization: 'rep.renewal@cobuild.demo',
  representativeOfTheUnit: 'rep.water@cobuild.demo',
  unitAdmin: 'unit.admin@cobuild.demo',
  committeeAdminOfParentRegion: 'district.admin@cobuild.demo',
  committeeAdminOfSiblingRegion: 'xuhui.admin@cobuild.demo',
};

export interface ActorKit {
  /** Fresh credentials for an actor (a new session each time for people). */
  headers(actor: Actor): Promise<Headers>;
}

/** Builds the actors on a seeded server: demo accounts, the demo token, an expired and a revoked token. */
export async function actorKit(fx: ServerFixture): Promise<ActorKit> {
  const url = fx.server.graphqlUrl;
  const admin = await sessionHeaders(fx.db, 'unit.admin@cobuild.demo');
  const jinghu = await lookup(url).organization(JINGHU);
  const token = async (name: string) => {
    const res = await gql<any>(
      url,
      `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret apiToken { id } } }`,
      { i: { organizationId: jinghu, name } },
      admin,
    );
    return res.data.createApiToken as { secret: string; apiToken: { id: string } };
  };
  const expired = await token('matrix expired');
  await fx.db.query(`update api_token set expires_at = now() - interval '1 minute' where name = 'matrix expired'`);
  const revoked = await token('matrix revoked');
  await gql(
    url,
    `mutation($id: ID!) { revokeApiToken(input: { apiTokenId: $id }) { userErrors { code } } }`,
    { id: revoked.apiToken.id },
    admin,
  );

  return {
    async headers(actor) {
      const email = ACTOR_EMAILS[actor];
      if (email) return sessionHeaders(fx.db, email);
      if (actor === 'readOnlyPartnerToken') return bearer(DEMO_PARTNER_TOKEN);
      if (actor === 'expiredToken') return bearer(expired.secret);
      if (actor === 'revokedToken') return bearer(revoked.secret);
      return {};
    },
  };
}
