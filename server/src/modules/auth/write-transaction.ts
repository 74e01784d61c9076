import { FlushMode, type EntityManager } from '@mikro-orm/postgresql';
import { rightsInTransaction } from './authenticate.js';
import type { Viewer } from './viewer.js';

/**
 * A write's transaction: the caller's roles (or token) are read again first, inside it and
 * under share locks, and `work` receives that viewer, so every check in it sees rights that
 * hold until the transaction commits.
 *
 * With `batch`, services that `work` calls with `tx` join this transaction instead of opening
 * savepoints, and nothing is written before `work` returns: then everything in one flush, in
 * statements of many rows. For many changes at once (an import): the statement-level triggers
 * (project progress, region roll-ups) then run per statement, not once per change on rows
 * this transaction has already rewritten. A service's refusal (thrown before it changes
 * anything) can be caught and the next one called; `work` must then throw, or what the
 * refused call left in the unit of work would be written too.
 */
export function inWriteTransaction<T>(
  viewer: Viewer,
  em: EntityManager,
  work: (tx: EntityManager, viewer: Viewer) => Promise<T>,
  { batch = false } = {},
): Promise<T> {
  return em.transactional(
    async (tx) => work(tx, await rightsInTransaction(tx, viewer)),
    batch ? { ignoreNestedTransactions: true, flushMode: FlushMode.COMMIT } : {},
  );
}
