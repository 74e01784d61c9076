import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { Activity } from './activity.entity.js';

export type Changes = Record<string, { before: unknown; after: unknown }>;

/** `{ field: { before, after } }` for the fields whose values differ. */
export function diff(before: Record<string, unknown>, after: Record<string, unknown>): Changes {
  const changes: Changes = {};
  for (const key of Object.keys(after)) {
    if (JSON.stringify(before[key]) !== JSON.stringify(after[key]))
      changes[key] = { before: before[key] ?? null, after: after[key] ?? null };
  }
  return changes;
}

export interface ActivityInput {
  type: string;
  subjectType: string;
  subjectId: string;
  regionPath: string;
  project?: { id: string };
  /** The organization on whose behalf the viewer acted. */
  actorOrganization?: { id: string } | null;
  /** Defaults to the signed-in viewer. */
  actorUser?: { id: string };
  changes?: Changes;
}

/**
 * Adds an Activity row to the unit of work: it is flushed in the same transaction as the
 * change it describes, so nothing is announced that did not commit.
 */
export function recordActivity(em: EntityManager, viewer: Viewer, input: ActivityInput): Activity {
  return em.create(Activity, {
    type: input.type,
    subjectType: input.subjectType,
    subjectId: input.subjectId,
    regionPath: input.regionPath,
    project: input.project?.id,
    actorOrganization: input.actorOrganization?.id ?? viewer.token?.organization.id,
    actorUser: input.actorUser?.id ?? viewer.user?.id,
    actorTokenId: viewer.token?.id,
    changes: input.changes ?? {},
  });
}
