import type { Viewer } from '../auth/viewer.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeGlobalId } from '../../graphql/relay/global-id.js';
import { diff, recordActivity } from '../activity/activity.service.js';
import { actsFor, actsForOrGoverns, assertAllowed } from '../auth/policy.js';
import { inWriteTransaction } from '../auth/write-transaction.js';
import { DomainError, DomainErrors, UserErrorCode } from '../common/domain-error.js';
import { CodedError } from '../../graphql/errors.js';
import { pgArray } from '../common/pg-array.js';
import { findLocked } from '../common/find-for-input.js';
import { once } from '../idempotency/idempotency.js';
import { Participant, ParticipantStatus } from '../project/participant.entity.js';
import { assertOpen, lockedProject, projectForInput } from '../project/project-write.service.js';
import { Project } from '../project/project.entity.js';
import { Milestone } from './milestone.entity.js';
import type { AddMilestoneInput, RemoveMilestoneInput, UpdateMilestoneInput } from './milestone.inputs.js';

/** Today as YYYY-MM-DD (UTC), the day dates are compared with. */
export function today(): string {
  return new Date().toISOString().slice(0, 10);
}

/** An organization named as a milestone's owner: it must take part in the project. */
async function ownerForInput(
  tx: EntityManager,
  project: Project,
  globalId: string,
): Promise<Participant['organization']> {
  const id = decodeGlobalId(globalId, 'Organization', 'input.ownerOrganizationId');
  const participant = await tx.findOne(
    Participant,
    { project: project.id, organization: id, status: ParticipantStatus.ACTIVE },
    { populate: ['organization'] },
  );
  if (!participant) {
    throw new DomainError(UserErrorCode.NOT_A_PARTICIPANT, 'The owner must be an active participant of the project.', [
      'input',
      'ownerOrganizationId',
    ]);
  }
  return participant.organization;
}

/** What a milestone's activity records of it. */
function shown(m: Milestone): Record<string, unknown> {
  return {
    titleZh: m.titleZh,
    titleEn: m.titleEn,
    dueOn: m.dueOn ?? null,
    weight: m.weight,
    progress: m.progress,
    note: m.note ?? null,
    ownerOrganizationId: m.ownerOrganization?.id ?? null,
  };
}

/** Plans a step of the project: the lead committee (or an admin of a committee above it). */
export async function addMilestone(viewer: Viewer, em: EntityManager, input: AddMilestoneInput): Promise<Milestone> {
  const id = await inWriteTransaction(viewer, em, async (tx, viewer) => {
    const project = await projectForInput(tx, input.projectId);
    assertAllowed(actsForOrGoverns(viewer, project.leadCommittee), 'Only the lead committee may plan milestones.');
    return once(tx, project.leadCommittee, 'addMilestone', input.idempotencyKey, input, async () => {
      assertOpen(project);
      if (input.dueOn != null && input.dueOn < today()) {
        throw new DomainError(UserErrorCode.INVALID_DATES, 'A new milestone is due today or later.', [
          'input',
          'dueOn',
        ]);
      }
      const milestone = tx.create(Milestone, {
        project,
        titleZh: input.titleZh,
        titleEn: input.titleEn,
        dueOn: input.dueOn,
        weight: input.weight ?? 1,
        progress: 0,
        note: input.note ?? null,
        ownerOrganization: input.ownerOrganizationId
          ? await ownerForInput(tx, project, input.ownerOrganizationId)
          : null,
      });
      recordActivity(tx, viewer, {
        type: 'milestone.added',
        subjectType: 'Milestone',
        subjectId: milestone.id,
        regionPath: project.region.path,
        project,
        actorOrganization: project.leadCommittee,
        changes: diff({}, shown(milestone)),
      });
      await tx.flush();
      return milestone.id;
    });
  });
  return em.findOneOrFail(Milestone, { id });
}

