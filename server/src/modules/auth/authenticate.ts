import type { EntityManager } from '@mikro-orm/postgresql';
import { parse as parseCookies } from 'cookie';
import type { MembershipRole } from '../membership/membership.entity.js';
import type { OrganizationKind } from '../organization/organization.entity.js';
import { unauthenticated } from './policy.js';
import { hashSecret } from './secrets.js';
import { Viewer, type ViewerMembership } from './viewer.js';

export const SESSION_COOKIE = 'cobuild_session';

export interface Credentials {
  /** The `Authorization` header, or the `authorization` field of graphql-ws `connection_init`. */
  authorization?: string | null;
  /** The `Cookie` header. */
  cookie?: string | null;
}

export function sessionSecretFrom(cookieHeader: string | null | undefined): string | null {
  if (!cookieHeader) return null;
  return parseCookies(cookieHeader)[SESSION_COOKIE] ?? null;
}

interface MembershipRow {
  id: string;
  role: MembershipRole;
  organizationId: string;
  kind: OrganizationKind;
  path: string;
}

/** A user's memberships (`?`: the user's id) with what the access rules need of each organization. */
const MEMBERSHIPS_OF_USER = `select m.id, m.role, o.id as "organizationId", o.kind, r.path
  from membership m join organization o on o.id = m.organization_id join region r on r.id = o.region_id
  where m.user_id = ?`;

/** A user's memberships with what the access rules need of each organization; one statement. */
export async function membershipsOf(em: EntityManager, userId: string): Promise<ViewerMembership[]> {
  const rows = await em.getConnection().execute<MembershipRow[]>(MEMBERSHIPS_OF_USER, [userId]);
  return rows.map(toMembership);
}

function toMembership(row: MembershipRow): ViewerMembership {
  return {
    id: row.id,
    role: row.role,
    organization: { id: row.organizationId, kind: row.kind, region: { path: row.path } },
  };
}

async function tokenViewer(em: EntityManager, authorization: string): Promise<Viewer> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw unauthenticated('The Authorization header must be "Bearer <API token>".');
  const [token] = await em
    .getConnection()
    .execute<
      { id: string; scopes: string[]; organization_id: string; kind: OrganizationKind; path: string; stale: boolean }[]
    >(
      `select t.id, t.scopes, t.organization_id, o.kind, r.path,
       t.last_used_at is null or t.last_used_at < now() - interval '1 minute' as stale
     from api_token t join organization o on o.id = t.organization_id join region r on r.id = o.region_id
     where t.secret_hash = ? and t.revoked_at is null and (t.expires_at is null or t.expires_at > now())`,
      [hashSecret(match[1])],
    );
  if (!token) throw unauthenticated('The API token is unknown, expired or revoked.');
  // Recorded at most once a minute per token, off the request's path: busy partners do not
  // wait for a write, and a lost update only makes lastUsedAt a minute older.
  if (token.stale) {
    void em
      .getConnection()
      .execute(`update api_token set last_used_at = now() where id = ?`, [token.id])
      .catch(() => undefined);
  }
  return new Viewer({
    kind: 'token',
    token: {
      id: token.id,
      scopes: token.scopes,
      organization: { id: token.organization_id, kind: token.kind, region: { path: token.path } },
    },
  });
}

/**
 * Who is calling, in one indexed lookup and no write on the way. A bearer token must be valid
 * (else UNAUTHENTICATED: a partner must not be silently downgraded to anonymous); a stale
 * session cookie just means anonymous. Nothing is cached, so a logout or a revocation takes
 * effect at once on every instance.
 */
export async function authenticate(em: EntityManager, credentials: Credentials): Promise<Viewer> {
  if (credentials.authorization) return tokenViewer(em, credentials.authorization);
  const secret = sessionSecretFrom(credentials.cookie);
  if (!secret) return Viewer.anonymous();
  const [session] = await em.getConnection().execute<{ id: string; user_id: string; memberships: MembershipRow[] }[]>(
    `select s.id, s.user_id, coalesce((
       select json_agg(json_build_object('id', m.id, 'role', m.role, 'organizationId', o.id, 'kind', o.kind, 'path', r.path))
       from membership m join organization o on o.id = m.organization_id join region r on r.id = o.region_id
       where m.user_id = s.user_id), '[]') as memberships
     from session s where s.secret_hash = ? and s.revoked_at is null and s.expires_at > now()`,
    [hashSecret(secret)],
  );
  if (!session) return Viewer.anonymous();
  return new Viewer({
    kind: 'user',
    user: { id: session.user_id },
    sessionId: session.id,
    memberships: session.memberships.map(toMembership),
  });
}

/**
 * The viewer's rights read again inside a mutation's transaction `tx`, under share locks:
 * a role change, a removal, a logout or a token revocation that commits while the mutation
 * runs either waits for it or is seen by its checks (never checked against rights read
 * before the transaction began). One statement.
 */
export async function rightsInTransaction(tx: EntityManager, viewer: Viewer): Promise<Viewer> {
  const p = viewer.principal;
  if (p.kind === 'anonymous') return viewer;
  if (p.kind === 'token') {
    // tx.execute, not tx.getConnection().execute: the statement must run in the transaction.
    const live = await tx.execute(`select 1 from api_token where id = ? and revoked_at is null for share`, [
      p.token.id,
    ]);
    if (!live.length) throw unauthenticated('The API token was revoked.');
    return viewer;
  }
  const rows = await tx.execute<MembershipRow[]>(
    `${MEMBERSHIPS_OF_USER} and exists (select 1 from session s where s.id = ? and s.revoked_at is null)
     for share of m`,
    [p.user.id, p.sessionId],
  );
  return new Viewer({ ...p, memberships: rows.map(toMembership) });
}
