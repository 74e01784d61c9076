import type { EntityManager } from '@mikro-orm/postgresql';
import { parse as parseCookies } from 'cookie';
import { ApiToken } from '../api-token/api-token.entity.js';
import { Membership } from '../membership/membership.entity.js';
import { unauthenticated } from './policy.js';
import { hashSecret } from './secrets.js';
import { Session } from './session.entity.js';
import { Viewer } from './viewer.js';

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

/** Loads a user's memberships with their organizations and regions, as the policy needs them. */
export function membershipsOf(em: EntityManager, userId: string): Promise<Membership[]> {
  return em.find(Membership, { user: userId }, { populate: ['organization.region'] });
}

async function tokenViewer(em: EntityManager, authorization: string): Promise<Viewer> {
  const match = /^Bearer\s+(\S+)$/i.exec(authorization.trim());
  if (!match) throw unauthenticated('The Authorization header must be "Bearer <API token>".');
  const token = await em.findOne(ApiToken, { secretHash: hashSecret(match[1]) }, { populate: ['organization.region'] });
  const now = new Date();
  if (!token || token.revokedAt || (token.expiresAt && token.expiresAt <= now)) {
    throw unauthenticated('The API token is unknown, expired or revoked.');
  }
  // Recorded at most once a minute per token, so busy partners do not write on every request.
  if (!token.lastUsedAt || now.getTime() - token.lastUsedAt.getTime() > 60_000) {
    await em.nativeUpdate(ApiToken, { id: token.id }, { lastUsedAt: now });
    token.lastUsedAt = now;
  }
  return new Viewer({ kind: 'token', token });
}

/**
 * Who is calling. A bearer token must be valid (else UNAUTHENTICATED: a partner must not be
 * silently downgraded to anonymous); a stale session cookie just means anonymous.
 */
export async function authenticate(em: EntityManager, credentials: Credentials): Promise<Viewer> {
  if (credentials.authorization) return tokenViewer(em, credentials.authorization);
  const secret = sessionSecretFrom(credentials.cookie);
  if (!secret) return Viewer.anonymous();
  const session = await em.findOne(
    Session,
    { secretHash: hashSecret(secret), revokedAt: null, expiresAt: { $gt: new Date() } },
    { populate: ['user'] },
  );
  if (!session) return Viewer.anonymous();
  return new Viewer({
    kind: 'user',
    user: session.user,
    session,
    memberships: await membershipsOf(em, session.user.id),
  });
}
