import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../../config.js';
import { DomainError, UserErrorCode } from '../common/domain-error.js';
import { User } from '../user/user.entity.js';
import { checkPasswordStrength, hashPassword, verifyPassword } from './password.js';
import { countHit, hitRateLimit } from '../rate-limit/attempt-limit.js';
import { hashSecret, newSecret } from './secrets.js';
import { Session } from './session.entity.js';
import type { Viewer } from './viewer.js';

/** How long a session lasts. */
export const SESSION_DAYS = 14;

/**
 * Who signs in, as the transport tells it: the client's address (for the attempt limits) and
 * the session secret it already holds, if any (revoked on sign-in). The auth resolvers read
 * them from the HTTP request and set the new session's cookie; services never see cookies.
 */
export interface SigningClient {
  address: string;
  previousSessionSecret: string | null;
}

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

export interface OpenedSession {
  session: Session;
  secret: string;
  expiresAt: Date;
}

/**
 * Creates a session for the user in `tx`, revoking the one the browser had (rotation): in the
 * caller's transaction, so both happen or neither.
 */
export async function openSession(tx: EntityManager, client: SigningClient, user: User): Promise<OpenedSession> {
  const previous = client.previousSessionSecret;
  if (previous)
    await tx.nativeUpdate(Session, { secretHash: hashSecret(previous), revokedAt: null }, { revokedAt: new Date() });
  const secret = newSecret('cbs');
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  const session = tx.create(Session, { user, secretHash: hashSecret(secret), expiresAt });
  await tx.flush();
  return { session, secret, expiresAt };
}

/** Longest a password attempt is slowed down for an email under attack. */
const MAX_SLOWDOWN_MS = 3_000;

/**
 * Limits password attempts (login, and accepting an invitation for an existing account) so
 * that nobody can lock a real person out: per client address (`LOGIN_ATTEMPTS_PER_IP` a
 * minute) and per email from one address (`LOGIN_ATTEMPTS_PER_EMAIL` a minute) the attempt is
 * refused with RATE_LIMITED; per email from everywhere together, attempts past
 * `LOGIN_ATTEMPTS_PER_EMAIL` a minute are only slowed down (250 ms more each, at most 3 s), so
 * the right password from the person's own address still signs in.
 */
export async function limitPasswordAttempts(
  em: EntityManager,
  config: Config,
  client: SigningClient,
  email: string,
): Promise<void> {
  const ip = client.address;
  await hitRateLimit(em, `login:ip:${ip}`, { limit: config.loginAttemptsPerIp, windowSeconds: 60 });
  await hitRateLimit(em, `login:email-ip:${email}|${ip}`, { limit: config.loginAttemptsPerEmail, windowSeconds: 60 });
  const { hits } = await countHit(em, `login:email:${email}`, 60);
  const excess = hits - config.loginAttemptsPerEmail;
  if (excess > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_SLOWDOWN_MS, 250 * excess)));
}

/**
 * Checks the password and opens a session (the caller hands its secret to the client). The
 * same INVALID_CREDENTIALS for an unknown email and a wrong password, after the same work.
 */
export async function login(
  em: EntityManager,
  config: Config,
  client: SigningClient,
  email: string,
  password: string,
): Promise<{ user: User; opened: OpenedSession }> {
  const normalized = normalizeEmail(email);
  await limitPasswordAttempts(em, config, client, normalized);
  const user = await em.findOne(User, { email: normalized }, { populate: ['passwordHash'] });
  if (!(await verifyPassword(user?.passwordHash ?? null, password)) || !user) {
    throw new DomainError(UserErrorCode.INVALID_CREDENTIALS, 'Wrong email or password.', ['input']);
  }
  return { user, opened: await em.transactional((tx) => openSession(tx, client, user)) };
}

/** Ends the viewer's session (a token has none). */
export async function logout(viewer: Viewer, em: EntityManager): Promise<void> {
  const { principal } = viewer;
  if (principal.kind === 'user') {
    await em.nativeUpdate(Session, { id: principal.sessionId }, { revokedAt: new Date() });
  }
}

/** Changes the signed-in user's password and ends their other sessions. */
export async function changePassword(
  viewer: Viewer,
  em: EntityManager,
  user: { id: string },
  current: string,
  next: string,
): Promise<void> {
  const stored = await em.findOneOrFail(User, { id: user.id }, { populate: ['passwordHash'] });
  if (!(await verifyPassword(stored.passwordHash, current))) {
    throw new DomainError(UserErrorCode.INVALID_CREDENTIALS, 'The current password is wrong.', [
      'input',
      'currentPassword',
    ]);
  }
  checkPasswordStrength(next, ['input', 'newPassword']);
  stored.passwordHash = await hashPassword(next);
  const principal = viewer.principal;
  await em.transactional(async (tx) => {
    await tx.nativeUpdate(
      Session,
      { user: user.id, revokedAt: null, ...(principal.kind === 'user' ? { id: { $ne: principal.sessionId } } : {}) },
      { revokedAt: new Date() },
    );
    tx.persist(stored);
  });
}
