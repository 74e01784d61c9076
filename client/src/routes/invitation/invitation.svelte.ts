import type { Client } from '@urql/core';
import { graphql } from '../../lib/graphql';
import { refusalOf, type Refusal } from '../../lib/outcome';

const ACCEPT = graphql(`
  mutation AcceptInvitation($i: AcceptInvitationInput!) {
    acceptInvitation(input: $i) {
      membership {
        id
        role
        organization {
          id
          nameZh
          nameEn
        }
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

/** The secret of an invitation link: its fragment (`/invitation#<secret>`), which no server log sees. */
export function secretFromHash(hash: string): string {
  return decodeURIComponent(hash.replace(/^#/, '')).trim();
}

/** Accepting an invitation: joining its organization, with a new account or one's own. */
export class InvitationAcceptance {
  busy = $state(false);
  /** Why it was refused, and the field it concerns (`secret`, `password`, `displayName`), if any. */
  refusal = $state<Refusal | null>(null);

  constructor(private readonly client: Client) {}

  /** Accepts; the organization joined when done (the person is then signed in), else null. */
  async accept(secret: string, displayName: string, password: string): Promise<{ id: string } | null> {
    if (this.busy) return null;
    this.busy = true;
    try {
      const result = await this.client.mutation(ACCEPT, { i: { secret, displayName, password } }).toPromise();
      const payload = result.data?.acceptInvitation;
      this.refusal = refusalOf(result, payload?.userErrors);
      return this.refusal ? null : (payload?.membership?.organization ?? null);
    } finally {
      this.busy = false;
    }
  }
}

const INVITE = graphql(`
  mutation InviteMember($i: InviteMemberInput!) {
    inviteMember(input: $i) {
      invitationSecret
      invitation {
        id
        email
        expiresAt
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export type MembershipRole = 'ADMIN' | 'REPRESENTATIVE' | 'MEMBER';

/** Inviting a person to an organization (its admins): the link to hand them, shown once. */
export class MemberInvitation {
  busy = $state(false);
  refusal = $state<Refusal | null>(null);
  /** The link of the last invitation made, and until when it works. */
  link = $state<{ url: string; email: string; expiresAt: string } | null>(null);

  constructor(
    private readonly client: Client,
    private readonly organizationId: string,
  ) {}

  async invite(email: string, role: MembershipRole): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    try {
      const result = await this.client
        .mutation(INVITE, { i: { organizationId: this.organizationId, email, role } })
        .toPromise();
      const payload = result.data?.inviteMember;
      this.refusal = refusalOf(result, payload?.userErrors);
      if (this.refusal || !payload?.invitationSecret || !payload.invitation) return false;
      this.link = {
        url: `${location.origin}/invitation#${encodeURIComponent(payload.invitationSecret)}`,
        email: payload.invitation.email,
        expiresAt: payload.invitation.expiresAt,
      };
      return true;
    } finally {
      this.busy = false;
    }
  }
}
