import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../graphql/context.js';
import { rightsInTransaction } from './authenticate.js';

/**
 * A mutation's transaction: the caller's roles (or token) are read again first, inside it and
 * under share locks, and replace `ctx.viewer`, so every check in `work` sees rights that hold
 * until the transaction commits.
 */
export function inWriteTransaction<T>(ctx: Context, work: (tx: EntityManager) => Promise<T>): Promise<T> {
  return ctx.em.transactional(async (tx) => {
    ctx.viewer = await rightsInTransaction(tx, ctx.viewer);
    return work(tx);
  });
}
