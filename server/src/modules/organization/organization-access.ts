import type { EntityManager } from '@mikro-orm/postgresql';
import type { Loaders } from '../../graphql/loaders.js';
import type { OrganizationRef } from '../auth/policy.js';
import { findForInput } from '../common/find-for-input.js';
import { RegionNode } from '../region/region.node.js';
import { Organization } from './organization.entity.js';
import type { OrganizationNode } from './organization.node.js';

/** The organization an input names, with its region loaded for the access rules. */
export function organizationForInput(em: EntityManager, globalId: string, field: string[]): Promise<Organization> {
  return findForInput(em, Organization, globalId, field, { populate: ['region'] });
}

/** What the access rules read of an organization node (its region's path), through the request's loaders. */
export async function organizationRef(loaders: Loaders, organization: OrganizationNode): Promise<OrganizationRef> {
  const region = await loaders.node(RegionNode, organization.regionId);
  return { id: organization.id, kind: organization.kind, region: { path: region.path } };
}
