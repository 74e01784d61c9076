import type { EntityManager } from '@mikro-orm/postgresql';
import { assertLeads, assertOpen, projectForInput } from './project-write.service.js';
import { recordActivity } from '../activity/activity.service.js';
import { actsFor, assertAllowed } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import { CommitmentStatus } from '../commitment/commitment.entity.js';
import { Commitment } from '../commitment/commitment.entity.js';
import { DomainError, UserErrorCode } from '../common/domain-error.js';
import { uuidv7 } from '../common/uuid.js';
import { organizationForInput } from '../organization/organization-access.js';
import { ProjectStatus } from './project.entity.js';
import { Participant, ParticipantRole, ParticipantStatus } from './participant.entity.js';
import type { ParticipationInput } from './participant.inputs.js';
import { Project } from './project.entity.js';
import { inWriteTransaction } from '../auth/write-transaction.js';

/** What ensureParticipant needs of the project: a locked entity or a plain row both fit. */
export interface ParticipationTarget {
  id: string;
  regionPath: string;
  leadCommittee: { id: string };
}

/**
 * Makes the organization an ACTIVE or INVITED partner of the project unless it already is
 * one (ACTIVE counts for both), in one statement that also tells what it was before, for the
 * activity row. Concurrent calls for one organization meet on the (project, organization)
 * unique key. Returns the participant's id, or null when nothing changed.
 */
export async function ensureParticipant(
  tx: EntityManager,
  viewer: Viewer,
  project: ParticipationTarget,
  organizationId: string,
  status: ParticipantStatus.ACTIVE | ParticipantStatus.INVITED,
): Promise<string | null> {
  const [changed] = await tx.execute<{ id: string; before: ParticipantStatus | null }[]>(
    `with old as (select status from participant where project_id = ? and organization_id = ?)
     insert into participant (id, project_id, organization_id, role, status) values (?, ?, ?, 'PARTNER', ?)
     on conflict (project_id, organization_id) do update set status = excluded.status, updated_at = now()
       where participant.status <> 'ACTIVE' and participant.status <> excluded.status
     returning id, (select status from old) as before`,
    [project.id, organizationId, uuidv7(), project.id, organizationId, status],
  );
  if (!changed) return null;
  recordActivity(tx, viewer, {
    type: status === ParticipantStatus.INVITED ? 'participant.invited' : 'participant.joined',
    subjectType: 'Participant',
    subjectId: changed.id,
    regionPath: project.regionPath,
    project,
    actorOrganization: status === ParticipantStatus.INVITED ? project.leadCommittee : { id: organizationId },
    changes: { status: { before: changed.before, after: status } },
  });
  return changed.id;
}

function participationTarget(project: Project): ParticipationTarget {
  return { id: project.id, regionPath: project.region.path, leadCommittee: project.leadCommittee };
}

export async function inviteParticipant(
  viewer: Viewer,
  em: EntityManager,
  input: ParticipationInput,
): Promise<{ id: string }> {
  return inWriteTransaction(viewer, em, async (tx, viewer) => {
    const project = await projectForInput(tx, input.projectId);
    assertLeads(viewer, project);
    assertOpen(project);
    const organization = await organizationForInput(tx, input.organizationId, ['input', 'organizationId']);
    const id = await ensureParticipant(
      tx,
      viewer,
      participationTarget(project),
      organization.id,
      ParticipantStatus.INVITED,
    );
    if (!id) {
      throw new DomainError(UserErrorCode.ALREADY_PARTICIPANT, 'The organization already takes part.', [
        'input',
        'organizationId',
      ]);
    }
    return { id };
  });
}

export async function joinProject(
  viewer: Viewer,
  em: EntityManager,
  input: ParticipationInput,
): Promise<{ id: string }> {
  return inWriteTransaction(viewer, em, async (tx, viewer) => {
    const organization = await organizationForInput(tx, input.organizationId, ['input', 'organizationId']);
    assertAllowed(actsFor(viewer, organization), 'Only the organization’s admins and representatives may join for it.');
    const project = await projectForInput(tx, input.projectId);
    assertOpen(project);
    await assertMayJoin(tx, project, organization.id, ['input', 'projectId']);
    const id = await ensureParticipant(
      tx,
      viewer,
      participationTarget(project),
      organization.id,
      ParticipantStatus.ACTIVE,
    );
    if (!id) {
      throw new DomainError(UserErrorCode.ALREADY_PARTICIPANT, 'The organization already takes part.', [
        'input',
        'projectId',
      ]);
    }
    return { id };
  });
}

