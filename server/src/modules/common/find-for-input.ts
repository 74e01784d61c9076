import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import { decodeGlobalId } from '../../graphql/relay/global-id.js';
import { DomainError, UserErrorCode } from './domain-error.js';

/**
 * The object an input names by global ID, with `populate` loaded. A malformed or wrong-type
 * ID is a BAD_USER_INPUT error; a well-formed ID of nothing is a NOT_FOUND userError on
 * `field`. `lock` takes a row lock until the transaction ends: `update` to change the row,
 * `share` to keep it from changing while the transaction relies on it.
 */
export async function findForInput<T extends object>(
  em: EntityManager,
  entity: new (...args: never[]) => T,
  globalId: string,
  field: string[],
  options: LoadOptions = {},
): Promise<T> {
  const found = await findLocked(em, entity, decodeGlobalId(globalId, entity.name, field.join('.')), options);
  if (!found) throw new DomainError(UserErrorCode.NOT_FOUND, `No such ${entity.name.toLowerCase()}.`, field);
  return found;
}

export interface LoadOptions {
  populate?: string[];
  lock?: 'update' | 'share';
}

/** An object by database id, optionally row-locked first (see findForInput); null if none. */
export async function findLocked<T extends object>(
  em: EntityManager,
  entity: new (...args: never[]) => T,
  id: string,
  options: LoadOptions = {},
): Promise<T | null> {
  if (options.lock) {
    // Its own statement: a row lock on a query with populate joins would lock (or refuse) those too.
    const table = em.getMetadata().get(entity.name).tableName;
    await em.execute(`select 1 from "${table}" where id = ? for ${options.lock === 'update' ? 'update' : 'share'}`, [
      id,
    ]);
  }
  return em.findOne(entity, { id } as FilterQuery<T>, {
    populate: (options.populate ?? []) as never,
    refresh: Boolean(options.lock),
  });
}
