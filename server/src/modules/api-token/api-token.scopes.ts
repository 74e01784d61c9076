/**
 * What a partner token may do. Tokens are read-only unless created with write scopes; a
 * write scope lets the token act for its organization in those mutations only.
 */
export const API_TOKEN_SCOPES = {
  read: 'Query the graph (every token has it).',
  'write:commitments': 'Commit resources, confirm, deliver and withdraw commitments.',
  'write:resources': "Publish, update and retire the organization's resources.",
} as const;

export type ApiTokenScope = keyof typeof API_TOKEN_SCOPES;

export function isApiTokenScope(scope: string): scope is ApiTokenScope {
  return Object.hasOwn(API_TOKEN_SCOPES, scope);
}
