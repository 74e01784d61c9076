import { actsFor, actsForOrGoverns, type OrganizationRef } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import { ProjectStatus } from './project.entity.js';

/** The statuses a project may move to from each status. */
export const NEXT_STATUSES: Record<ProjectStatus, ProjectStatus[]> = {
  PROPOSED: [ProjectStatus.CONSULTING, ProjectStatus.CANCELLED],
  CONSULTING: [ProjectStatus.APPROVED, ProjectStatus.PROPOSED, ProjectStatus.CANCELLED],
  APPROVED: [ProjectStatus.IN_PROGRESS, ProjectStatus.CANCELLED],
  IN_PROGRESS: [ProjectStatus.COMPLETED, ProjectStatus.CANCELLED],
  COMPLETED: [],
  CANCELLED: [],
};

/**
 * Who may take an edge: the lead committee's ADMINs and REPRESENTATIVEs take every edge; an
 * ADMIN of a committee above it may only cancel (it oversees, it does not run the project).
 */
export function mayMoveTo(viewer: Viewer, leadCommittee: OrganizationRef, to: ProjectStatus): boolean {
  return to === ProjectStatus.CANCELLED ? actsForOrGoverns(viewer, leadCommittee) : actsFor(viewer, leadCommittee);
}

/** The moves this viewer may make from the project's status. */
export function movesFor(viewer: Viewer, leadCommittee: OrganizationRef, status: ProjectStatus): ProjectStatus[] {
  return NEXT_STATUSES[status].filter((to) => mayMoveTo(viewer, leadCommittee, to));
}

/** No more commitments, requirements or participants once a project is over. */
export function isClosed(status: ProjectStatus): boolean {
  return status === ProjectStatus.COMPLETED || status === ProjectStatus.CANCELLED;
}
