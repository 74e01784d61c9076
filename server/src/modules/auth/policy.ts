import { CodedError, ErrorCode } from '../../graphql/errors.js';
import { MembershipRole } from '../membership/membership.entity.js';
import { OrganizationKind } from '../organization/organization.entity.js';
import type { Viewer } from './viewer.js';

const LEAD = 'ADMIN or REPRESENTATIVE of the lead committee, or an ADMIN of a committee above it';

/**
 * Who may call each mutation: the one table of Cobuild's access rules. The README's access
 * table is this table (a test compares them), and a test fails when a mutation has no row.
 *
 * `callers` is what the GraphQL guard checks before the resolver runs: `anyone`, `user`
 * (a signed-in person) or `token:<scope>` (a partner token with that scope). The
 * per-object part (`who`) is checked by the services with the functions below.
 */
export const MUTATION_RULES = {
  login: {
    callers: ['anyone'],
    who: 'Anyone; per minute 30 attempts per IP address and 10 per email from one address, then slowed (configurable)',
  },
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
  reportNeed: {
    callers: ['user'],
    who: 'ADMIN or REPRESENTATIVE of a committee whose region contains the community or grid',
  },
  updateNeed: {
    callers: ['user'],
    who: 'ADMIN or REPRESENTATIVE of the reporting committee, or an ADMIN of a committee above it',
  },
  supportNeed: { callers: ['user'], who: 'ADMIN or REPRESENTATIVE of the supporting organization' },
  publishResource: {
    callers: ['user', 'token:write:resources'],
    who: 'ADMIN or REPRESENTATIVE of the organization, or its API token with write:resources',
  },
  updateResource: {
    callers: ['user', 'token:write:resources'],
    who: 'ADMIN or REPRESENTATIVE of the owner, or its API token with write:resources',
  },
  retireResource: {
    callers: ['user', 'token:write:resources'],
    who: 'ADMIN or REPRESENTATIVE of the owner, or its API token with write:resources',
  },
  createProject: {
    callers: ['user'],
    who: "ADMIN or REPRESENTATIVE of the lead committee; the project's region lies in the committee's region",
  },
  updateProject: { callers: ['user'], who: LEAD },
  changeProjectStatus: {
    callers: ['user'],
    who: 'ADMIN or REPRESENTATIVE of the lead committee; an ADMIN of a committee above it may only cancel',
  },
  addRequirement: { callers: ['user'], who: LEAD },
  updateRequirement: { callers: ['user'], who: LEAD },
  addMilestone: { callers: ['user'], who: LEAD },
  updateMilestone: {
    callers: ['user'],
    who: `${LEAD}; progress and note also the ADMIN or REPRESENTATIVE of the milestone's owner organization`,
  },
  removeMilestone: { callers: ['user'], who: LEAD },
  importMilestoneProgress: {
    callers: ['user'],
    who: `For each milestone row that changes its progress or note, as updateMilestone: ${LEAD}, or the ADMIN or REPRESENTATIVE of the milestone's owner organization`,
  },
  postProgressUpdate: {
    callers: ['user'],
    who: 'ADMIN or REPRESENTATIVE of an organization that takes part in the project (the lead committee included)',
  },
  setConsultationRule: { callers: ['user'], who: `${LEAD}; while the project is PROPOSED` },
  postComment: {
    callers: ['user'],
    who: "ADMIN or REPRESENTATIVE of an organization that takes part in the project, or of a committee whose region contains the project's",
  },
  editComment: {
    callers: ['user'],
    who: 'Its author while still ADMIN or REPRESENTATIVE of its organization, within 15 minutes of posting it',
  },
  removeComment: {
    callers: ['user'],
    who: `Its author while still ADMIN or REPRESENTATIVE of its organization, or ${LEAD}`,
  },
  recordPosition: {
    callers: ['user'],
    who: 'ADMIN or REPRESENTATIVE of an organization that takes part in the project (the lead committee included)',
  },
  inviteParticipant: { callers: ['user'], who: LEAD },
  joinProject: { callers: ['user'], who: 'ADMIN or REPRESENTATIVE of the joining organization' },
  leaveProject: { callers: ['user'], who: 'ADMIN or REPRESENTATIVE of the leaving organization (not the lead)' },
  commitResource: {
    callers: ['user', 'token:write:commitments'],
    who: 'ADMIN or REPRESENTATIVE of the committing organization, or its API token with write:commitments',
  },
  confirmCommitment: { callers: ['user'], who: LEAD },
  markDelivered: {
    callers: ['user', 'token:write:commitments'],
    who: 'The committing organization (as for commitResource), or the lead committee (as for updateProject)',
  },
  withdrawCommitment: {
    callers: ['user', 'token:write:commitments'],
    who: 'The committing organization (as for commitResource)',
  },
} as const satisfies Record<string, { callers: readonly string[]; who: string }>;

export type MutationName = keyof typeof MUTATION_RULES;

/** What the access rules read of an organization: an entity or a plain row both fit. */
export interface OrganizationRef {
  id: string;
  kind: OrganizationKind;
  region: { path: string };
}

export function forbidden(message = 'You may not do this.'): CodedError {
  return new CodedError(ErrorCode.FORBIDDEN, message);
}

export function unauthenticated(message = 'Sign in or present an API token.'): CodedError {
  return new CodedError(ErrorCode.UNAUTHENTICATED, message);
}

/** ADMIN of the organization, or (for a committee) an ADMIN of a committee strictly above it. */
export function canManageMembers(viewer: Viewer, organization: OrganizationRef): boolean {
  if (viewer.hasRole(organization, [MembershipRole.ADMIN])) return true;
  return (
    organization.kind === OrganizationKind.COMMITTEE &&
    viewer.governs(organization.region.path, { strictlyAbove: true })
  );
}

export function canManageApiTokens(viewer: Viewer, organization: { id: string }): boolean {
  return viewer.hasRole(organization, [MembershipRole.ADMIN]);
}

/** Who may see an organization's members: its members and those who may manage them. */
export function canSeeMembers(viewer: Viewer, organization: OrganizationRef): boolean {
  return viewer.roleIn(organization) !== null || canManageMembers(viewer, organization);
}

/** Acts for the organization: its ADMIN or REPRESENTATIVE, or (with `scope`) its API token. */
export function actsFor(viewer: Viewer, organization: { id: string }, scope?: string): boolean {
  return (
    viewer.hasRole(organization, [MembershipRole.ADMIN, MembershipRole.REPRESENTATIVE]) ||
    (scope !== undefined && viewer.tokenActsFor(organization, scope))
  );
}

/** Acts for a committee, or is an ADMIN of a committee above it (which governs it). */
export function actsForOrGoverns(viewer: Viewer, committee: OrganizationRef): boolean {
  return actsFor(viewer, committee) || viewer.governs(committee.region.path, { strictlyAbove: true });
}

export function assertAllowed(allowed: boolean, message?: string): void {
  if (!allowed) throw forbidden(message);
}
