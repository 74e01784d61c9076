import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeGlobalId } from '../../graphql/relay/global-id.js';
import { recordActivity } from '../activity/activity.service.js';
import { actsFor, actsForOrGoverns, assertAllowed, forbidden, type OrganizationRef } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import { DomainError, UserErrorCode } from '../common/domain-error.js';
import { once } from '../idempotency/idempotency.js';
import { uuidv7 } from '../common/uuid.js';
import { OrganizationKind } from '../organization/organization.entity.js';
import { ParticipantStatus } from '../project/participant.entity.js';
import { isClosed } from '../project/project-lifecycle.js';
import { assertMayJoin, ensureParticipant } from '../project/participant.service.js';
import { ProjectStatus } from '../project/project.entity.js';
import { ResourceStatus } from '../resource/resource.entity.js';
import { CommitmentStatus } from './commitment.entity.js';
import type { CommitResourceInput } from './commitment.inputs.js';
import { rightsInTransaction } from '../auth/authenticate.js';
import { pgArray } from '../common/pg-array.js';

/*
 * Row locks of commitment changes, always taken in this order so that no two transactions
 * wait on each other: project (share; a status change takes it exclusively) › requirement ›
 * commitment › resource. The requirement's `committed`/`delivered` and the resource's
 * `committed` counters change by guarded UPDATEs under those locks, in the transaction that
 * changes the commitment; CHECK constraints are the backstop.
 */

/** The project of a requirement or commitment, share-locked: commitments go on concurrently, but it cannot close under them. */
interface LockedProject {
  id: string;
  status: ProjectStatus;
  regionPath: string;
  leadCommittee: OrganizationRef;
}

/**
 * Share-locks the project of a requirement or commitment (first in the lock order) and reads
 * it with `columns` of that row; null when there is no such row.
 */
async function shareLockProjectOf(
  tx: EntityManager,
  table: 'requirement' | 'commitment',
  id: string,
  columns: string[],
): Promise<{ project: LockedProject; row: Record<string, unknown> } | null> {
  const [row] = await tx.execute<Record<string, unknown>[]>(
    `select p.id, p.status, pr.path as region_path, p.lead_committee_id, lr.path as lead_region_path,
       ${columns.map((c) => `x.${c}`).join(', ')}
     from ${table} x join project p on p.id = x.project_id join region pr on pr.id = p.region_id
       join organization l on l.id = p.lead_committee_id join region lr on lr.id = l.region_id
     where x.id = ? for share of p`,
    [id],
  );
  if (!row) return null;
  return {
    row,
    project: {
      id: String(row.id),
      status: row.status as ProjectStatus,
      regionPath: String(row.region_path),
      leadCommittee: {
        id: String(row.lead_committee_id),
        kind: OrganizationKind.COMMITTEE,
        region: { path: String(row.lead_region_path) },
      },
    },
  };
}

function assertOpen(project: LockedProject, field: string[]): void {
  if (isClosed(project.status)) {
    throw new DomainError(UserErrorCode.PROJECT_CLOSED, `The project is ${project.status.toLowerCase()}.`, field);
  }
}

/** The committing organization's id: a viewer who acts for it has shown it exists; anyone else gets NOT_FOUND or FORBIDDEN. */
async function committingOrganization(tx: EntityManager, viewer: Viewer, globalId: string): Promise<string> {
  const id = decodeGlobalId(globalId, 'Organization', 'input.organizationId');
  if (actsFor(viewer, { id }, 'write:commitments')) return id;
  const [exists] = await tx.execute(`select 1 from organization where id = ?`, [id]);
  if (!exists) throw new DomainError(UserErrorCode.NOT_FOUND, 'No such organization.', ['input', 'organizationId']);
  throw forbidden('Only the organization may commit its resources.');
}

/**
 * Commits a quantity to a requirement, drawn from one of the organization's resources or not.
 * The least work that keeps the invariants: one guarded UPDATE per counter (requirement, then
 * resource; refusals are explained only after), one insert of the commitment and one of its
 * activity row. Returns its id.
 */
