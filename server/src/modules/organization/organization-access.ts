import type { EntityManager } from '@mikro-orm/postgresql';
import { DomainError, UserErrorCode } from '../common/domain-error.js';
import { decodeGlobalId } from '../../graphql/relay/global-id.js';
import { Organization } from './organization.entity.js';

/**
 * The organization an input names, with its region loaded for the access rules; an unknown
 * id is a NOT_FOUND userError on that field.
 */
export async function organizationForInput(
  em: EntityManager,
  globalId: string,
  field: string[],
): Promise<Organization> {
  const id = decodeGlobalId(globalId, 'Organization', field.join('.'));
  const organization = await em.findOne(Organization, { id }, { populate: ['region'] });
  if (!organization) throw new DomainError(UserErrorCode.NOT_FOUND, 'No such organization.', field);
  return organization;
}
