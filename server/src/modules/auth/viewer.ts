import { OrganizationKind } from '../organization/organization.entity.js';
import { MembershipRole } from '../membership/membership.entity.js';
import type { OrganizationRef } from './policy.js';

/** A signed-in person's role in an organization, with what the access rules read of it. */
export interface ViewerMembership {
  id: string;
  role: MembershipRole;
  organization: OrganizationRef;
}

/** A partner's API token: its scopes and organization. */
export interface ViewerToken {
  id: string;
  scopes: string[];
  organization: OrganizationRef;
}

export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'user'; user: { id: string }; sessionId: string; memberships: ViewerMembership[] }
  | { kind: 'token'; token: ViewerToken };

/**
 * Who is calling: an anonymous visitor, a signed-in user with their memberships, or a
 * partner's API token. Plain data read in one statement per request (see authenticate).
 */
export class Viewer {
  constructor(readonly principal: Principal) {}

  static anonymous(): Viewer {
    return new Viewer({ kind: 'anonymous' });
  }

  get user(): { id: string } | null {
    return this.principal.kind === 'user' ? this.principal.user : null;
  }

  get token(): ViewerToken | null {
    return this.principal.kind === 'token' ? this.principal.token : null;
  }

  get memberships(): ViewerMembership[] {
    return this.principal.kind === 'user' ? this.principal.memberships : [];
  }

  /** The viewer's role in an organization (a token has none: it acts through its scopes). */
  roleIn(organization: { id: string }): MembershipRole | null {
    return this.memberships.find((m) => m.organization.id === organization.id)?.role ?? null;
  }

  hasRole(organization: { id: string }, roles: MembershipRole[]): boolean {
    const role = this.roleIn(organization);
    return role !== null && roles.includes(role);
  }

  /** A token of this organization that carries `scope`. */
  tokenActsFor(organization: { id: string }, scope: string): boolean {
    const token = this.token;
    return token !== null && token.organization.id === organization.id && token.scopes.includes(scope);
  }

  /**
   * Whether the viewer is an ADMIN of a committee whose region contains `regionPath`
   * (its own region or one below): the committee governs that subtree.
   */
  governs(regionPath: string, { strictlyAbove = false } = {}): boolean {
    return this.memberships.some(
      (m) =>
        m.role === MembershipRole.ADMIN &&
        m.organization.kind === OrganizationKind.COMMITTEE &&
        regionPath.startsWith(m.organization.region.path) &&
        (!strictlyAbove || regionPath !== m.organization.region.path),
    );
  }
}