/** The milestone an input names and its project, locked in the order project › milestone. */
async function lockedMilestone(
  tx: EntityManager,
  globalId: string,
): Promise<{ milestone: Milestone; project: Project }> {
  const id = decodeGlobalId(globalId, 'Milestone', 'input.milestoneId');
  const [row] = await tx.execute<{ project_id: string }[]>(`select project_id from milestone where id = ?`, [id]);
  if (!row) throw new DomainError(UserErrorCode.NOT_FOUND, 'No such milestone.', ['input', 'milestoneId']);
  // An update lock: the project's progress row is rewritten by the milestone trigger.
  const project = await lockedProject(tx, row.project_id);
  const milestone = await findLocked(tx, Milestone, id, { populate: ['ownerOrganization'], lock: 'update' });
  if (!milestone) throw new DomainError(UserErrorCode.NOT_FOUND, 'No such milestone.', ['input', 'milestoneId']);
  return { milestone, project };
}

/**
 * Refuses (FORBIDDEN, PROJECT_CLOSED) an update the viewer may not make: the lead committee
 * changes any field, the milestone's owner organization only its progress and note, and
 * nothing of a closed project. Returns whether the viewer acts as the lead.
 */
function assertMayChange(
  viewer: Viewer,
  { milestone, project }: { milestone: Milestone; project: Project },
  input: Omit<UpdateMilestoneInput, 'milestoneId'>,
  field: string[],
): boolean {
  const leads = actsForOrGoverns(viewer, project.leadCommittee);
  const owns = milestone.ownerOrganization != null && actsFor(viewer, milestone.ownerOrganization);
  assertAllowed(leads || owns, 'Only the lead committee or the milestone’s owner may change it.');
  const planning = (['titleZh', 'titleEn', 'dueOn', 'weight'] as const).filter((k) => input[k] != null);
  assertAllowed(
    leads || planning.length === 0,
    `Only the lead committee may change ${planning.join(', ')}; the owner reports progress and a note.`,
  );
  assertOpen(project, field);
  return leads;
}

/**
 * Applies an update to a locked milestone of a locked project, with its activity row: the lead
 * committee any field; its owner organization only its progress and note. The rules of both
 * updateMilestone and updateMilestones; throws (FORBIDDEN, a DomainError) before changing
 * anything. The project's progress follows when flushed (a trigger keeps it).
 */
function changeMilestone(
  tx: EntityManager,
  viewer: Viewer,
  { milestone, project }: { milestone: Milestone; project: Project },
  input: Omit<UpdateMilestoneInput, 'milestoneId'>,
  field: string[],
): void {
  const leads = assertMayChange(viewer, { milestone, project }, input, field);
  const before = shown(milestone);
  if (input.titleZh != null) milestone.titleZh = input.titleZh;
  if (input.titleEn != null) milestone.titleEn = input.titleEn;
  if (input.dueOn != null) milestone.dueOn = input.dueOn;
  if (input.weight != null) milestone.weight = input.weight;
  if (input.progress != null) milestone.progress = input.progress;
  if (input.note != null) milestone.note = input.note;
  recordActivity(tx, viewer, {
    type: 'milestone.updated',
    subjectType: 'Milestone',
    subjectId: milestone.id,
    regionPath: project.region.path,
    project,
    actorOrganization: leads ? project.leadCommittee : milestone.ownerOrganization!,
    changes: diff(before, shown(milestone)),
  });
}

/** Changes a milestone (see changeMilestone). */
export async function updateMilestone(
  viewer: Viewer,
  em: EntityManager,
  input: UpdateMilestoneInput,
): Promise<Milestone> {
  return inWriteTransaction(viewer, em, async (tx, viewer) => {
    const locked = await lockedMilestone(tx, input.milestoneId);
    changeMilestone(tx, viewer, locked, input, ['input', 'milestoneId']);
    return locked.milestone;
  });
}

/** One change of many: a milestone's database id and the update. */
export interface MilestoneChange {
  milestoneId: string;
  update: Omit<UpdateMilestoneInput, 'milestoneId'>;
}

/** Whether an update would leave the milestone as it is. */
function changesNothing(milestone: Milestone, update: MilestoneChange['update']): boolean {
  return (Object.keys(update) as (keyof typeof update)[]).every(
    (k) => update[k] == null || (milestone[k] ?? null) === update[k],
  );
}

/**
 * Changes many milestones at once by the rules of updateMilestone, all or none. First, without
 * locks, every change is checked: a change that would leave its milestone as it is needs no
 * right and is skipped (a whole export can come back with a few rows edited), the others must
 * be allowed. Every refusal is turned into a DomainError by `describe` (an unknown milestone
 * is NOT_FOUND) and all are thrown together (DomainErrors) before any lock is taken. Then only
 * the changed milestones' projects and the milestones themselves are locked, in id order (two
 * statements), read again, checked again and changed in memory, and everything is written in
 * one flush, in statements of many rows (the progress and roll-up triggers run per statement).
 */
