import { hash, verify } from '@node-rs/argon2';
import { DomainError, UserErrorCode } from '../common/domain-error.js';

export const MIN_PASSWORD_LENGTH = 10;
export const MAX_PASSWORD_LENGTH = 200;

/** argon2id with the library's defaults (19 MiB, 2 passes). */
export function hashPassword(password: string): Promise<string> {
  return hash(password);
}

// Verified against when the email is unknown, so both failures take the same time.
const dummyHash = hash('cobuild-no-such-user-password');

export async function verifyPassword(passwordHash: string | null, password: string): Promise<boolean> {
  try {
    return (await verify(passwordHash ?? (await dummyHash), password)) && passwordHash !== null;
  } catch {
    return false;
  }
}

export function checkPasswordStrength(password: string, field: string[]): void {
  if (password.length < MIN_PASSWORD_LENGTH) {
    throw new DomainError(UserErrorCode.WEAK_PASSWORD, `Use at least ${MIN_PASSWORD_LENGTH} characters.`, field);
  }
  if (password.length > MAX_PASSWORD_LENGTH) {
    throw new DomainError(UserErrorCode.TOO_LONG, `Use at most ${MAX_PASSWORD_LENGTH} characters.`, field);
  }
}
