import type { Viewer } from '../auth/viewer.js';
import type { EntityManager } from '@mikro-orm/postgresql';
import { recordActivity } from '../activity/activity.service.js';
import { actsFor, assertAllowed } from '../auth/policy.js';
import { inWriteTransaction } from '../auth/write-transaction.js';
import { findForInput } from '../common/find-for-input.js';
import { once } from '../idempotency/idempotency.js';
import { organizationForInput } from '../organization/organization-access.js';
import { assertParticipates } from '../project/participant.service.js';
import { assertOpen } from '../project/project-write.service.js';
import { Project } from '../project/project.entity.js';
import { ProgressUpdate } from './progress-update.entity.js';
import type { PostProgressUpdateInput } from './progress-update.inputs.js';

/** A participating organization reports on the project; the report is an event of its activity. */
export async function postProgressUpdate(
  viewer: Viewer,
  em: EntityManager,
  input: PostProgressUpdateInput,
): Promise<ProgressUpdate> {
  const id = await inWriteTransaction(viewer, em, async (tx, viewer) => {
    const organization = await organizationForInput(tx, input.organizationId, ['input', 'organizationId']);
    assertAllowed(
      actsFor(viewer, organization),
      "Only the organization's admins and representatives may report for it.",
    );
    const project = await findForInput(tx, Project, input.projectId, ['input', 'projectId'], {
      populate: ['region'],
      lock: 'share',
    });
    return once(tx, organization, 'postProgressUpdate', input.idempotencyKey, input, async () => {
      assertOpen(project);
      await assertParticipates(tx, project, organization, 'report progress');
      const update = tx.create(ProgressUpdate, {
        project,
        organization,
        author: viewer.user?.id ?? null,
        text: input.text,
        links: input.links ?? [],
      });
      recordActivity(tx, viewer, {
        type: 'progress.posted',
        subjectType: 'ProgressUpdate',
        subjectId: update.id,
        regionPath: project.region.path,
        project,
        actorOrganization: organization,
        changes: { text: { before: null, after: update.text }, links: { before: null, after: update.links } },
      });
      await tx.flush();
      return update.id;
    });
  });
  return em.findOneOrFail(ProgressUpdate, { id });
}
