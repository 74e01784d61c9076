import type { Viewer } from '../auth/viewer.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { UniqueConstraintViolationException } from '@mikro-orm/core';
import type { Config } from '../../config.js';
import { recordActivity } from '../activity/activity.service.js';
import {
  limitPasswordAttempts,
  normalizeEmail,
  openSession,
  type OpenedSession,
  type SigningClient,
} from '../auth/auth.service.js';
import { checkPasswordStrength, hashPassword, verifyPassword } from '../auth/password.js';
import { assertAllowed, canManageMembers } from '../auth/policy.js';
import { hashSecret, newSecret } from '../auth/secrets.js';
import { DomainError, UserErrorCode } from '../common/domain-error.js';
import { Membership } from '../membership/membership.entity.js';
import { organizationForInput } from '../organization/organization-access.js';
import { User } from '../user/user.entity.js';
import { Invitation } from './invitation.entity.js';
import type { AcceptInvitationInput, InviteMemberInput } from './invitation.inputs.js';
import { inWriteTransaction } from '../auth/write-transaction.js';

export const INVITATION_DAYS = 7;

/** Creates a single-use invitation; its secret is returned once and stored only hashed. */
export async function inviteMember(
  viewer: Viewer,
  em: EntityManager,
  input: InviteMemberInput,
): Promise<{ invitation: Invitation; secret: string }> {
  return inWriteTransaction(viewer, em, async (em, viewer) => {
    const organization = await organizationForInput(em, input.organizationId, ['input', 'organizationId']);
    assertAllowed(canManageMembers(viewer, organization), 'Only an admin of the organization may invite members.');
    const email = normalizeEmail(input.email);
    const existing = await em.count(Membership, { organization, user: { email } });
    if (existing > 0)
      throw new DomainError(UserErrorCode.ALREADY_MEMBER, 'This person is already a member.', ['input', 'email']);
    const secret = newSecret('cbi');
    const invitation = em.create(Invitation, {
      organization,
      email,
      role: input.role,
      secretHash: hashSecret(secret),
      invitedBy: viewer.user?.id,
      expiresAt: new Date(Date.now() + INVITATION_DAYS * 86_400_000),
    });
    recordActivity(em, viewer, {
      type: 'member.invited',
      subjectType: 'Invitation',
      subjectId: invitation.id,
      regionPath: organization.region.path,
      actorOrganization: organization,
      changes: { role: { before: null, after: input.role } },
    });
    await em.flush();
    return { invitation, secret };
  });
}

/**
 * Joins the organization of an invitation: a new account is created with the password given,
 * an existing one must prove its password. Opens a session for the person (the caller hands
 * its secret to the client).
 */
export async function acceptInvitation(
  viewer: Viewer,
  em: EntityManager,
  config: Config,
  client: SigningClient,
  input: AcceptInvitationInput,
): Promise<{ membership: Membership; opened: OpenedSession }> {
  const secretHash = hashSecret(input.secret);
  // Accepting for an existing account checks its password: the same limits as login apply,
  // counted outside the transaction so a failed attempt still counts.
  const pending = await em.findOne(Invitation, { secretHash });
  if (pending && (await em.count(User, { email: pending.email })) > 0)
    await limitPasswordAttempts(em, config, client, pending.email);
  return em.transactional(async (tx) => {
    // Single use, also under concurrency: lock the invitation row alone, then load it.
    await tx.execute(`select 1 from invitation where secret_hash = ? for update`, [secretHash]);
    const invitation = await tx.findOne(
      Invitation,
      { secretHash },
      { populate: ['organization.region'], refresh: true },
    );
    if (!invitation) throw new DomainError(UserErrorCode.NOT_FOUND, 'No such invitation.', ['input', 'secret']);
    if (invitation.acceptedAt)
      throw new DomainError(UserErrorCode.INVITATION_USED, 'This invitation was already used.', ['input', 'secret']);
    if (invitation.expiresAt <= new Date()) {
      throw new DomainError(UserErrorCode.INVITATION_EXPIRED, 'This invitation has expired; ask for a new one.', [
        'input',
        'secret',
      ]);
    }
    let user = await tx.findOne(User, { email: invitation.email }, { populate: ['passwordHash'] });
    if (user) {
      if (!(await verifyPassword(user.passwordHash, input.password))) {
        throw new DomainError(UserErrorCode.INVALID_CREDENTIALS, 'Wrong password for this account.', [
          'input',
          'password',
        ]);
      }
      if ((await tx.count(Membership, { user, organization: invitation.organization })) > 0) {
        throw new DomainError(UserErrorCode.ALREADY_MEMBER, 'You are already a member.', ['input', 'secret']);
      }
    } else {
      checkPasswordStrength(input.password, ['input', 'password']);
      user = tx.create(User, {
        email: invitation.email,
        displayName: input.displayName.trim(),
        passwordHash: await hashPassword(input.password),
      });
    }
    invitation.acceptedAt = new Date();
    const created = tx.create(Membership, { user, organization: invitation.organization, role: invitation.role });
    recordActivity(tx, viewer, {
      type: 'member.joined',
      subjectType: 'Membership',
      subjectId: created.id,
      regionPath: invitation.organization.region.path,
      actorOrganization: invitation.organization,
      actorUser: user,
      changes: { role: { before: null, after: invitation.role } },
    });
    await tx.flush().catch((error: unknown) => {
      // Another acceptance for the same person got there first.
      if (error instanceof UniqueConstraintViolationException) {
        throw new DomainError(UserErrorCode.ALREADY_MEMBER, 'You are already a member.', ['input', 'secret']);
      }
      throw error;
    });
    // The new session (and the revocation of the browser's previous one) commits with the membership.
    return { membership: created, opened: await openSession(tx, client, user) };
  });
}
