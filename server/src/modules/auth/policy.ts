import { CodedError, ErrorCode } from '../../graphql/errors.js';
import { MembershipRole } from '../membership/membership.entity.js';
import { OrganizationKind, type Organization } from '../organization/organization.entity.js';
import type { Viewer } from './viewer.js';

/**
 * Who may call each mutation: the one table of Cobuild's access rules. The README's access
 * table is this table (a test compares them), and a test fails when a mutation has no row.
 *
 * `callers` is what the GraphQL guard checks before the resolver runs: `anyone`, `user`
 * (a signed-in person) or `token:<scope>` (a partner token with that scope). The
 * per-object part (`who`) is checked by the services with the functions below.
 */
export const MUTATION_RULES = {
  login: { callers: ['anyone'], who: 'Anyone; 10 attempts a minute per email, 30 per IP address (configurable)' },
  acceptInvitation: { callers: ['anyone'], who: 'Anyone holding an unexpired, unused invitation secret' },
  logout: { callers: ['user'], who: 'A signed-in user' },
  changePassword: { callers: ['user'], who: 'A signed-in user, for their own account (current password required)' },
  inviteMember: {
    callers: ['user'],
    who: 'ADMIN of the organization; for a committee, also an ADMIN of a committee above it',
  },
  setMemberRole: {
    callers: ['user'],
    who: 'ADMIN of the organization; for a committee, also an ADMIN of a committee above it',
  },
  removeMember: {
    callers: ['user'],
    who: 'ADMIN of the organization; for a committee, also an ADMIN of a committee above it',
  },
  createApiToken: { callers: ['user'], who: 'ADMIN of the organization' },
  revokeApiToken: { callers: ['user'], who: 'ADMIN of the organization' },
} as const satisfies Record<string, { callers: readonly string[]; who: string }>;

export type MutationName = keyof typeof MUTATION_RULES;

export function forbidden(message = 'You may not do this.'): CodedError {
  return new CodedError(ErrorCode.FORBIDDEN, message);
}

export function unauthenticated(message = 'Sign in or present an API token.'): CodedError {
  return new CodedError(ErrorCode.UNAUTHENTICATED, message);
}

/** ADMIN of the organization, or (for a committee) an ADMIN of a committee strictly above it. */
export function canManageMembers(viewer: Viewer, organization: Organization): boolean {
  if (viewer.hasRole(organization, [MembershipRole.ADMIN])) return true;
  return (
    organization.kind === OrganizationKind.COMMITTEE &&
    viewer.governs(organization.region.path, { strictlyAbove: true })
  );
}

export function canManageApiTokens(viewer: Viewer, organization: Organization): boolean {
  return viewer.hasRole(organization, [MembershipRole.ADMIN]);
}

/** Who may see an organization's members: its members and those who may manage them. */
export function canSeeMembers(viewer: Viewer, organization: Organization): boolean {
  return viewer.roleIn(organization) !== null || canManageMembers(viewer, organization);
}

export function assertAllowed(allowed: boolean, message?: string): void {
  if (!allowed) throw forbidden(message);
}
