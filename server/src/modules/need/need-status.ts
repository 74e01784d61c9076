import type { EntityManager } from '@mikro-orm/postgresql';
import type { Viewer } from '../auth/viewer.js';
import { recordActivity } from '../activity/activity.service.js';
import { pgArray } from '../common/pg-array.js';

/**
 * Derives the status of needs from the projects that answer them: RESOLVED once one of them
 * is COMPLETED, MATCHED while one is IN_PROGRESS, else OPEN. Writes an activity row for each
 * need whose status changes, in the caller's transaction, after its own project changes.
 *
 * Race-free: the needs are locked (in id order) before their status is derived, by a statement
 * of its own. Two transactions that move projects answering one need derive it one after the
 * other, and the second sees the first's project committed: the need ends in the status the
 * projects' final states imply (without the lock, each derived it from a snapshot missing the
 * other's change, and the last writer could leave a need OPEN beside a project IN_PROGRESS).
 */
export async function recomputeNeedStatuses(tx: EntityManager, viewer: Viewer, needIds: string[]): Promise<void> {
  if (needIds.length === 0) return;
  await tx.execute(`select id from need where id = any(?::uuid[]) order by id for update`, [pgArray(needIds)]);
  const changed = await tx.execute<{ id: string; before: string; after: string; path: string }[]>(
    `with derived as (
       select n.id, n.status as before, case
         when exists (select 1 from project_need pn join project p on p.id = pn.project_id where pn.need_id = n.id and p.status = 'COMPLETED') then 'RESOLVED'
         when exists (select 1 from project_need pn join project p on p.id = pn.project_id where pn.need_id = n.id and p.status = 'IN_PROGRESS') then 'MATCHED'
         else 'OPEN' end as after
       from need n where n.id = any(?::uuid[])
     )
     update need n set status = d.after, updated_at = now() from derived d, region r
     where n.id = d.id and d.before <> d.after and r.id = n.region_id
     returning n.id, d.before, d.after, r.path`,
    [pgArray(needIds)],
  );
  for (const row of changed) {
    recordActivity(tx, viewer, {
      type: 'need.status_changed',
      subjectType: 'Need',
      subjectId: row.id,
      regionPath: row.path,
      changes: { status: { before: row.before, after: row.after } },
    });
  }
}
