import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeGlobalId } from '../../graphql/relay/global-id.js';
import { notFound } from '../../graphql/errors.js';
import { readNode } from '../../graphql/rows.js';
import { RegionNode } from './region.node.js';

/**
 * The region a filter names by global ID, read once so list filters can match its whole
 * subtree with a prefix condition on `path`.
 */
export async function regionForFilter(em: EntityManager, globalId: string, argument: string): Promise<RegionNode> {
  const region = await readNode(em, RegionNode, decodeGlobalId(globalId, 'Region', argument));
  if (!region) throw notFound(`No region with ID ${globalId}.`);
  return region;
}

/** Condition on a `region` relation: the region itself or anything below it. */
export function withinRegion(region: { path: string }): { path: { $like: string } } {
  return { path: { $like: `${region.path}%` } };
}
