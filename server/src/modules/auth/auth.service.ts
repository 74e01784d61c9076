import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../graphql/context.js';
import { DomainError, UserErrorCode } from '../common/domain-error.js';
import { User } from '../user/user.entity.js';
import { membershipsOf, sessionSecretFrom } from './authenticate.js';
import { checkPasswordStrength, hashPassword, verifyPassword } from './password.js';
import { hitRateLimit } from './rate-limit.js';
import { hashSecret, newSecret } from './secrets.js';
import { clearSessionCookie, SESSION_DAYS, setSessionCookie } from './session-cookie.js';
import { Session } from './session.entity.js';
import { Viewer } from './viewer.js';

export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** Starts a session for the user, sets its cookie and revokes the session the browser had (rotation). */
export async function startSession(ctx: Context, em: EntityManager, user: User): Promise<Session> {
  const previous = sessionSecretFrom(ctx.http?.req.headers.cookie);
  if (previous)
    await em.nativeUpdate(Session, { secretHash: hashSecret(previous), revokedAt: null }, { revokedAt: new Date() });
  const secret = newSecret('cbs');
  const expiresAt = new Date(Date.now() + SESSION_DAYS * 86_400_000);
  const session = em.create(Session, { user, secretHash: hashSecret(secret), expiresAt });
  await em.flush();
  setSessionCookie(ctx, secret, expiresAt);
  // The rest of this request (the mutation's payload) sees the person as signed in.
  ctx.viewer = new Viewer({
    kind: 'user',
    user: { id: user.id },
    sessionId: session.id,
    memberships: await membershipsOf(em, user.id),
  });
  return session;
}

/** Counts a password attempt for the email and the client address; over the limit is RATE_LIMITED. */
export async function limitPasswordAttempts(ctx: Context, email: string): Promise<void> {
  await hitRateLimit(ctx.em, `login:email:${email}`, { limit: ctx.config.loginAttemptsPerEmail, windowSeconds: 60 });
  await hitRateLimit(ctx.em, `login:ip:${ctx.http?.req.ip ?? 'ws'}`, {
    limit: ctx.config.loginAttemptsPerIp,
    windowSeconds: 60,
  });
}

/** The same INVALID_CREDENTIALS for an unknown email and a wrong password, after the same work. */
export async function login(ctx: Context, email: string, password: string): Promise<User> {
  const em = ctx.em;
  const normalized = normalizeEmail(email);
  await hitRateLimit(em, `login:email:${normalized}`, { limit: ctx.config.loginAttemptsPerEmail, windowSeconds: 60 });
  await hitRateLimit(em, `login:ip:${ctx.http?.req.ip ?? 'ws'}`, {
    limit: ctx.config.loginAttemptsPerIp,
    windowSeconds: 60,
  });
  const user = await em.findOne(User, { email: normalized }, { populate: ['passwordHash'] });
  if (!(await verifyPassword(user?.passwordHash ?? null, password)) || !user) {
    throw new DomainError(UserErrorCode.INVALID_CREDENTIALS, 'Wrong email or password.', ['input']);
  }
  await startSession(ctx, em, user);
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
