import type { EntityManager } from '@mikro-orm/postgresql';
import { decodeGlobalId } from '../../graphql/relay/global-id.js';
import { diff, recordActivity } from '../activity/activity.service.js';
import { actsFor, actsForOrGoverns, assertAllowed } from '../auth/policy.js';
import type { Viewer } from '../auth/viewer.js';
import { DomainError, UserErrorCode } from '../common/domain-error.js';
import { findForInput, findLocked } from '../common/find-for-input.js';
import { assertDatesOrdered } from '../common/units.js';
import { once } from '../idempotency/idempotency.js';
import { recomputeNeedStatuses } from '../need/need-status.js';
import { Need } from '../need/need.entity.js';
import { OrganizationKind, type Organization } from '../organization/organization.entity.js';
import { organizationForInput } from '../organization/organization-access.js';
import { Region } from '../region/region.entity.js';
import { Participant, ParticipantRole } from './participant.entity.js';
import { isClosed } from './project-lifecycle.js';
import { ProjectNeed } from './project-need.entity.js';
import { Project } from './project.entity.js';
import type { CreateProjectInput, UpdateProjectInput } from './project.inputs.js';
import { inWriteTransaction } from '../auth/write-transaction.js';

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
export function assertLeads(viewer: Viewer, project: Project): void {
  assertAllowed(actsForOrGoverns(viewer, project.leadCommittee), 'Only the lead committee may do this.');
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

export async function createProject(viewer: Viewer, em: EntityManager, input: CreateProjectInput): Promise<Project> {
  const id = await inWriteTransaction(viewer, em, async (tx, viewer) => {
    const committee = await organizationForInput(tx, input.committeeId, ['input', 'committeeId']);
    if (committee.kind !== OrganizationKind.COMMITTEE) {
      throw new DomainError(UserErrorCode.INVALID, 'Projects are led by committees.', ['input', 'committeeId']);
    }
    assertAllowed(
      actsFor(viewer, committee),
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
      recordActivity(tx, viewer, {
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
  return em.findOneOrFail(Project, { id });
}

const PROJECT_FIELDS = ['category', 'titleZh', 'titleEn', 'summaryZh', 'summaryEn', 'startsOn', 'endsOn'] as const;

export async function updateProject(viewer: Viewer, em: EntityManager, input: UpdateProjectInput): Promise<Project> {
  return inWriteTransaction(viewer, em, async (tx, viewer) => {
    const project = await projectForInput(tx, input.projectId);
    assertLeads(viewer, project);
    const before: Record<string, unknown> = Object.fromEntries(PROJECT_FIELDS.map((f) => [f, project[f]]));
    for (const f of PROJECT_FIELDS) if (input[f] != null) (project as unknown as Record<string, unknown>)[f] = input[f];
    assertDatesOrdered(project.startsOn, project.endsOn, ['input', 'endsOn']);
    const after: Record<string, unknown> = Object.fromEntries(PROJECT_FIELDS.map((f) => [f, project[f]]));
    let touchedNeeds: string[] = [];
    if (input.needIds) {
      // A closed project answers no new need (it would never match or resolve it).
      assertOpen(project, ['input', 'needIds']);
      const needs = await needsForInput(tx, input.needIds, project.leadCommittee);
      const links = await tx.find(ProjectNeed, { project });
      before.needs = links.map((l) => l.need.id).sort();
      after.needs = needs.map((n) => n.id).sort();
      touchedNeeds = [...new Set([...(before.needs as string[]), ...(after.needs as string[])])];
      for (const link of links) if (!needs.some((n) => n.id === link.need.id)) tx.remove(link);
      for (const need of needs)
        if (!links.some((l) => l.need.id === need.id)) tx.create(ProjectNeed, { project, need });
    }
    recordActivity(tx, viewer, {
      type: 'project.updated',
      subjectType: 'Project',
      subjectId: project.id,
      regionPath: project.region.path,
      project,
      actorOrganization: project.leadCommittee,
      changes: diff(before, after),
    });
    await tx.flush();
    await recomputeNeedStatuses(tx, viewer, touchedNeeds);
    return project;
  });
}
