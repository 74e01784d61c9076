import type { EntityManager } from '@mikro-orm/postgresql';
import { assertLeads, projectForInput } from './project-write.service.js';
import { recordActivity } from '../activity/activity.service.js';
import type { Viewer } from '../auth/viewer.js';
import { DomainError, UserErrorCode } from '../common/domain-error.js';
import { recomputeNeedStatuses } from '../need/need-status.js';
import { movesFor, NEXT_STATUSES } from './project-lifecycle.js';
import { assertAllowed } from '../auth/policy.js';
import { consultationBlockers } from '../consultation/consultation-summary.js';
import { ProjectNeed } from './project-need.entity.js';
import { Project, ProjectStatus } from './project.entity.js';
import type { ChangeProjectStatusInput } from './project.inputs.js';
import { inWriteTransaction } from '../auth/write-transaction.js';
import { releaseOpenCommitments } from '../commitment/commitment.service.js';

/**
 * A project completes only when it is done: every milestone at 100 % and no commitment left
 * PLEDGED or CONFIRMED (each delivered or withdrawn). Otherwise CANNOT_COMPLETE naming what
 * blocks it. The project's update lock is held: no commitment or milestone changes meanwhile.
 */
async function assertCompletable(tx: EntityManager, project: Project): Promise<void> {
  const milestones = await tx.execute<{ title_en: string; progress: number }[]>(
    `select title_en, progress from milestone where project_id = ? and progress < 100 order by id`,
    [project.id],
  );
  const [{ open }] = await tx.execute<{ open: number }[]>(
    `select count(*)::int as open from commitment where project_id = ? and status in ('PLEDGED', 'CONFIRMED')`,
    [project.id],
  );
  const blockers = [
    ...milestones.map((m) => `milestone "${m.title_en}" is at ${m.progress} %`),
    ...(open
      ? [`${open} commitment${open > 1 ? 's are' : ' is'} still pledged or confirmed (deliver or withdraw)`]
      : []),
  ];
  if (blockers.length) {
    throw new DomainError(UserErrorCode.CANNOT_COMPLETE, `The project cannot complete yet: ${blockers.join('; ')}.`, [
      'input',
      'status',
    ]);
  }
}

/**
 * A project is approved only when its consultation rule is met; otherwise
 * CONSULTATION_INCOMPLETE says what is missing. The project's update lock keeps positions and
 * the lead's replies (which share-lock it) from changing meanwhile.
 */
async function assertConsultationMet(tx: EntityManager, project: Project): Promise<void> {
  const blockers = await consultationBlockers(tx, project.id);
  if (blockers.length) {
    throw new DomainError(
      UserErrorCode.CONSULTATION_INCOMPLETE,
      `The consultation rule is not met: ${blockers.join('; ')}.`,
      ['input', 'status'],
    );
  }
}

/** Moves the project along its lifecycle; the needs it answers follow (MATCHED, RESOLVED). */
export async function changeProjectStatus(
  viewer: Viewer,
  em: EntityManager,
  input: ChangeProjectStatusInput,
): Promise<Project> {
  return inWriteTransaction(viewer, em, async (tx, viewer) => {
    const project = await projectForInput(tx, input.projectId);
    assertLeads(viewer, project);
    const allowed = movesFor(viewer, project.leadCommittee, project.status);
    if (!NEXT_STATUSES[project.status].includes(input.status)) {
      throw new DomainError(
        UserErrorCode.INVALID_TRANSITION,
        `A ${project.status} project cannot become ${input.status}; it may become ${allowed.join(' or ') || 'nothing else'}.`,
        ['input', 'status'],
      );
    }
    assertAllowed(
      allowed.includes(input.status),
      'A committee above the lead committee may only cancel the project; the lead committee runs it.',
    );
    if (input.status === ProjectStatus.APPROVED) await assertConsultationMet(tx, project);
    if (input.status === ProjectStatus.COMPLETED) await assertCompletable(tx, project);
    const before = project.status;
    project.status = input.status;
    // Cancelling gives back every open commitment (withdrawn, quantities returned).
    if (input.status === ProjectStatus.CANCELLED) {
      await releaseOpenCommitments(tx, viewer, {
        id: project.id,
        regionPath: project.region.path,
        leadCommittee: project.leadCommittee,
      });
    }
    recordActivity(tx, viewer, {
      type: 'project.status_changed',
      subjectType: 'Project',
      subjectId: project.id,
      regionPath: project.region.path,
      project,
      actorOrganization: project.leadCommittee,
      changes: { status: { before, after: input.status } },
    });
    await tx.flush();
    const links = await tx.find(ProjectNeed, { project });
    await recomputeNeedStatuses(
      tx,
      viewer,
      links.map((l) => l.need.id),
    );
    return project;
  });
}
