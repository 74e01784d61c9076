import type { Viewer } from '../auth/viewer.js';
import { raw, type EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { diff, recordActivity } from '../activity/activity.service.js';
import { actsFor, actsForOrGoverns, assertAllowed } from '../auth/policy.js';
import { DomainError, UserErrorCode } from '../common/domain-error.js';
import { findForInput } from '../common/find-for-input.js';
import { once } from '../idempotency/idempotency.js';
import { OrganizationKind } from '../organization/organization.entity.js';
import { organizationForInput } from '../organization/organization-access.js';
import { Region, RegionLevel } from '../region/region.entity.js';
import type { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import type { Connection } from '../../graphql/relay/connection.types.js';
import { NeedNode } from './need.node.js';
import { findConnection, type SortKey } from '../../graphql/relay/paginate.js';
import { likePattern } from '../common/text-search.js';
import { regionForFilter, withinRegion } from '../region/region-scope.js';
import { Need } from './need.entity.js';
import { NeedSupport } from './need-support.entity.js';
import { decodeGlobalId } from '../../graphql/relay/global-id.js';
import type { NeedFilter, ReportNeedInput, SupportNeedInput, UpdateNeedInput } from './need.inputs.js';
import { inWriteTransaction } from '../auth/write-transaction.js';

/** Newest first (ids are time-ordered). */
export const NEED_ORDER: SortKey<NeedNode>[] = [{ property: 'id', direction: 'desc' }];

export async function listNeeds(
  em: EntityManager,
  filter: NeedFilter | null = null,
  args: ConnectionArgs,
): Promise<Connection<NeedNode>> {
  filter ??= {};
  const where: FilterQuery<Need>[] = [];
  if (filter.status?.length) where.push({ status: { $in: filter.status } });
  if (filter.category?.length) where.push({ category: { $in: filter.category } });
  if (filter.regionId) {
    where.push({ region: withinRegion(await regionForFilter(em, filter.regionId, 'filter.regionId')) });
  }
  if (filter.search) {
    const like = likePattern(filter.search);
    where.push({ $or: [{ titleZh: { $ilike: like } }, { titleEn: { $ilike: like } }] });
  }
  if (filter.supportedById) {
    const organizationId = decodeGlobalId(filter.supportedById, 'Organization', 'filter.supportedById');
    const supported = em
      .createQueryBuilder(NeedSupport, 's')
      .select('s.need_id')
      .where({ organization: organizationId });
    where.push({ id: { $in: supported.getKnexQuery() as never } });
  }
  return findConnection(em, NeedNode, { name: 'needs', where: () => ({ $and: where }), orderBy: NEED_ORDER, args });
}

/** Reports a residents' need for a community or grid in the committee's region. */
export async function reportNeed(viewer: Viewer, em: EntityManager, input: ReportNeedInput): Promise<Need> {
  const id = await inWriteTransaction(viewer, em, async (tx, viewer) => {
    const committee = await organizationForInput(tx, input.committeeId, ['input', 'committeeId']);
    if (committee.kind !== OrganizationKind.COMMITTEE) {
      throw new DomainError(UserErrorCode.INVALID, 'Needs are reported by committees.', ['input', 'committeeId']);
    }
    assertAllowed(actsFor(viewer, committee), 'Only the committee’s admins and representatives may report its needs.');
    return once(tx, committee, 'reportNeed', input.idempotencyKey, input, async () => {
      const region = await findForInput(tx, Region, input.regionId, ['input', 'regionId']);
      if (
        ![RegionLevel.COMMUNITY, RegionLevel.GRID].includes(region.level) ||
        !region.path.startsWith(committee.region.path)
      ) {
        throw new DomainError(UserErrorCode.INVALID_REGION, 'Choose a community or grid in the committee’s region.', [
          'input',
          'regionId',
        ]);
      }
      const need = tx.create(Need, {
        reporter: committee,
        region,
        category: input.category,
        titleZh: input.titleZh.trim(),
        titleEn: input.titleEn.trim(),
        descriptionZh: input.descriptionZh,
        descriptionEn: input.descriptionEn,
      });
      recordActivity(tx, viewer, {
        type: 'need.reported',
        subjectType: 'Need',
        subjectId: need.id,
        regionPath: region.path,
        actorOrganization: committee,
        changes: { titleEn: { before: null, after: need.titleEn }, category: { before: null, after: need.category } },
      });
      await tx.flush();
      return need.id;
    });
  });
  return em.findOneOrFail(Need, { id });
}

const NEED_FIELDS = ['category', 'titleZh', 'titleEn', 'descriptionZh', 'descriptionEn'] as const;

export async function updateNeed(viewer: Viewer, em: EntityManager, input: UpdateNeedInput): Promise<Need> {
  return inWriteTransaction(viewer, em, async (tx, viewer) => {
    const need = await findForInput(tx, Need, input.needId, ['input', 'needId'], {
      populate: ['reporter.region', 'region'],
      lock: 'update',
    });
    assertAllowed(actsForOrGoverns(viewer, need.reporter), 'Only the reporting committee may change this need.');
    const before = Object.fromEntries(NEED_FIELDS.map((f) => [f, need[f]]));
    for (const f of NEED_FIELDS) if (input[f] != null) (need as unknown as Record<string, unknown>)[f] = input[f];
    const after = Object.fromEntries(NEED_FIELDS.map((f) => [f, need[f]]));
    recordActivity(tx, viewer, {
      type: 'need.updated',
      subjectType: 'Need',
      subjectId: need.id,
      regionPath: need.region.path,
      actorOrganization: need.reporter,
      changes: diff(before, after),
    });
    return need;
  });
}

/** One support per organization and need. */
export async function supportNeed(viewer: Viewer, em: EntityManager, input: SupportNeedInput): Promise<Need> {
  return inWriteTransaction(viewer, em, async (tx, viewer) => {
    const organization = await organizationForInput(tx, input.organizationId, ['input', 'organizationId']);
    assertAllowed(
      actsFor(viewer, organization),
      'Only the organization’s admins and representatives may support for it.',
    );
    const need = await findForInput(tx, Need, input.needId, ['input', 'needId'], { populate: ['region'] });
    const added = await tx.execute(
      `insert into need_support (need_id, organization_id) values (?, ?) on conflict do nothing returning need_id`,
      [need.id, organization.id],
    );
    if (added.length === 0) {
      throw new DomainError(UserErrorCode.ALREADY_SUPPORTED, 'This organization already supports the need.', [
        'input',
        'organizationId',
      ]);
    }
    await tx.nativeUpdate(Need, { id: need.id }, { supportCount: raw('support_count + 1') });
    recordActivity(tx, viewer, {
      type: 'need.supported',
      subjectType: 'Need',
      subjectId: need.id,
      regionPath: need.region.path,
      actorOrganization: organization,
      changes: { supportCount: { before: need.supportCount, after: need.supportCount + 1 } },
    });
    await tx.flush();
    await tx.refresh(need);
    return need;
  });
}
