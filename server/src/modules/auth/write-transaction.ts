import type { EntityManager } from '@mikro-orm/postgresql';
import { rightsInTransaction } from './authenticate.js';
import type { Viewer } from './viewer.js';

/**
 * A write's transaction: the caller's roles (or token) are read again first, inside it and
 * under share locks, and `work` receives that viewer, so every check in it sees rights that
 * hold until the transaction commits.
 */
export function inWriteTransaction<T>(
  viewer: Viewer,
  em: EntityManager,
  work: (tx: EntityManager, viewer: Viewer) => Promise<T>,
): Promise<T> {
  return em.transactional(async (tx) => work(tx, await rightsInTransaction(tx, viewer)));
}
