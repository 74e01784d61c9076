import type { EntityManager } from '@mikro-orm/postgresql';
import type { Context } from '../../graphql/context.js';
import { decodeGlobalId } from '../../graphql/relay/global-id.js';
import { diff, recordActivity } from '../activity/activity.service.js';
import { actsFor, actsForOrGoverns, assertAllowed } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import { CommitmentStatus } from '../commitment/commitment.entity.js';
import { Commitment } from '../commitment/commitment.entity.js';
import { DomainError, UserErrorCode } from '../common/domain-error.js';
import { findForInput, findLocked } from '../common/find-for-input.js';
import { assertDatesOrdered, assertUnitFitsKind } from '../common/units.js';
import { once } from '../idempotency/idempotency.js';
import { uuidv7 } from '../common/uuid.js';
import { recomputeNeedStatuses } from '../need/need-status.js';
import { Need } from '../need/need.entity.js';
import { OrganizationKind, type Organization } from '../organization/organization.entity.js';
import { organizationForInput } from '../organization/organization-access.js';
import { Region } from '../region/region.entity.js';
import { Participant, ParticipantRole, ParticipantStatus } from './participant.entity.js';
import type { ParticipationInput } from './participant.inputs.js';
import { isClosed, NEXT_STATUSES } from './project-lifecycle.js';
import { ProjectNeed } from './project-need.entity.js';
import { Project, ProjectStatus } from './project.entity.js';
import type { ChangeProjectStatusInput, CreateProjectInput, UpdateProjectInput } from './project.inputs.js';
import { Requirement } from './requirement.entity.js';
import type { AddRequirementInput, UpdateRequirementInput } from './requirement.inputs.js';
import { inWriteTransaction } from '../auth/write-transaction.js';
import { releaseOpenCommitments } from '../commitment/commitment.service.js';

const PROJECT_POPULATE = ['leadCommittee.region', 'region'];

/** The project an input names, locked for the transaction, with its lead committee and region. */
export async function projectForInput(tx: EntityManager, globalId: string): Promise<Project> {
  return findForInput(tx, Project, globalId, ['input', 'projectId'], { populate: PROJECT_POPULATE, lock: 'update' });
}

/** The project of a requirement or commitment (by database id), locked like projectForInput. */
export async function lockedProject(
  tx: EntityManager,
  id: string,
  lock: 'update' | 'share' = 'update',
): Promise<Project> {
  const project = await findLocked(tx, Project, id, { populate: PROJECT_POPULATE, lock });
  // A foreign key points at it, so it exists.
  return project!;
}

/** Writes of the lead committee: its admins and representatives, or an admin of a committee above it. */
export function assertLeads(ctx: Context, project: Project): void {
  assertAllowed(actsForOrGoverns(ctx.viewer, project.leadCommittee), 'Only the lead committee may do this.');
}

export function assertOpen(project: Project, field = ['input', 'projectId']): void {
  if (isClosed(project.status)) {
    throw new DomainError(UserErrorCode.PROJECT_CLOSED, `The project is ${project.status.toLowerCase()}.`, field);
  }
}

/** Needs by global ID; each must exist and lie in the lead committee's region. */
async function needsForInput(tx: EntityManager, globalIds: string[], committee: Organization): Promise<Need[]> {
  const ids = [...new Set(globalIds.map((g, i) => decodeGlobalId(g, 'Need', `input.needIds[${i}]`)))];
  const needs = await tx.find(Need, { id: { $in: ids } }, { populate: ['region'] });
  for (const id of ids) {
    const need = needs.find((n) => n.id === id);
    if (!need) throw new DomainError(UserErrorCode.NOT_FOUND, 'No such need.', ['input', 'needIds']);
    if (!need.region.path.startsWith(committee.region.path)) {
      throw new DomainError(UserErrorCode.INVALID_REGION, 'A need outside the committee’s region.', [
        'input',
        'needIds',
      ]);
    }
  }
  return needs;
}