export async function commitResource(viewer: Viewer, em: EntityManager, input: CommitResourceInput): Promise<string> {
  return em.transactional(async (tx) => {
    viewer = await rightsInTransaction(tx, viewer);
    const organizationId = await committingOrganization(tx, viewer, input.organizationId);
    // The key is looked up before any state check: a retry gets the first result even if the
    // project closed or the resource ran out since.
    return once(tx, { id: organizationId }, 'commitResource', input.idempotencyKey, input, async () => {
      const requirementId = decodeGlobalId(input.requirementId, 'Requirement', 'input.requirementId');
      const locked = await shareLockProjectOf(tx, 'requirement', requirementId, ['kind', 'unit']);
      if (!locked) throw new DomainError(UserErrorCode.NOT_FOUND, 'No such requirement.', ['input', 'requirementId']);
      const { project, row: target } = locked;
      assertOpen(project, ['input', 'requirementId']);
      await assertMayJoin(tx, project, organizationId, ['input', 'organizationId']);
      if (input.unit !== target.unit) {
        throw new DomainError(UserErrorCode.UNIT_MISMATCH, `The requirement is counted in ${String(target.unit)}.`, [
          'input',
          'unit',
        ]);
      }
      const resourceId = input.resourceId ? decodeGlobalId(input.resourceId, 'Resource', 'input.resourceId') : null;
      // The requirement's row lock serializes commitments to it; PostgreSQL re-checks the
      // guard on the latest row version, so together they never exceed its quantity.
      const drawn = await tx.execute(
        `update requirement set committed = committed + ?, updated_at = now()
         where id = ? and committed + ? <= quantity returning id`,
        [input.quantity, requirementId, input.quantity],
      );
      if (drawn.length === 0) {
        const [{ open }] = await tx.execute<{ open: number }[]>(
          `select quantity - committed as open from requirement where id = ?`,
          [requirementId],
        );
        throw new DomainError(
          UserErrorCode.EXCEEDS_REQUIREMENT,
          open > 0 ? `The requirement needs only ${open} ${input.unit} more.` : 'The requirement is already filled.',
          ['input', 'quantity'],
        );
      }
      if (resourceId && !(await drawFromResource(tx, resourceId, organizationId, target, input.quantity))) {
        await explainRefusedDraw(tx, resourceId, organizationId, target);
      }
      await ensureParticipant(tx, viewer, project, organizationId, ParticipantStatus.ACTIVE);
      const id = uuidv7();
      await tx.execute(
        `insert into commitment (id, project_id, requirement_id, organization_id, resource_id, quantity, unit, status, note)
         values (?, ?, ?, ?, ?, ?, ?, 'PLEDGED', ?)`,
        [id, project.id, requirementId, organizationId, resourceId, input.quantity, input.unit, input.note ?? null],
      );
      recordActivity(tx, viewer, {
        type: 'commitment.pledged',
        subjectType: 'Commitment',
        subjectId: id,
        regionPath: project.regionPath,
        project,
        actorOrganization: { id: organizationId },
        changes: {
          quantity: { before: null, after: input.quantity },
          status: { before: null, after: CommitmentStatus.PLEDGED },
        },
      });
      await tx.flush();
      return id;
    });
  });
}

/**
 * Draws `quantity` from the organization's resource with one guarded UPDATE that also checks
 * ownership, kind, unit, status and availability: the row lock it takes serializes concurrent commitments,
 * and PostgreSQL re-checks `committed + q <= capacity` on the latest row version, so the sum
 * never exceeds the capacity (the CHECK constraint is the backstop).
 */
async function drawFromResource(
  tx: EntityManager,
  resourceId: string,
  organizationId: string,
  requirement: Record<string, unknown>,
  quantity: number,
): Promise<boolean> {
  const rows = await tx.execute(
    `update resource set committed = committed + ?, updated_at = now()
     where id = ? and owner_id = ? and kind = ? and unit = ? and status = 'ACTIVE' and committed + ? <= capacity
       and (available_until is null or available_until >= current_date)
     returning id`,
    [quantity, resourceId, organizationId, requirement.kind, requirement.unit, quantity],
  );
  return rows.length === 1;
}

