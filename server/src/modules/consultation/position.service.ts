import type { EntityManager } from '@mikro-orm/postgresql';
import { diff, recordActivity } from '../activity/activity.service.js';
import { actsFor, assertAllowed } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import { inWriteTransaction } from '../auth/write-transaction.js';
import { DomainError, UserErrorCode } from '../common/domain-error.js';
import { uuidv7 } from '../common/uuid.js';
import { once } from '../idempotency/idempotency.js';
import { organizationForInput } from '../organization/organization-access.js';
import { assertParticipates } from '../project/participant.service.js';
import { assertLeads, projectForInput } from '../project/project-write.service.js';
import { type Project, ProjectStatus } from '../project/project.entity.js';
import { sharedProjectForInput, writeComment } from './comment.service.js';
import type { Stance } from './consultation-rule.js';
import type { RecordPositionInput, SetConsultationRuleInput } from './consultation.inputs.js';

/** Positions are taken while the project is proposed or under consultation. */
function assertConsulting(project: Project): void {
  if (project.status !== ProjectStatus.PROPOSED && project.status !== ProjectStatus.CONSULTING) {
    throw new DomainError(
      UserErrorCode.CONSULTATION_CLOSED,
      `Positions are recorded until the project is approved; it is ${project.status}.`,
      ['input', 'projectId'],
    );
  }
}

/**
 * Records (or changes) an organization's position: its reason is posted as a comment the lead
 * committee can reply to, and the position points at it. The project's share lock keeps the
 * project from being approved meanwhile; one position per organization (a unique key).
 * Returns the position's id.
 */
export async function recordPosition(viewer: Viewer, em: EntityManager, input: RecordPositionInput): Promise<string> {
  return inWriteTransaction(viewer, em, async (tx, viewer) => {
    const organization = await organizationForInput(tx, input.organizationId, ['input', 'organizationId']);
    assertAllowed(
      actsFor(viewer, organization),
      "Only the organization's admins and representatives may state its position.",
    );
    const project = await sharedProjectForInput(tx, input.projectId);
    return once(tx, organization, 'recordPosition', input.idempotencyKey, input, async () => {
      assertConsulting(project);
      await assertParticipates(tx, project, organization, 'state a position');
      const statement = await writeComment(tx, viewer, {
        project,
        organization,
        text: input.reason,
        stance: input.stance,
      });
      await tx.flush();
      const [position] = await tx.execute<{ id: string; before: Stance | null }[]>(
        `with old as (select stance from consultation_position where project_id = ? and organization_id = ?)
         insert into consultation_position (id, project_id, organization_id, stance, statement_id) values (?, ?, ?, ?, ?)
         on conflict (project_id, organization_id)
           do update set stance = excluded.stance, statement_id = excluded.statement_id, updated_at = now()
         returning id, (select stance from old) as before`,
        [project.id, organization.id, uuidv7(), project.id, organization.id, input.stance, statement.id],
      );
      recordActivity(tx, viewer, {
        type: 'position.recorded',
        subjectType: 'Position',
        subjectId: position.id,
        regionPath: project.region.path,
        project,
        actorOrganization: organization,
        changes: { stance: { before: position.before, after: input.stance } },
      });
      await tx.flush();
      return position.id;
    });
  });
}

/** The lead committee sets the project's consultation rule, before consultation starts. */
export async function setConsultationRule(
  viewer: Viewer,
  em: EntityManager,
  input: SetConsultationRuleInput,
): Promise<Project> {
  return inWriteTransaction(viewer, em, async (tx, viewer) => {
    const project = await projectForInput(tx, input.projectId);
    assertLeads(viewer, project);
    if (project.status !== ProjectStatus.PROPOSED) {
      throw new DomainError(
        UserErrorCode.CONSULTATION_CLOSED,
        `The rule is set before consultation starts; the project is ${project.status}.`,
        ['input', 'projectId'],
      );
    }
    // Back in PROPOSED after a consultation: the positions stated under the old rule stand.
    const [stated] = await tx.execute(`select 1 from consultation_position where project_id = ? limit 1`, [project.id]);
    if (stated) {
      throw new DomainError(
        UserErrorCode.CONSULTATION_CLOSED,
        'Positions were stated under the current rule; it no longer changes for this project.',
        ['input', 'projectId'],
      );
    }
    const before = { support: project.consultationSupport, objections: project.consultationObjections };
    project.consultationSupport = input.support;
    project.consultationObjections = input.objections;
    recordActivity(tx, viewer, {
      type: 'consultation.rule_set',
      subjectType: 'Project',
      subjectId: project.id,
      regionPath: project.region.path,
      project,
      actorOrganization: project.leadCommittee,
      changes: diff(before, { support: input.support, objections: input.objections }),
    });
    return project;
  });
}