export async function createProject(ctx: Context, input: CreateProjectInput): Promise<Project> {
  const id = await inWriteTransaction(ctx, async (tx) => {
    const committee = await organizationForInput(tx, input.committeeId, ['input', 'committeeId']);
    if (committee.kind !== OrganizationKind.COMMITTEE) {
      throw new DomainError(UserErrorCode.INVALID, 'Projects are led by committees.', ['input', 'committeeId']);
    }
    assertAllowed(
      actsFor(ctx.viewer, committee),
      'Only the committee’s admins and representatives may create its projects.',
    );
    return once(tx, committee, 'createProject', input.idempotencyKey, input, async () => {
      const region = await findForInput(tx, Region, input.regionId, ['input', 'regionId']);
      if (!region.path.startsWith(committee.region.path)) {
        throw new DomainError(
          UserErrorCode.INVALID_REGION,
          'The project must serve the committee’s region or one below it.',
          ['input', 'regionId'],
        );
      }
      assertDatesOrdered(input.startsOn, input.endsOn, ['input', 'endsOn']);
      const needs = await needsForInput(tx, input.needIds ?? [], committee);
      const project = tx.create(Project, {
        leadCommittee: committee,
        region,
        category: input.category,
        titleZh: input.titleZh.trim(),
        titleEn: input.titleEn.trim(),
        summaryZh: input.summaryZh,
        summaryEn: input.summaryEn,
        startsOn: input.startsOn,
        endsOn: input.endsOn,
      });
      tx.create(Participant, { project, organization: committee, role: ParticipantRole.LEAD });
      for (const need of needs) tx.create(ProjectNeed, { project, need });
      recordActivity(tx, ctx.viewer, {
        type: 'project.created',
        subjectType: 'Project',
        subjectId: project.id,
        regionPath: region.path,
        project,
        actorOrganization: committee,
        changes: { titleEn: { before: null, after: project.titleEn }, status: { before: null, after: project.status } },
      });
      await tx.flush();
      return project.id;
    });
  });
  return ctx.em.findOneOrFail(Project, { id });
}

const PROJECT_FIELDS = ['category', 'titleZh', 'titleEn', 'summaryZh', 'summaryEn', 'startsOn', 'endsOn'] as const;

export async function updateProject(ctx: Context, input: UpdateProjectInput): Promise<Project> {
  return inWriteTransaction(ctx, async (tx) => {
    const project = await projectForInput(tx, input.projectId);
    assertLeads(ctx, project);
    const before: Record<string, unknown> = Object.fromEntries(PROJECT_FIELDS.map((f) => [f, project[f]]));
    for (const f of PROJECT_FIELDS) if (input[f] != null) (project as unknown as Record<string, unknown>)[f] = input[f];
    assertDatesOrdered(project.startsOn, project.endsOn, ['input', 'endsOn']);
    const after: Record<string, unknown> = Object.fromEntries(PROJECT_FIELDS.map((f) => [f, project[f]]));
    let touchedNeeds: string[] = [];
    if (input.needIds) {
      const needs = await needsForInput(tx, input.needIds, project.leadCommittee);
      const links = await tx.find(ProjectNeed, { project });
      before.needs = links.map((l) => l.need.id).sort();
      after.needs = needs.map((n) => n.id).sort();
      touchedNeeds = [...new Set([...(before.needs as string[]), ...(after.needs as string[])])];
      for (const link of links) if (!needs.some((n) => n.id === link.need.id)) tx.remove(link);
      for (const need of needs)
        if (!links.some((l) => l.need.id === need.id)) tx.create(ProjectNeed, { project, need });
    }
    recordActivity(tx, ctx.viewer, {
      type: 'project.updated',
      subjectType: 'Project',
      subjectId: project.id,
      regionPath: project.region.path,
      project,
      actorOrganization: project.leadCommittee,
      changes: diff(before, after),
    });
    await tx.flush();
    await recomputeNeedStatuses(tx, ctx.viewer, touchedNeeds);
    return project;
  });
}

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

