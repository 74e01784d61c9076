import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import type { Connection } from '../../graphql/relay/connection.types.js';
import { decodeGlobalId } from '../../graphql/relay/global-id.js';
import { RegionNode } from './region.node.js';
import { findConnection, type SortKey } from '../../graphql/relay/paginate.js';
import { likePattern } from '../common/text-search.js';
import { Region } from './region.entity.js';
import type { RegionFilter } from './region.inputs.js';
import { regionForFilter } from './region-scope.js';

export const REGION_ORDER: SortKey<RegionNode>[] = [
  { property: 'code', direction: 'asc' },
  { property: 'id', direction: 'asc' },
];

export async function listRegions(
  em: EntityManager,
  filter: RegionFilter | null = null,
  args: ConnectionArgs,
): Promise<Connection<RegionNode>> {
  filter ??= {};
  const where: FilterQuery<Region>[] = [];
  if (filter.level) where.push({ level: filter.level });
  if (filter.parentId) where.push({ parent: decodeGlobalId(filter.parentId, 'Region', 'filter.parentId') });
  if (filter.withinId) {
    const root = await regionForFilter(em, filter.withinId, 'filter.withinId');
    where.push({ path: { $like: `${root.path}%` } });
  }
  if (filter.search) {
    const like = likePattern(filter.search);
    where.push({ $or: [{ nameZh: { $ilike: like } }, { nameEn: { $ilike: like } }, { code: { $like: like } }] });
  }
  return findConnection(em, RegionNode, {
    name: 'regions',
    where: () => ({ $and: where }),
    orderBy: REGION_ORDER,
    args,
  });
}

/** Codes in a region path, root first: '/310000/310106/' → ['310000', '310106']. */
function pathCodes(path: string): string[] {
  return path.split('/').filter(Boolean);
}

/** Codes of the regions above this one, from the municipality down to its parent. */
export function ancestorCodes(region: Region): string[] {
  return pathCodes(region.path).slice(0, -1);
}

/** Paths of a region and those above it, root first: '/a/b/' → ['/a/', '/a/b/']. */
export function ancestorPaths(path: string): string[] {
  const codes = pathCodes(path);
  return codes.map((_, i) => `/${codes.slice(0, i + 1).join('/')}/`);
}