/** Why a draw was refused (read only then, so a commitment that goes through pays nothing for it). */
async function explainRefusedDraw(
  tx: EntityManager,
  resourceId: string,
  organizationId: string,
  requirement: Record<string, unknown>,
): Promise<never> {
  const field = ['input', 'resourceId'];
  const [resource] = await tx.execute<
    { owner_id: string; kind: string; unit: string; status: string; expired: boolean; available_until: string }[]
  >(
    `select owner_id, kind, unit, status, available_until::text, available_until < current_date as expired
     from resource where id = ?`,
    [resourceId],
  );
  if (!resource) throw new DomainError(UserErrorCode.NOT_FOUND, 'No such resource.', field);
  if (resource.owner_id !== organizationId) {
    throw new DomainError(UserErrorCode.NOT_OWN_RESOURCE, 'Commit only your organization’s own resources.', field);
  }
  if (resource.kind !== requirement.kind || resource.unit !== requirement.unit) {
    throw new DomainError(
      UserErrorCode.RESOURCE_MISMATCH,
      `The requirement needs ${String(requirement.kind)} in ${String(requirement.unit)}; the resource is ${resource.kind} in ${resource.unit}.`,
      field,
    );
  }
  if (resource.status === ResourceStatus.RETIRED) {
    throw new DomainError(UserErrorCode.RESOURCE_RETIRED, 'The resource is retired.', field);
  }
  if (resource.expired) {
    throw new DomainError(
      UserErrorCode.RESOURCE_EXPIRED,
      `The resource was available until ${resource.available_until}.`,
      field,
    );
  }
  throw new DomainError(
    UserErrorCode.INSUFFICIENT_CAPACITY,
    'The resource does not have that much remaining capacity.',
    ['input', 'quantity'],
  );
}

type Transition = 'confirm' | 'deliver' | 'withdraw';

const TRANSITIONS: Record<Transition, { from: CommitmentStatus[]; to: CommitmentStatus; type: string }> = {
  confirm: { from: [CommitmentStatus.PLEDGED], to: CommitmentStatus.CONFIRMED, type: 'commitment.confirmed' },
  deliver: { from: [CommitmentStatus.CONFIRMED], to: CommitmentStatus.DELIVERED, type: 'commitment.delivered' },
  withdraw: {
    from: [CommitmentStatus.PLEDGED, CommitmentStatus.CONFIRMED],
    to: CommitmentStatus.WITHDRAWN,
    type: 'commitment.withdrawn',
  },
};

interface CommitmentRow {
  id: string;
  requirement_id: string;
  organization_id: string;
  organization_kind: OrganizationKind;
  organization_region_path: string;
  resource_id: string | null;
  quantity: number;
  status: CommitmentStatus;
}

/**
 * Moves a commitment along PLEDGED › CONFIRMED › DELIVERED, or to WITHDRAWN (which gives its
 * quantity back to the requirement and the resource). Locks in the fixed order, so a double
 * withdraw cannot release twice and counters always equal the sums they stand for.
 */
