import type { EntityManager, FilterQuery } from '@mikro-orm/postgresql';
import type { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import type { Connection } from '../../graphql/relay/connection.types.js';
import { OrganizationNode } from './organization.node.js';
import { findConnection, type SortKey } from '../../graphql/relay/paginate.js';
import { likePattern } from '../common/text-search.js';
import { regionForFilter, withinRegion } from '../region/region-scope.js';
import { Organization } from './organization.entity.js';
import type { OrganizationFilter } from './organization.inputs.js';

export const ORGANIZATION_ORDER: SortKey<OrganizationNode>[] = [
  { property: 'nameEn', direction: 'asc' },
  { property: 'id', direction: 'asc' },
];

export async function listOrganizations(
  em: EntityManager,
  filter: OrganizationFilter | null = null,
  args: ConnectionArgs,
): Promise<Connection<OrganizationNode>> {
  filter ??= {};
  const where: FilterQuery<Organization>[] = [];
  if (filter.regionId) {
    where.push({ region: withinRegion(await regionForFilter(em, filter.regionId, 'filter.regionId')) });
  }
  if (filter.kind?.length) where.push({ kind: { $in: filter.kind } });
  if (filter.sector?.length) where.push({ sector: { $in: filter.sector } });
  if (filter.search) {
    const like = likePattern(filter.search);
    where.push({ $or: [{ nameZh: { $ilike: like } }, { nameEn: { $ilike: like } }] });
  }
  return findConnection(em, OrganizationNode, {
    name: 'organizations',
    where: () => ({ $and: where }),
    orderBy: ORGANIZATION_ORDER,
    args,
  });
}
