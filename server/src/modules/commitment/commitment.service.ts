import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../graphql/context.js';
import { recordActivity } from '../activity/activity.service.js';
import { actsFor, actsForOrGoverns, assertAllowed } from '../auth/policy.js';
import { DomainError, UserErrorCode } from '../common/domain-error.js';
import { findForInput } from '../common/find-for-input.js';
import { once } from '../idempotency/idempotency.js';
import { organizationForInput } from '../organization/organization-access.js';
import { ParticipantStatus } from '../project/participant.entity.js';
import { assertOpen, committedTo, ensureParticipant, lockedProject } from '../project/project-write.service.js';
import { Requirement } from '../project/requirement.entity.js';
import { Resource, ResourceStatus } from '../resource/resource.entity.js';
import { Commitment, CommitmentStatus } from './commitment.entity.js';
import type { CommitResourceInput } from './commitment.inputs.js';

/**
 * Draws `quantity` from a resource with one guarded UPDATE: the row lock it takes serializes
 * concurrent commitments, and PostgreSQL re-checks `committed + q <= capacity` on the latest
 * row version, so the sum never exceeds the capacity (the CHECK constraint is the backstop).
 */
async function drawFromResource(tx: EntityManager, resourceId: string, quantity: number): Promise<boolean> {
  const rows = await tx.execute(
    `update resource set committed = committed + ?, updated_at = now()
     where id = ? and status = 'ACTIVE' and committed + ? <= capacity returning committed`,
    [quantity, resourceId, quantity],
  );
  return rows.length === 1;
}

async function releaseToResource(tx: EntityManager, resourceId: string, quantity: number): Promise<void> {
  await tx.execute(`update resource set committed = committed - ?, updated_at = now() where id = ?`, [
    quantity,
    resourceId,
  ]);
}

export async function commitResource(ctx: Context, input: CommitResourceInput): Promise<Commitment> {
  const id = await ctx.em.transactional(async (tx) => {
    const organization = await organizationForInput(tx, input.organizationId, ['input', 'organizationId']);
    assertAllowed(
      actsFor(ctx.viewer, organization, 'write:commitments'),
      'Only the organization may commit its resources.',
    );
    // Locked: commitments to one requirement are counted one after another, so together they
    // never exceed what it needs.
    const requirement = await findForInput(tx, Requirement, input.requirementId, ['input', 'requirementId'], {
      lock: 'update',
    });
    // Shared lock: commitments go on concurrently, but the project cannot close under them.
    const project = await lockedProject(tx, requirement.project.id, 'share');
    assertOpen(project, ['input', 'requirementId']);
    if (input.unit !== requirement.unit) {
      throw new DomainError(UserErrorCode.UNIT_MISMATCH, `The requirement is counted in ${requirement.unit}.`, [
        'input',
        'unit',
      ]);
    }
    const resource = input.resourceId
      ? await findForInput(tx, Resource, input.resourceId, ['input', 'resourceId'])
      : null;
    if (resource) {
      if (resource.owner.id !== organization.id) {
        throw new DomainError(UserErrorCode.NOT_OWN_RESOURCE, 'Commit only your organization’s own resources.', [
          'input',
          'resourceId',
        ]);
      }
      if (resource.kind !== requirement.kind || resource.unit !== requirement.unit) {
        throw new DomainError(
          UserErrorCode.RESOURCE_MISMATCH,
          `The requirement needs ${requirement.kind} in ${requirement.unit}; the resource is ${resource.kind} in ${resource.unit}.`,
          ['input', 'resourceId'],
        );
      }
      if (resource.status === ResourceStatus.RETIRED) {
        throw new DomainError(UserErrorCode.RESOURCE_RETIRED, 'The resource is retired.', ['input', 'resourceId']);
      }
    }
    return once(tx, ctx.viewer, 'commitResource', input.idempotencyKey, input, async () => {
      const open = requirement.quantity - (await committedTo(tx, requirement.id));
      if (input.quantity > open) {
        throw new DomainError(
          UserErrorCode.EXCEEDS_REQUIREMENT,
          open > 0
            ? `The requirement needs only ${open} ${requirement.unit} more.`
            : 'The requirement is already filled.',
          ['input', 'quantity'],
        );
      }
      if (resource && !(await drawFromResource(tx, resource.id, input.quantity))) {
        throw new DomainError(
          UserErrorCode.INSUFFICIENT_CAPACITY,
          'The resource does not have that much remaining capacity.',
          ['input', 'quantity'],
        );
      }
      await ensureParticipant(ctx, tx, project, organization, ParticipantStatus.ACTIVE);
      const commitment = tx.create(Commitment, {
        project,
        requirement,
        organization,
        resource: resource ?? undefined,
        quantity: input.quantity,
        unit: input.unit,
        note: input.note,
      });
      recordActivity(tx, ctx.viewer, {
        type: 'commitment.pledged',
        subjectType: 'Commitment',
        subjectId: commitment.id,
        regionPath: project.region.path,
        project,
        actorOrganization: organization,
        changes: {
          quantity: { before: null, after: input.quantity },
          status: { before: null, after: CommitmentStatus.PLEDGED },
        },
      });
      await tx.flush();
      return commitment.id;
    });
  });
  const commitment = await ctx.em.findOneOrFail(Commitment, { id }, { populate: ['resource'] });
  // The guarded UPDATE bypassed the identity map; show the resource as it now is.
  if (commitment.resource) await ctx.em.refresh(commitment.resource);
  return commitment;
}

