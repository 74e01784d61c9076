import { createHash, randomBytes } from 'node:crypto';

/** A random secret with a readable prefix (`cbs` session, `cbi` invitation, `cbt` API token). */
export function newSecret(prefix: 'cbs' | 'cbi' | 'cbt'): string {
  return `${prefix}_${randomBytes(32).toString('base64url')}`;
}

/** Secrets are high-entropy, so a plain SHA-256 is enough to store them safely. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret, 'utf8').digest('hex');
}
