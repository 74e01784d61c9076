import type { Viewer } from '../auth/viewer.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeGlobalId } from '../../graphql/relay/global-id.js';
import { recordActivity } from '../activity/activity.service.js';
import { assertAllowed, canManageMembers } from '../auth/policy.js';
import { DomainError, UserErrorCode } from '../common/domain-error.js';
import { Membership, MembershipRole } from './membership.entity.js';
import { rightsInTransaction } from '../auth/authenticate.js';

async function membershipForInput(em: EntityManager, globalId: string): Promise<Membership> {
  const id = decodeGlobalId(globalId, 'Membership', 'input.membershipId');
  const membership = await em.findOne(Membership, { id }, { populate: ['organization.region', 'user'] });
  if (!membership) throw new DomainError(UserErrorCode.NOT_FOUND, 'No such membership.', ['input', 'membershipId']);
  return membership;
}

/**
 * Locks the organization's admins (in id order), then reads the caller's rights again in the
 * transaction. In this order, not the other way (see inWriteTransaction): two admins who
 * demote each other at once queue on the same rows instead of deadlocking, and the second
 * sees the first's change.
 */
async function rightsAfterLockingAdmins(viewer: Viewer, em: EntityManager, membership: Membership): Promise<Viewer> {
  await em.execute(`select id from membership where organization_id = ? and role = 'ADMIN' order by id for update`, [
    membership.organization.id,
  ]);
  return rightsInTransaction(em, viewer);
}

/** An organization keeps at least one ADMIN, so it can always be managed by its own people. */
async function assertNotLastAdmin(em: EntityManager, membership: Membership): Promise<void> {
  if (membership.role !== MembershipRole.ADMIN) return;
  // Lock the admins first: two admins demoting each other at once must not both see two.
  const admins = (
    await em.execute(`select id from membership where organization_id = ? and role = 'ADMIN' for update`, [
      membership.organization.id,
    ])
  ).length;
  if (admins <= 1) {
    throw new DomainError(UserErrorCode.LAST_ADMIN, 'The organization would have no admin left.', [
      'input',
      'membershipId',
    ]);
  }
}

export async function setMemberRole(
  viewer: Viewer,
  em: EntityManager,
  globalId: string,
  role: MembershipRole,
): Promise<Membership> {
  return em.transactional(async (em) => {
    const membership = await membershipForInput(em, globalId);
    viewer = await rightsAfterLockingAdmins(viewer, em, membership);
    assertAllowed(
      canManageMembers(viewer, membership.organization),
      'Only an admin of the organization may change roles.',
    );
    if (role !== MembershipRole.ADMIN) await assertNotLastAdmin(em, membership);
    recordActivity(em, viewer, {
      type: 'member.role_changed',
      subjectType: 'Membership',
      subjectId: membership.id,
      regionPath: membership.organization.region.path,
      actorOrganization: membership.organization,
      changes: { role: { before: membership.role, after: role } },
    });
    membership.role = role;
    return membership;
  });
}

export async function removeMember(viewer: Viewer, em: EntityManager, globalId: string): Promise<string> {
  return em.transactional(async (em) => {
    const membership = await membershipForInput(em, globalId);
    viewer = await rightsAfterLockingAdmins(viewer, em, membership);
    assertAllowed(
      canManageMembers(viewer, membership.organization),
      'Only an admin of the organization may remove members.',
    );
    await assertNotLastAdmin(em, membership);
    recordActivity(em, viewer, {
      type: 'member.removed',
      subjectType: 'Membership',
      subjectId: membership.id,
      regionPath: membership.organization.region.path,
      actorOrganization: membership.organization,
      changes: { role: { before: membership.role, after: null } },
    });
    em.remove(membership);
    return membership.id;
  });
}