type Transition = 'confirm' | 'deliver' | 'withdraw';

const TRANSITIONS: Record<Transition, { from: CommitmentStatus[]; to: CommitmentStatus; type: string }> = {
  confirm: { from: [CommitmentStatus.PLEDGED], to: CommitmentStatus.CONFIRMED, type: 'commitment.confirmed' },
  deliver: {
    from: [CommitmentStatus.PLEDGED, CommitmentStatus.CONFIRMED],
    to: CommitmentStatus.DELIVERED,
    type: 'commitment.delivered',
  },
  withdraw: {
    from: [CommitmentStatus.PLEDGED, CommitmentStatus.CONFIRMED],
    to: CommitmentStatus.WITHDRAWN,
    type: 'commitment.withdrawn',
  },
};

/**
 * Moves a commitment along PLEDGED › CONFIRMED › DELIVERED, or to WITHDRAWN (which gives its
 * quantity back to the resource). The commitment row is locked, so a double withdraw cannot
 * release twice.
 */
export async function moveCommitment(ctx: Context, globalId: string, transition: Transition): Promise<Commitment> {
  const moved = await ctx.em.transactional(async (tx) => {
    const commitment = await findForInput(tx, Commitment, globalId, ['input', 'commitmentId'], {
      populate: ['organization.region'],
      lock: 'update',
    });
    const project = await lockedProject(tx, commitment.project.id, 'share');
    const byCommitter = actsFor(ctx.viewer, commitment.organization, 'write:commitments');
    const byLead = actsForOrGoverns(ctx.viewer, project.leadCommittee);
    const allowed = transition === 'confirm' ? byLead : transition === 'deliver' ? byCommitter || byLead : byCommitter;
    assertAllowed(allowed, 'You may not change this commitment.');
    const { from, to, type } = TRANSITIONS[transition];
    if (!from.includes(commitment.status)) {
      throw new DomainError(
        UserErrorCode.INVALID_TRANSITION,
        `A ${commitment.status} commitment cannot become ${to}.`,
        ['input', 'commitmentId'],
      );
    }
    if (to !== CommitmentStatus.WITHDRAWN) assertOpen(project, ['input', 'commitmentId']);
    const before = commitment.status;
    commitment.status = to;
    if (to === CommitmentStatus.WITHDRAWN && commitment.resource) {
      await releaseToResource(tx, commitment.resource.id, commitment.quantity);
    }
    recordActivity(tx, ctx.viewer, {
      type,
      subjectType: 'Commitment',
      subjectId: commitment.id,
      regionPath: project.region.path,
      project,
      actorOrganization: byCommitter ? commitment.organization : project.leadCommittee,
      changes: { status: { before, after: to } },
    });
    return commitment;
  });
  // A release bypassed the identity map; show the resource as it now is.
  if (moved.resource && transition === 'withdraw') await ctx.em.refresh(moved.resource);
  return moved;
}
