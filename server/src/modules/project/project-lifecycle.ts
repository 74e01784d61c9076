import { ProjectStatus } from './project.entity.js';

/** The statuses a project may move to from each status (the lead committee moves it). */
export const NEXT_STATUSES: Record<ProjectStatus, ProjectStatus[]> = {
  PROPOSED: [ProjectStatus.CONSULTING, ProjectStatus.CANCELLED],
  CONSULTING: [ProjectStatus.APPROVED, ProjectStatus.PROPOSED, ProjectStatus.CANCELLED],
  APPROVED: [ProjectStatus.IN_PROGRESS, ProjectStatus.CANCELLED],
  IN_PROGRESS: [ProjectStatus.COMPLETED, ProjectStatus.CANCELLED],
  COMPLETED: [],
  CANCELLED: [],
};

/** No more commitments, requirements or participants once a project is over. */
export function isClosed(status: ProjectStatus): boolean {
  return status === ProjectStatus.COMPLETED || status === ProjectStatus.CANCELLED;
}