export async function moveCommitment(
  viewer: Viewer,
  em: EntityManager,
  globalId: string,
  transition: Transition,
): Promise<string> {
  const id = decodeGlobalId(globalId, 'Commitment', 'input.commitmentId');
  return em.transactional(async (tx) => {
    viewer = await rightsInTransaction(tx, viewer);
    const locked = await shareLockProjectOf(tx, 'commitment', id, ['requirement_id']);
    if (!locked) throw new DomainError(UserErrorCode.NOT_FOUND, 'No such commitment.', ['input', 'commitmentId']);
    const { project, row: target } = locked;
    const { to } = TRANSITIONS[transition];
    if (to !== CommitmentStatus.CONFIRMED) {
      await tx.execute(`select 1 from requirement where id = ? for update`, [target.requirement_id]);
    }
    const [commitment] = await tx.execute<CommitmentRow[]>(
      `select c.id, c.requirement_id, c.organization_id, o.kind as organization_kind, r.path as organization_region_path,
         c.resource_id, c.quantity, c.status
       from commitment c join organization o on o.id = c.organization_id join region r on r.id = o.region_id
       where c.id = ? for update of c`,
      [id],
    );
    const committer: OrganizationRef = {
      id: commitment.organization_id,
      kind: commitment.organization_kind,
      region: { path: commitment.organization_region_path },
    };
    const byCommitter = actsFor(viewer, committer, 'write:commitments');
    const byLead = actsForOrGoverns(viewer, project.leadCommittee);
    const allowed = transition === 'confirm' ? byLead : transition === 'deliver' ? byCommitter || byLead : byCommitter;
    assertAllowed(allowed, 'You may not change this commitment.');
    const { from, type } = TRANSITIONS[transition];
    if (!from.includes(commitment.status)) {
      const hint =
        transition === 'deliver' && commitment.status === CommitmentStatus.PLEDGED
          ? ' until the lead committee confirms it'
          : '';
      throw new DomainError(
        UserErrorCode.INVALID_TRANSITION,
        `A ${commitment.status} commitment cannot become ${to}${hint}.`,
        ['input', 'commitmentId'],
      );
    }
    if (to !== CommitmentStatus.WITHDRAWN) assertOpen(project, ['input', 'commitmentId']);
    if (to === CommitmentStatus.DELIVERED && project.status !== ProjectStatus.IN_PROGRESS) {
      throw new DomainError(
        UserErrorCode.PROJECT_NOT_IN_PROGRESS,
        `Nothing is delivered before the project is in progress; it is ${project.status}.`,
        ['input', 'commitmentId'],
      );
    }
    await tx.execute(`update commitment set status = ?, updated_at = now() where id = ?`, [to, id]);
    if (to === CommitmentStatus.DELIVERED) {
      await tx.execute(`update requirement set delivered = delivered + ?, updated_at = now() where id = ?`, [
        commitment.quantity,
        commitment.requirement_id,
      ]);
    }
    if (to === CommitmentStatus.WITHDRAWN) {
      await tx.execute(`update requirement set committed = committed - ?, updated_at = now() where id = ?`, [
        commitment.quantity,
        commitment.requirement_id,
      ]);
      if (commitment.resource_id) {
        await tx.execute(`update resource set committed = committed - ?, updated_at = now() where id = ?`, [
          commitment.quantity,
          commitment.resource_id,
        ]);
      }
    }
    recordActivity(tx, viewer, {
      type,
      subjectType: 'Commitment',
      subjectId: id,
      regionPath: project.regionPath,
      project,
      actorOrganization: byCommitter ? committer : project.leadCommittee,
      changes: { status: { before: commitment.status, after: to } },
    });
    await tx.flush();
    return id;
  });
}

/**
 * A cancelled project gives back what was pledged to it: every PLEDGED or CONFIRMED commitment
 * becomes WITHDRAWN and its quantity returns to its requirement and its resource, each with
 * its activity row, in the caller's transaction (which holds the project's update lock).
 * Locks in the fixed order: requirements › commitments › resources, each in id order.
 */
export async function releaseOpenCommitments(
  tx: EntityManager,
  viewer: Viewer,
  project: { id: string; regionPath: string; leadCommittee: { id: string } },
): Promise<number> {
  await tx.execute(`select id from requirement where project_id = ? order by id for update`, [project.id]);
  const open = await tx.execute<
    { id: string; requirement_id: string; resource_id: string | null; quantity: number; status: string }[]
  >(
    `select id, requirement_id, resource_id, quantity, status from commitment
     where project_id = ? and status in ('PLEDGED', 'CONFIRMED') order by id for update`,
    [project.id],
  );
  if (open.length === 0) return 0;
  const resources = [...new Set(open.map((c) => c.resource_id).filter((id): id is string => id !== null))].sort();
  if (resources.length) {
    await tx.execute(`select id from resource where id = any(?::uuid[]) order by id for update`, [pgArray(resources)]);
  }
  await tx.execute(`update commitment set status = 'WITHDRAWN', updated_at = now() where id = any(?::uuid[])`, [
    pgArray(open.map((c) => c.id)),
  ]);
  const sums = (key: 'requirement_id' | 'resource_id') => {
    const totals = new Map<string, number>();
    for (const c of open) if (c[key]) totals.set(c[key]!, (totals.get(c[key]!) ?? 0) + c.quantity);
    return totals;
  };
  for (const [table, totals] of [
    ['requirement', sums('requirement_id')],
    ['resource', sums('resource_id')],
  ] as const) {
    for (const [id, quantity] of totals) {
      await tx.execute(`update ${table} set committed = committed - ?, updated_at = now() where id = ?`, [
        quantity,
        id,
      ]);
    }
  }
  for (const c of open) {
    recordActivity(tx, viewer, {
      type: 'commitment.withdrawn',
      subjectType: 'Commitment',
      subjectId: c.id,
      regionPath: project.regionPath,
      project,
      actorOrganization: project.leadCommittee,
      changes: {
        status: { before: c.status, after: CommitmentStatus.WITHDRAWN },
        reason: { before: null, after: 'project cancelled' },
      },
    });
  }
  return open.length;
}