/** Leaves a project; its active commitments must be withdrawn first, so nothing is silently dropped. */
export async function leaveProject(viewer: Viewer, em: EntityManager, input: ParticipationInput): Promise<Participant> {
  return inWriteTransaction(viewer, em, async (tx, viewer) => {
    const organization = await organizationForInput(tx, input.organizationId, ['input', 'organizationId']);
    assertAllowed(
      actsFor(viewer, organization),
      'Only the organization’s admins and representatives may leave for it.',
    );
    const project = await projectForInput(tx, input.projectId);
    const participant = await tx.findOne(Participant, { project, organization });
    if (!participant || participant.status === ParticipantStatus.LEFT) {
      throw new DomainError(UserErrorCode.NOT_A_PARTICIPANT, 'The organization does not take part.', [
        'input',
        'projectId',
      ]);
    }
    if (participant.role === ParticipantRole.LEAD) {
      throw new DomainError(UserErrorCode.LEAD_CANNOT_LEAVE, 'The lead committee cannot leave its project.', [
        'input',
        'organizationId',
      ]);
    }
    const active = await tx.count(Commitment, {
      project,
      organization,
      status: { $in: [CommitmentStatus.PLEDGED, CommitmentStatus.CONFIRMED] },
    });
    if (active > 0) {
      throw new DomainError(
        UserErrorCode.HAS_ACTIVE_COMMITMENTS,
        `Withdraw the organization's ${active} open commitments first.`,
        ['input', 'organizationId'],
      );
    }
    const before = participant.status;
    participant.status = ParticipantStatus.LEFT;
    // Its position goes with it while the consultation is open (it would count again on rejoining).
    if (project.status === ProjectStatus.PROPOSED || project.status === ProjectStatus.CONSULTING) {
      await tx.execute(`delete from consultation_position where project_id = ? and organization_id = ?`, [
        project.id,
        organization.id,
      ]);
    }
    recordActivity(tx, viewer, {
      type: 'participant.left',
      subjectType: 'Participant',
      subjectId: participant.id,
      regionPath: project.region.path,
      project,
      actorOrganization: organization,
      changes: { status: { before, after: ParticipantStatus.LEFT } },
    });
    return participant;
  });
}

/**
 * Refuses (NOT_A_PARTICIPANT on `input.organizationId`) an organization that is not an ACTIVE
 * participant of the project: "Only participating organizations <what>."
 */
export async function assertParticipates(
  tx: EntityManager,
  project: { id: string },
  organization: { id: string },
  what: string,
): Promise<void> {
  const participates = await tx.count(Participant, {
    project: project.id,
    organization: organization.id,
    status: ParticipantStatus.ACTIVE,
  });
  if (!participates) {
    throw new DomainError(UserErrorCode.NOT_A_PARTICIPANT, `Only participating organizations ${what}.`, [
      'input',
      'organizationId',
    ]);
  }
}

/**
 * While a project is under consultation its participants state positions, and the rule
 * counts them: an organization joins then only by the lead committee's invitation (joining,
 * or committing, makes a participant), so outsiders cannot swing or veto the consultation.
 * Otherwise INVITATION_REQUIRED. The caller holds the project's lock.
 */
export async function assertMayJoin(
  tx: EntityManager,
  project: { id: string; status: ProjectStatus },
  organizationId: string,
  field: string[],
): Promise<void> {
  if (project.status !== ProjectStatus.CONSULTING) return;
  const [row] = await tx.execute<{ status: ParticipantStatus }[]>(
    `select status from participant where project_id = ? and organization_id = ?`,
    [project.id, organizationId],
  );
  if (row?.status === ParticipantStatus.ACTIVE || row?.status === ParticipantStatus.INVITED) return;
  throw new DomainError(
    UserErrorCode.INVITATION_REQUIRED,
    'The project is under consultation: organizations join it now only when the lead committee invites them.',
    field,
  );
}