/** Moves the project along its lifecycle; the needs it answers follow (MATCHED, RESOLVED). */
export async function changeProjectStatus(ctx: Context, input: ChangeProjectStatusInput): Promise<Project> {
  return inWriteTransaction(ctx, async (tx) => {
    const project = await projectForInput(tx, input.projectId);
    assertLeads(ctx, project);
    const allowed = NEXT_STATUSES[project.status];
    if (!allowed.includes(input.status)) {
      throw new DomainError(
        UserErrorCode.INVALID_TRANSITION,
        `A ${project.status} project cannot become ${input.status}; it may become ${allowed.join(' or ') || 'nothing else'}.`,
        ['input', 'status'],
      );
    }
    if (input.status === ProjectStatus.COMPLETED) await assertCompletable(tx, project);
    const before = project.status;
    project.status = input.status;
    // Cancelling gives back every open commitment (withdrawn, quantities returned).
    if (input.status === ProjectStatus.CANCELLED) {
      await releaseOpenCommitments(tx, ctx.viewer, {
        id: project.id,
        regionPath: project.region.path,
        leadCommittee: project.leadCommittee,
      });
    }
    recordActivity(tx, ctx.viewer, {
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
      ctx.viewer,
      links.map((l) => l.need.id),
    );
    return project;
  });
}

export async function addRequirement(ctx: Context, input: AddRequirementInput): Promise<Requirement> {
  const id = await inWriteTransaction(ctx, async (tx) => {
    const project = await projectForInput(tx, input.projectId);
    assertLeads(ctx, project);
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
      recordActivity(tx, ctx.viewer, {
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
  return ctx.em.findOneOrFail(Requirement, { id });
}

export async function updateRequirement(ctx: Context, input: UpdateRequirementInput): Promise<Requirement> {
  return inWriteTransaction(ctx, async (tx) => {
    const { project: ref } = await findForInput(tx, Requirement, input.requirementId, ['input', 'requirementId']);
    // Project before requirement, the order every commitment change locks them in.
    const project = await lockedProject(tx, ref.id, 'share');
    const requirement = (await findLocked(tx, Requirement, decodeGlobalId(input.requirementId, 'Requirement'), {
      lock: 'update',
    }))!;
    assertLeads(ctx, project);
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
    recordActivity(tx, ctx.viewer, {
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

export async function inviteParticipant(ctx: Context, input: ParticipationInput): Promise<{ id: string }> {
  return inWriteTransaction(ctx, async (tx) => {
    const project = await projectForInput(tx, input.projectId);
    assertLeads(ctx, project);
    assertOpen(project);
    const organization = await organizationForInput(tx, input.organizationId, ['input', 'organizationId']);
    const id = await ensureParticipant(
      tx,
      ctx.viewer,
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

export async function joinProject(ctx: Context, input: ParticipationInput): Promise<{ id: string }> {
  return inWriteTransaction(ctx, async (tx) => {
    const organization = await organizationForInput(tx, input.organizationId, ['input', 'organizationId']);
    assertAllowed(
      actsFor(ctx.viewer, organization),
      'Only the organization’s admins and representatives may join for it.',
    );
    const project = await projectForInput(tx, input.projectId);
    assertOpen(project);
    const id = await ensureParticipant(
      tx,
      ctx.viewer,
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
export async function leaveProject(ctx: Context, input: ParticipationInput): Promise<Participant> {
  return inWriteTransaction(ctx, async (tx) => {
    const organization = await organizationForInput(tx, input.organizationId, ['input', 'organizationId']);
    assertAllowed(
      actsFor(ctx.viewer, organization),
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
    recordActivity(tx, ctx.viewer, {
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
