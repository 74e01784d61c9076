import type { Context } from '../../graphql/context.js';
import { SESSION_COOKIE } from './authenticate.js';

export const SESSION_DAYS = 14;

/** HttpOnly, SameSite=Lax; Secure when the request came over https (directly or via a trusted proxy). */
export function setSessionCookie(ctx: Context, secret: string, expiresAt: Date): void {
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
