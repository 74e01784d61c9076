import { raw, type EntityManager, type FilterQuery } from '@mikro-orm/postgresql';
import type { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import type { Connection } from '../../graphql/relay/connection.types.js';
import { decodeGlobalId } from '../../graphql/relay/global-id.js';
import { ProjectNode } from './project.node.js';
import { findConnection, type SortKey } from '../../graphql/relay/paginate.js';
import { likePattern } from '../common/text-search.js';
import { regionForFilter, withinRegion } from '../region/region-scope.js';
import { ParticipantStatus } from './participant.entity.js';
import { Project } from './project.entity.js';
import type { ProjectFilter } from './project.inputs.js';

/** Newest first (ids are time-ordered). */
export const PROJECT_ORDER: SortKey<ProjectNode>[] = [{ property: 'id', direction: 'desc' }];

export async function listProjects(
  em: EntityManager,
  filter: ProjectFilter | null = null,
  args: ConnectionArgs,
): Promise<Connection<ProjectNode>> {
  filter ??= {};
  const where: FilterQuery<Project>[] = [];
  if (filter.status?.length) where.push({ status: { $in: filter.status } });
  if (filter.category?.length) where.push({ category: { $in: filter.category } });
  if (filter.regionId) {
    where.push({ region: withinRegion(await regionForFilter(em, filter.regionId, 'filter.regionId')) });
  }
  if (filter.participantOrganizationId) {
    const organizationId = decodeGlobalId(
      filter.participantOrganizationId,
      'Organization',
      'filter.participantOrganizationId',
    );
    const participating = em
      .createQueryBuilder('Participant', 'pa')
      .select('pa.project_id')
      .where({ organization: organizationId, status: { $ne: ParticipantStatus.LEFT } });
    where.push({ id: { $in: participating.getKnexQuery() as never } });
  }
  const text = filter.text?.trim();
  // The expression of the trigram index project_title_trgm_idx; a raw fragment serves one
  // query only, so it is made anew for the page and for the count.
  const titleMatches = (): FilterQuery<Project> => ({
    [raw(`(title_zh || ' ' || title_en)`)]: { $ilike: likePattern(text!) },
  });
  return findConnection(em, ProjectNode, {
    name: 'projects',
    where: () => ({ $and: text ? [...where, titleMatches()] : where }),
    orderBy: PROJECT_ORDER,
    args,
  });
}
