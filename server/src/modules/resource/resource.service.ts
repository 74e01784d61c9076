import { raw, type EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import type { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import type { Connection } from '../../graphql/relay/connection.types.js';
import { decodeGlobalId } from '../../graphql/relay/global-id.js';
import { findConnection, type SortKey } from '../../graphql/relay/paginate.js';
import { likePattern } from '../common/text-search.js';
import { regionForFilter, withinRegion } from '../region/region-scope.js';
import { Resource, ResourceStatus } from './resource.entity.js';
import type { ResourceFilter } from './resource.inputs.js';

/** Newest first (ids are time-ordered). */
export const RESOURCE_ORDER: SortKey<Resource>[] = [{ property: 'id', direction: 'desc' }];

export async function listResources(
  em: EntityManager,
  filter: ResourceFilter = {},
  args: ConnectionArgs,
): Promise<Connection<Resource>> {
  const where: FilterQuery<Resource>[] = [
    { status: { $in: filter.status?.length ? filter.status : [ResourceStatus.ACTIVE] } },
  ];
  if (filter.kind?.length) where.push({ kind: { $in: filter.kind } });
  if (filter.ownerId) where.push({ owner: decodeGlobalId(filter.ownerId, 'Organization', 'filter.ownerId') });
  if (filter.regionId) {
    where.push({ region: withinRegion(await regionForFilter(em, filter.regionId, 'filter.regionId')) });
  }
  if (filter.search) {
    const like = likePattern(filter.search);
    where.push({ $or: [{ titleZh: { $ilike: like } }, { titleEn: { $ilike: like } }] });
  }
  // A raw fragment serves one query only, so it is made anew for the page and for the count.
  const availability = (): FilterQuery<Resource>[] =>
    filter.available == null ? [] : [{ [raw(`(committed ${filter.available ? '<' : '>='} capacity)`)]: true }];
  return findConnection(em, Resource, {
    name: 'resources',
    where: () => ({ $and: [...where, ...availability()] }),
    orderBy: RESOURCE_ORDER,
    args,
  });
}
