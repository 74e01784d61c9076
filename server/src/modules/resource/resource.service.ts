import type { Viewer } from '../auth/viewer.js';
import { raw, type EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import { diff, recordActivity } from '../activity/activity.service.js';
import { actsFor, assertAllowed } from '../auth/policy.js';
import { DomainError, UserErrorCode } from '../common/domain-error.js';
import { findForInput } from '../common/find-for-input.js';
import { assertDatesOrdered, assertUnitFitsKind } from '../common/units.js';
import { once } from '../idempotency/idempotency.js';
import { organizationForInput } from '../organization/organization-access.js';
import { Region } from '../region/region.entity.js';
import type { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import type { Connection } from '../../graphql/relay/connection.types.js';
import { decodeGlobalId } from '../../graphql/relay/global-id.js';
import { ResourceNode } from './resource.node.js';
import { findConnection, type SortKey } from '../../graphql/relay/paginate.js';
import { likePattern } from '../common/text-search.js';
import { regionForFilter, withinRegion } from '../region/region-scope.js';
import { Resource, ResourceStatus } from './resource.entity.js';
import type { PublishResourceInput, ResourceFilter, UpdateResourceInput } from './resource.inputs.js';
import { inWriteTransaction } from '../auth/write-transaction.js';

/** Newest first (ids are time-ordered). */
export const RESOURCE_ORDER: SortKey<ResourceNode>[] = [{ property: 'id', direction: 'desc' }];

export async function listResources(
  em: EntityManager,
  filter: ResourceFilter | null = null,
  args: ConnectionArgs,
): Promise<Connection<ResourceNode>> {
  filter ??= {};
  const where: FilterQuery<Resource>[] = [
    { status: { $in: filter.status?.length ? filter.status : [ResourceStatus.ACTIVE] } },
  ];
  if (filter.kind?.length) where.push({ kind: { $in: filter.kind } });
  if (filter.ownerId) where.push({ owner: decodeGlobalId(filter.ownerId, 'Organization', 'filter.ownerId') });
  if (filter.regionId) {
    where.push({ region: withinRegion(await regionForFilter(em, filter.regionId, 'filter.regionId')) });
  }
  if (filter.search) {
    const like = likePattern(filter.search);
    where.push({ $or: [{ titleZh: { $ilike: like } }, { titleEn: { $ilike: like } }] });
  }
  // A raw fragment serves one query only, so it is made anew for the page and for the count.
  const availability = (): FilterQuery<Resource>[] =>
    filter.available == null ? [] : [{ [raw(`(committed ${filter.available ? '<' : '>='} capacity)`)]: true }];
  return findConnection(em, ResourceNode, {
    name: 'resources',
    where: () => ({ $and: [...where, ...availability()] }),
    orderBy: RESOURCE_ORDER,
    args,
  });
}

/** Offers a resource of an organization to co-building. */
export async function publishResource(
  viewer: Viewer,
  em: EntityManager,
  input: PublishResourceInput,
): Promise<Resource> {
  const id = await inWriteTransaction(viewer, em, async (tx, viewer) => {
    const owner = await organizationForInput(tx, input.organizationId, ['input', 'organizationId']);
    assertAllowed(actsFor(viewer, owner, 'write:resources'), 'Only the organization may publish its resources.');
    return once(tx, owner, 'publishResource', input.idempotencyKey, input, async () => {
      assertUnitFitsKind(input.kind, input.unit, ['input', 'unit']);
      assertDatesOrdered(input.availableFrom, input.availableUntil, ['input', 'availableUntil']);
      const region = input.regionId
        ? await findForInput(tx, Region, input.regionId, ['input', 'regionId'])
        : owner.region;
      if (!region.path.startsWith(owner.region.path)) {
        throw new DomainError(UserErrorCode.INVALID_REGION, "A resource lies in its owner's region or below it.", [
          'input',
          'regionId',
        ]);
      }
      const resource = tx.create(Resource, {
        owner,
        region,
        kind: input.kind,
        unit: input.unit,
        capacity: input.capacity,
        titleZh: input.titleZh.trim(),
        titleEn: input.titleEn.trim(),
        descriptionZh: input.descriptionZh,
        descriptionEn: input.descriptionEn,
        availableFrom: input.availableFrom,
        availableUntil: input.availableUntil,
      });
      recordActivity(tx, viewer, {
        type: 'resource.published',
        subjectType: 'Resource',
        subjectId: resource.id,
        regionPath: region.path,
        actorOrganization: owner,
        changes: { capacity: { before: null, after: input.capacity }, unit: { before: null, after: input.unit } },
      });
      await tx.flush();
      return resource.id;
    });
  });
  return em.findOneOrFail(Resource, { id });
}

const RESOURCE_TEXT_FIELDS = [
  'titleZh',
  'titleEn',
  'descriptionZh',
  'descriptionEn',
  'availableFrom',
  'availableUntil',
] as const;

async function ownResourceForInput(viewer: Viewer, tx: EntityManager, globalId: string): Promise<Resource> {
  const resource = await findForInput(tx, Resource, globalId, ['input', 'resourceId'], {
    populate: ['owner.region', 'region'],
    lock: 'update',
  });
  assertAllowed(actsFor(viewer, resource.owner, 'write:resources'), 'Only the owner may change this resource.');
  return resource;
}

/**
 * Changes a resource. A new capacity is applied by a guarded UPDATE that refuses to go below
 * what is committed at that instant, so it cannot race with concurrent commitments.
 */
export async function updateResource(viewer: Viewer, em: EntityManager, input: UpdateResourceInput): Promise<Resource> {
  return inWriteTransaction(viewer, em, async (tx, viewer) => {
    const resource = await ownResourceForInput(viewer, tx, input.resourceId);
    const before: Record<string, unknown> = Object.fromEntries(RESOURCE_TEXT_FIELDS.map((f) => [f, resource[f]]));
    before.capacity = resource.capacity;
    if (input.capacity != null && input.capacity !== resource.capacity) {
      const applied = await tx.execute(
        `update resource set capacity = ?, updated_at = now() where id = ? and committed <= ? returning capacity`,
        [input.capacity, resource.id, input.capacity],
      );
      if (applied.length === 0) {
        throw new DomainError(
          UserErrorCode.CAPACITY_BELOW_COMMITTED,
          'The capacity may not drop below what is already committed.',
          ['input', 'capacity'],
        );
      }
    }
    for (const f of RESOURCE_TEXT_FIELDS) if (input[f] != null) resource[f] = input[f];
    assertDatesOrdered(resource.availableFrom, resource.availableUntil, ['input', 'availableUntil']);
    await tx.flush();
    await tx.refresh(resource);
    const after: Record<string, unknown> = Object.fromEntries(RESOURCE_TEXT_FIELDS.map((f) => [f, resource[f]]));
    after.capacity = resource.capacity;
    recordActivity(tx, viewer, {
      type: 'resource.updated',
      subjectType: 'Resource',
      subjectId: resource.id,
      regionPath: resource.region.path,
      actorOrganization: resource.owner,
      changes: diff(before, after),
    });
    return resource;
  });
}

/** Withdraws a resource from offer; commitments already made stay as they are. */
export async function retireResource(viewer: Viewer, em: EntityManager, globalId: string): Promise<Resource> {
  return inWriteTransaction(viewer, em, async (tx, viewer) => {
    const resource = await ownResourceForInput(viewer, tx, globalId);
    if (resource.status === ResourceStatus.RETIRED) {
      throw new DomainError(UserErrorCode.RESOURCE_RETIRED, 'The resource is already retired.', [
        'input',
        'resourceId',
      ]);
    }
    resource.status = ResourceStatus.RETIRED;
    recordActivity(tx, viewer, {
      type: 'resource.retired',
      subjectType: 'Resource',
      subjectId: resource.id,
      regionPath: resource.region.path,
      actorOrganization: resource.owner,
      changes: { status: { before: ResourceStatus.ACTIVE, after: ResourceStatus.RETIRED } },
    });
    return resource;
  });
}
