import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../graphql/context.js';
import { DomainError, UserErrorCode } from '../common/domain-error.js';
import { User } from '../user/user.entity.js';
import { membershipsOf, sessionSecretFrom } from './authenticate.js';
import { checkPasswordStrength, hashPassword, verifyPassword } from './password.js';
import { countHit, hitRateLimit } from '../rate-limit/attempt-limit.js';
import { hashSecret, newSecret } from './secrets.js';
import { clearSessionCookie, SESSION_DAYS, setSessionCookie } from './session-cookie.js';
import { Session } from './session.entity.js';
import { Viewer } from './viewer.js';

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
export async function openSession(ctx: Context, tx: EntityManager, user: User): Promise<OpenedSession> {
  const previous = sessionSecretFrom(ctx.http?.req.headers.cookie);
  if (previous)
    await tx.nativeUpdate(Session, { secretHash: hashSecret(previous), revokedAt: null }, { revokedAt: new Date() });
  const secret = newSecret('cbs');
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  const session = tx.create(Session, { user, secretHash: hashSecret(secret), expiresAt });
  await tx.flush();
  return { session, secret, expiresAt };
}

/** Once the session's transaction has committed: sets its cookie; the rest of the request (the payload) sees the person signed in. */
export async function signIn(ctx: Context, user: User, { session, secret, expiresAt }: OpenedSession): Promise<void> {
  setSessionCookie(ctx, secret, expiresAt);
  ctx.viewer = new Viewer({
    kind: 'user',
    user: { id: user.id },
    sessionId: session.id,
    memberships: await membershipsOf(ctx.em, user.id),
  });
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
export async function limitPasswordAttempts(ctx: Context, email: string): Promise<void> {
  const { em, config } = ctx;
  const ip = ctx.http?.req.ip ?? 'websocket';
  await hitRateLimit(em, `login:ip:${ip}`, { limit: config.loginAttemptsPerIp, windowSeconds: 60 });
  await hitRateLimit(em, `login:email-ip:${email}|${ip}`, { limit: config.loginAttemptsPerEmail, windowSeconds: 60 });
  const { hits } = await countHit(em, `login:email:${email}`, 60);
  const excess = hits - config.loginAttemptsPerEmail;
  if (excess > 0) await new Promise((resolve) => setTimeout(resolve, Math.min(MAX_SLOWDOWN_MS, 250 * excess)));
}

/** The same INVALID_CREDENTIALS for an unknown email and a wrong password, after the same work. */
export async function login(ctx: Context, email: string, password: string): Promise<User> {
  const em = ctx.em;
  const normalized = normalizeEmail(email);
  await limitPasswordAttempts(ctx, normalized);
  const user = await em.findOne(User, { email: normalized }, { populate: ['passwordHash'] });
  if (!(await verifyPassword(user?.passwordHash ?? null, password)) || !user) {
    throw new DomainError(UserErrorCode.INVALID_CREDENTIALS, 'Wrong email or password.', ['input']);
  }
  await signIn(ctx, user, await em.transactional((tx) => openSession(ctx, tx, user)));
  return user;
}

export async function logout(ctx: Context): Promise<void> {
  const { principal } = ctx.viewer;
  if (principal.kind === 'user') {
    await ctx.em.nativeUpdate(Session, { id: principal.sessionId }, { revokedAt: new Date() });
  }
  clearSessionCookie(ctx);
}

/** Changes the signed-in user's password and ends their other sessions. */
export async function changePassword(ctx: Context, user: { id: string }, current: string, next: string): Promise<void> {
  const em = ctx.em;
  const stored = await em.findOneOrFail(User, { id: user.id }, { populate: ['passwordHash'] });
  if (!(await verifyPassword(stored.passwordHash, current))) {
    throw new DomainError(UserErrorCode.INVALID_CREDENTIALS, 'The current password is wrong.', [
      'input',
      'currentPassword',
    ]);
  }
  checkPasswordStrength(next, ['input', 'newPassword']);
  stored.passwordHash = await hashPassword(next);
  const principal = ctx.viewer.principal;
  await em.transactional(async (tx) => {
    await tx.nativeUpdate(
      Session,
      { user: user.id, revokedAt: null, ...(principal.kind === 'user' ? { id: { $ne: principal.sessionId } } : {}) },
      { revokedAt: new Date() },
    );
    tx.persist(stored);
  });
}
