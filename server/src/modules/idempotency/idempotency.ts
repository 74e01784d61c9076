import { createHash } from 'node:crypto';
import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, UserErrorCode } from '../common/domain-error.js';

export const IDEMPOTENCY_KEY_MAX_LENGTH = 100;
export const IDEMPOTENCY_KEY_HOURS = 48;

/** JSON with object keys sorted, so equal inputs hash equally whatever their key order. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([k, v]) => k !== 'idempotencyKey' && v !== undefined && v !== null)
      .sort(([a], [b]) => a.localeCompare(b));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/**
 * Runs a create-style mutation's work at most once per acting organization, mutation and key,
 * inside the caller's transaction `tx`. Callers look the key up right after checking who may
 * act, before any check of the state (a retry gets the first result even if the project has
 * closed or the resource has been retired since). Keys belong to the organization, not to
 * the person or token that sent them: a partner that rotates its token mid-retry does not
 * commit twice. A retry with the same key and input gets the id of the first result; the same
 * key with another input is IDEMPOTENCY_KEY_REUSED. A concurrent retry waits on the key's row
 * until the first commits (or rolls back, and then runs itself).
 */
export async function once(
  tx: EntityManager,
  actingOrganization: { id: string },
  mutation: string,
  key: string | null | undefined,
  input: object,
  work: () => Promise<string>,
): Promise<string> {
  if (key == null) return work();
  // An empty key would silently give no protection against a retry.
  if (key.trim() === '') {
    throw new DomainError(UserErrorCode.INVALID, 'An idempotency key may not be empty; omit it instead.', [
      'input',
      'idempotencyKey',
    ]);
  }
  if (key.length > IDEMPOTENCY_KEY_MAX_LENGTH) {
    throw new DomainError(UserErrorCode.TOO_LONG, `At most ${IDEMPOTENCY_KEY_MAX_LENGTH} characters.`, [
      'input',
      'idempotencyKey',
    ]);
  }
  const scope = `organization:${actingOrganization.id}:${mutation}`;
  const requestHash = createHash('sha256').update(canonical(input)).digest('hex');
  const inserted = await tx.execute(
    `insert into idempotency_key (scope, key, request_hash) values (?, ?, ?) on conflict do nothing returning scope`,
    [scope, key, requestHash],
  );
  if (inserted.length === 0) {
    const [first] = await tx.execute<{ request_hash: string; result_id: string }[]>(
      `select request_hash, result_id from idempotency_key where scope = ? and key = ?`,
      [scope, key],
    );
    if (first.request_hash !== requestHash) {
      throw new DomainError(
        UserErrorCode.IDEMPOTENCY_KEY_REUSED,
        'This idempotency key was used with a different input.',
        ['input', 'idempotencyKey'],
      );
    }
    return first.result_id;
  }
  const resultId = await work();
  await tx.execute(`update idempotency_key set result_id = ? where scope = ? and key = ?`, [resultId, scope, key]);
  return resultId;
}

/**
 * Deletes keys older than IDEMPOTENCY_KEY_HOURS as of `now` (by default the database's
 * current time; a test passes another clock).
 */
export async function sweepIdempotencyKeys(em: EntityManager, now?: Date): Promise<number> {
  const res = await em
    .getConnection()
    .execute(
      `delete from idempotency_key where created_at < coalesce(?::timestamptz, now()) - make_interval(hours => ?)`,
      [now ?? null, IDEMPOTENCY_KEY_HOURS],
      'run',
    );
  return (res as { affectedRows?: number }).affectedRows ?? 0;
}
