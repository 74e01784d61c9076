import type { Viewer } from '../auth/viewer.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeGlobalId } from '../../graphql/relay/global-id.js';
import { diff, recordActivity } from '../activity/activity.service.js';
import { actsFor, actsForOrGoverns, assertAllowed } from '../auth/policy.js';
import { inWriteTransaction } from '../auth/write-transaction.js';
import { DomainError, UserErrorCode } from '../common/domain-error.js';
import { findLocked } from '../common/find-for-input.js';
import { once } from '../idempotency/idempotency.js';
import { Participant, ParticipantStatus } from '../project/participant.entity.js';
import { assertOpen, lockedProject, projectForInput } from '../project/project-write.service.js';
import type { Project } from '../project/project.entity.js';
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
 * Changes a milestone: the lead committee any field; its owner organization only its progress
 * and note. The project's progress follows (a trigger keeps it).
 */
export async function updateMilestone(
  viewer: Viewer,
  em: EntityManager,
  input: UpdateMilestoneInput,
): Promise<Milestone> {
  return inWriteTransaction(viewer, em, async (tx, viewer) => {
    const { milestone, project } = await lockedMilestone(tx, input.milestoneId);
    const leads = actsForOrGoverns(viewer, project.leadCommittee);
    const owns = milestone.ownerOrganization != null && actsFor(viewer, milestone.ownerOrganization);
    assertAllowed(leads || owns, 'Only the lead committee or the milestone’s owner may change it.');
    const planning = (['titleZh', 'titleEn', 'dueOn', 'weight'] as const).filter((k) => input[k] != null);
    assertAllowed(
      leads || planning.length === 0,
      `Only the lead committee may change ${planning.join(', ')}; the owner reports progress and a note.`,
    );
    assertOpen(project, ['input', 'milestoneId']);
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
    return milestone;
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
