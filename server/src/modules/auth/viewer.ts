import { OrganizationKind } from '../organization/organization.entity.js';
import { MembershipRole, type Membership } from '../membership/membership.entity.js';
import type { ApiToken } from '../api-token/api-token.entity.js';
import type { User } from '../user/user.entity.js';
import type { Session } from './session.entity.js';

export type Principal =
  | { kind: 'anonymous' }
  | { kind: 'user'; user: User; session: Session; memberships: Membership[] }
  | { kind: 'token'; token: ApiToken };

/**
 * Who is calling: an anonymous visitor, a signed-in user with their memberships (each with
 * its organization and region loaded), or a partner's API token (with its organization).
 */
export class Viewer {
  constructor(readonly principal: Principal) {}

  static anonymous(): Viewer {
    return new Viewer({ kind: 'anonymous' });
  }

  get user(): User | null {
    return this.principal.kind === 'user' ? this.principal.user : null;
  }

  get token(): ApiToken | null {
    return this.principal.kind === 'token' ? this.principal.token : null;
  }

  get memberships(): Membership[] {
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
