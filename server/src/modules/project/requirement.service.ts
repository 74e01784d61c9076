import type { EntityManager } from '@mikro-orm/postgresql';
import { assertLeads, assertOpen, lockedProject, projectForInput } from './project-write.service.js';
import { decodeGlobalId } from '../../graphql/relay/global-id.js';
import { diff, recordActivity } from '../activity/activity.service.js';
import type { Viewer } from '../auth/viewer.js';
import { DomainError, UserErrorCode } from '../common/domain-error.js';
import { findForInput, findLocked } from '../common/find-for-input.js';
import { assertUnitFitsKind } from '../common/units.js';
import { once } from '../idempotency/idempotency.js';
import { Requirement } from './requirement.entity.js';
import type { AddRequirementInput, UpdateRequirementInput } from './requirement.inputs.js';
import { inWriteTransaction } from '../auth/write-transaction.js';

export async function addRequirement(
  viewer: Viewer,
  em: EntityManager,
  input: AddRequirementInput,
): Promise<Requirement> {
  const id = await inWriteTransaction(viewer, em, async (tx, viewer) => {
    const project = await projectForInput(tx, input.projectId);
    assertLeads(viewer, project);
    return once(tx, project.leadCommittee, 'addRequirement', input.idempotencyKey, input, async () => {
      assertOpen(project);
      assertUnitFitsKind(input.kind, input.unit, ['input', 'unit']);
      const requirement = tx.create(Requirement, {
        project,
        kind: input.kind,
        unit: input.unit,
        quantity: input.quantity,
        titleZh: input.titleZh.trim(),
        titleEn: input.titleEn.trim(),
      });
      recordActivity(tx, viewer, {
        type: 'requirement.added',
        subjectType: 'Requirement',
        subjectId: requirement.id,
        regionPath: project.region.path,
        project,
        actorOrganization: project.leadCommittee,
        changes: { quantity: { before: null, after: input.quantity }, unit: { before: null, after: input.unit } },
      });
      await tx.flush();
      return requirement.id;
    });
  });
  return em.findOneOrFail(Requirement, { id });
}

export async function updateRequirement(
  viewer: Viewer,
  em: EntityManager,
  input: UpdateRequirementInput,
): Promise<Requirement> {
  return inWriteTransaction(viewer, em, async (tx, viewer) => {
    const { project: ref } = await findForInput(tx, Requirement, input.requirementId, ['input', 'requirementId']);
    // Project before requirement, the order every commitment change locks them in.
    const project = await lockedProject(tx, ref.id, 'share');
    const requirement = (await findLocked(tx, Requirement, decodeGlobalId(input.requirementId, 'Requirement'), {
      lock: 'update',
    }))!;
    assertLeads(viewer, project);
    assertOpen(project, ['input', 'requirementId']);
    const before = { quantity: requirement.quantity, titleZh: requirement.titleZh, titleEn: requirement.titleEn };
    if (input.quantity != null && input.quantity < requirement.committed) {
      throw new DomainError(
        UserErrorCode.QUANTITY_BELOW_COMMITTED,
        'The quantity may not drop below what is already committed.',
        ['input', 'quantity'],
      );
    }
    if (input.quantity != null) requirement.quantity = input.quantity;
    if (input.titleZh != null) requirement.titleZh = input.titleZh;
    if (input.titleEn != null) requirement.titleEn = input.titleEn;
    recordActivity(tx, viewer, {
      type: 'requirement.updated',
      subjectType: 'Requirement',
      subjectId: requirement.id,
      regionPath: project.region.path,
      project,
      actorOrganization: project.leadCommittee,
      changes: diff(before, {
        quantity: requirement.quantity,
        titleZh: requirement.titleZh,
        titleEn: requirement.titleEn,
      }),
    });
    return requirement;
  });
}
