import type { EntityManager } from '@mikro-orm/postgresql';
import { findForInput } from '../common/find-for-input.js';
import { Organization } from './organization.entity.js';

/** The organization an input names, with its region loaded for the access rules. */
export function organizationForInput(em: EntityManager, globalId: string, field: string[]): Promise<Organization> {
  return findForInput(em, Organization, globalId, field, { populate: ['region'] });
}
