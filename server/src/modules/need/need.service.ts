import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import type { Connection } from '../../graphql/relay/connection.types.js';
import { findConnection, type SortKey } from '../../graphql/relay/paginate.js';
import { likePattern } from '../common/text-search.js';
import { regionForFilter, withinRegion } from '../region/region-scope.js';
import { Need } from './need.entity.js';
import type { NeedFilter } from './need.inputs.js';

/** Newest first (ids are time-ordered). */
export const NEED_ORDER: SortKey<Need>[] = [{ property: 'id', direction: 'desc' }];

export async function listNeeds(
  em: EntityManager,
  filter: NeedFilter = {},
  args: ConnectionArgs,
): Promise<Connection<Need>> {
  const where: FilterQuery<Need>[] = [];
  if (filter.status?.length) where.push({ status: { $in: filter.status } });
  if (filter.category?.length) where.push({ category: { $in: filter.category } });
  if (filter.regionId) {
    where.push({ region: withinRegion(await regionForFilter(em, filter.regionId, 'filter.regionId')) });
  }
  if (filter.search) {
    const like = likePattern(filter.search);
    where.push({ $or: [{ titleZh: { $ilike: like } }, { titleEn: { $ilike: like } }] });
  }
  return findConnection(em, Need, { name: 'needs', where: () => ({ $and: where }), orderBy: NEED_ORDER, args });
}
