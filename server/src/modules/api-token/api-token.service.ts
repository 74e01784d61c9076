import type { Viewer } from '../auth/viewer.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeGlobalId } from '../../graphql/relay/global-id.js';
import { recordActivity } from '../activity/activity.service.js';
import { assertAllowed, canManageApiTokens } from '../auth/policy.js';
import { hashSecret, newSecret } from '../auth/secrets.js';
import { DomainError, UserErrorCode } from '../common/domain-error.js';
import { organizationForInput } from '../organization/organization-access.js';
import { ApiToken } from './api-token.entity.js';
import type { CreateApiTokenInput } from './api-token.inputs.js';
import { isApiTokenScope } from './api-token.scopes.js';
import { inWriteTransaction } from '../auth/write-transaction.js';

const DAY = 86_400_000;
export const DEFAULT_TOKEN_DAYS = 90;
export const MAX_TOKEN_DAYS = 366;

/** Creates a partner token; the secret is in the result only, the database keeps its hash. */
export async function createApiToken(
  viewer: Viewer,
  em: EntityManager,
  input: CreateApiTokenInput,
): Promise<{ apiToken: ApiToken; secret: string }> {
  return inWriteTransaction(viewer, em, async (em, viewer) => {
    const organization = await organizationForInput(em, input.organizationId, ['input', 'organizationId']);
    assertAllowed(canManageApiTokens(viewer, organization), 'Only an admin of the organization may create API tokens.');
    const unknown = (input.scopes ?? []).find((s) => !isApiTokenScope(s));
    if (unknown !== undefined) {
      throw new DomainError(UserErrorCode.INVALID_SCOPE, `Unknown scope "${unknown}".`, ['input', 'scopes']);
    }
    const now = Date.now();
    const expiresAt = input.expiresAt ?? new Date(now + DEFAULT_TOKEN_DAYS * DAY);
    if (
      Number.isNaN(expiresAt.getTime()) ||
      expiresAt.getTime() <= now ||
      expiresAt.getTime() > now + MAX_TOKEN_DAYS * DAY
    ) {
      throw new DomainError(
        UserErrorCode.INVALID_EXPIRY,
        'The expiry must be in the future and at most a year ahead.',
        ['input', 'expiresAt'],
      );
    }
    const secret = newSecret('cbt');
    const apiToken = em.create(ApiToken, {
      organization,
      name: input.name.trim(),
      scopes: [...new Set(['read', ...(input.scopes ?? [])])].sort(),
      secretHash: hashSecret(secret),
      prefix: secret.slice(0, 10),
      createdBy: viewer.user?.id,
      expiresAt,
    });
    recordActivity(em, viewer, {
      type: 'api_token.created',
      subjectType: 'ApiToken',
      subjectId: apiToken.id,
      regionPath: organization.region.path,
      actorOrganization: organization,
      changes: { scopes: { before: null, after: apiToken.scopes } },
    });
    await em.flush();
    return { apiToken, secret };
  });
}

export async function revokeApiToken(viewer: Viewer, em: EntityManager, globalId: string): Promise<ApiToken> {
  return inWriteTransaction(viewer, em, async (em, viewer) => {
    const id = decodeGlobalId(globalId, 'ApiToken', 'input.apiTokenId');
    const apiToken = await em.findOne(ApiToken, { id }, { populate: ['organization.region'] });
    if (!apiToken) throw new DomainError(UserErrorCode.NOT_FOUND, 'No such API token.', ['input', 'apiTokenId']);
    assertAllowed(
      canManageApiTokens(viewer, apiToken.organization),
      'Only an admin of the organization may revoke its tokens.',
    );
    if (apiToken.revokedAt)
      throw new DomainError(UserErrorCode.ALREADY_REVOKED, 'The token is already revoked.', ['input', 'apiTokenId']);
    apiToken.revokedAt = new Date();
    recordActivity(em, viewer, {
      type: 'api_token.revoked',
      subjectType: 'ApiToken',
      subjectId: apiToken.id,
      regionPath: apiToken.organization.region.path,
      actorOrganization: apiToken.organization,
      changes: { revokedAt: { before: null, after: apiToken.revokedAt.toISOString() } },
    });
    await em.flush();
    return apiToken;
  });
}
