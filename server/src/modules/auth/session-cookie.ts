import type { Context } from '../../graphql/context.js';
import { membershipsOf, SESSION_COOKIE, sessionSecretFrom } from './authenticate.js';
import type { OpenedSession, SigningClient } from './auth.service.js';
import type { User } from '../user/user.entity.js';
import { Viewer } from './viewer.js';

/**
 * The session cookie: the one place that reads and writes it for the auth resolvers (login,
 * logout, accepting an invitation). Services get a SigningClient and return the session.
 */

/** The client signing in: its address and the session secret its cookie holds. */
export function signingClient(ctx: Context): SigningClient {
  return {
    address: ctx.http?.req.ip ?? 'websocket',
    previousSessionSecret: sessionSecretFrom(ctx.http?.req.headers.cookie) ?? null,
  };
}

/** HttpOnly, SameSite=Lax; Secure when the request came over https (directly or via a trusted proxy). */
function setSessionCookie(ctx: Context, secret: string, expiresAt: Date): void {
  ctx.http?.res.cookie(SESSION_COOKIE, secret, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.http.req.secure,
    path: '/',
    expires: expiresAt,
  });
}

export function clearSessionCookie(ctx: Context): void {
  ctx.http?.res.clearCookie(SESSION_COOKIE, {
    httpOnly: true,
    sameSite: 'lax',
    secure: ctx.http.req.secure,
    path: '/',
  });
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
