import { createHash, randomBytes } from 'node:crypto';
import type { TestDatabase } from './postgres.js';

export { DEMO_ACCOUNTS, DEMO_PARTNER_TOKEN, DEMO_PASSWORD } from '@cobuild/server';

export type Headers = Record<string, string>;

/**
 * A fresh signed-in session for a user, written straight to the database as the server would
 * (secret in the cookie, SHA-256 in the table): tests get many sessions without tripping
 * the login rate limit.
 */
export async function sessionHeaders(db: TestDatabase, email: string): Promise<Headers> {
  const secret = `cbs_${randomBytes(32).toString('base64url')}`;
  const hash = createHash('sha256').update(secret).digest('hex');
  const rows = await db.query(
    `insert into session (id, secret_hash, user_id, expires_at)
     select gen_random_uuid(), $1, id, now() + interval '1 day' from app_user where email = $2 returning id`,
    [hash, email],
  );
  if (rows.length !== 1) throw new Error(`no user ${email}`);
  return { cookie: `cobuild_session=${secret}` };
}

export function bearer(secret: string): Headers {
  return { authorization: `Bearer ${secret}` };
}

/** The session cookie a response set, as a Cookie header. */
export function cookieFrom(res: { headers: globalThis.Headers }): Headers {
  const setCookie = res.headers.get('set-cookie') ?? '';
  const match = /cobuild_session=([^;]+)/.exec(setCookie);
  if (!match) throw new Error(`no session cookie in ${setCookie}`);
  return { cookie: `cobuild_session=${match[1]}` };
}