export async function updateMilestones(
  viewer: Viewer,
  em: EntityManager,
  changes: MilestoneChange[],
  describe: (change: MilestoneChange, error: DomainError | CodedError) => DomainError,
): Promise<{ updated: number; unchanged: number }> {
  return inWriteTransaction(viewer, em, async (tx, viewer) => {
    const load = async (ids: string[], lock: boolean) => {
      const projectIds = (
        await tx.execute<{ project_id: string }[]>(
          `select distinct project_id from milestone where id = any(?::uuid[]) order by project_id`,
          [pgArray(ids)],
        )
      ).map((r) => r.project_id);
      if (lock) {
        await tx.execute(`select 1 from project where id = any(?::uuid[]) order by id for update`, [
          pgArray(projectIds),
        ]);
        await tx.execute(`select 1 from milestone where id = any(?::uuid[]) order by id for update`, [pgArray(ids)]);
      }
      const refresh = lock;
      const projects = await tx.find(
        Project,
        { id: { $in: projectIds } },
        { populate: ['leadCommittee.region', 'region'], refresh },
      );
      const milestones = await tx.find(Milestone, { id: { $in: ids } }, { populate: ['ownerOrganization'], refresh });
      const byProject = new Map(projects.map((p) => [p.id, p]));
      return new Map(milestones.map((m) => [m.id, { milestone: m, project: byProject.get(m.project.id)! }]));
    };
    /** Runs `step` for each change, turning refusals into DomainErrors; throws them all at the end. */
    const each = (list: MilestoneChange[], step: (change: MilestoneChange) => void) => {
      const refusals: DomainError[] = [];
      for (const change of list) {
        try {
          step(change);
        } catch (error) {
          if (!(error instanceof DomainError || error instanceof CodedError)) throw error;
          refusals.push(describe(change, error));
        }
      }
      if (refusals.length) throw new DomainErrors(refusals);
    };
    const seen = await load([...new Set(changes.map((c) => c.milestoneId))].sort(), false);
    const changing: MilestoneChange[] = [];
    each(changes, (change) => {
      const found = seen.get(change.milestoneId);
      if (!found) throw new DomainError(UserErrorCode.NOT_FOUND, 'No such milestone.', ['milestoneId']);
      if (changesNothing(found.milestone, change.update)) return;
      assertMayChange(viewer, found, change.update, ['milestoneId']);
      changing.push(change);
    });
    if (changing.length === 0) return { updated: 0, unchanged: changes.length };
    const locked = await load([...new Set(changing.map((c) => c.milestoneId))].sort(), true);
    let updated = 0;
    each(changing, (change) => {
      const found = locked.get(change.milestoneId);
      if (!found) throw new DomainError(UserErrorCode.NOT_FOUND, 'No such milestone.', ['milestoneId']);
      if (changesNothing(found.milestone, change.update)) return;
      changeMilestone(tx, viewer, found, change.update, ['milestoneId']);
      updated++;
    });
    await tx.flush();
    return { updated, unchanged: changes.length - updated };
  });
}

/** Drops a milestone from the plan: the lead committee. */
export async function removeMilestone(viewer: Viewer, em: EntityManager, input: RemoveMilestoneInput): Promise<string> {
  return inWriteTransaction(viewer, em, async (tx, viewer) => {
    const { milestone, project } = await lockedMilestone(tx, input.milestoneId);
    assertAllowed(actsForOrGoverns(viewer, project.leadCommittee), 'Only the lead committee may remove milestones.');
    assertOpen(project, ['input', 'milestoneId']);
    recordActivity(tx, viewer, {
      type: 'milestone.removed',
      subjectType: 'Milestone',
      subjectId: milestone.id,
      regionPath: project.region.path,
      project,
      actorOrganization: project.leadCommittee,
      changes: Object.fromEntries(Object.entries(shown(milestone)).map(([k, v]) => [k, { before: v, after: null }])),
    });
    tx.remove(milestone);
    return milestone.id;
  });
}
