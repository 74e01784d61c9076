import type { EnumOf, VariablesOf } from '../../lib/graphql';
import type { PROJECTS_QUERY } from './project-list.svelte';

export type ProjectStatus = EnumOf<'ProjectStatus'>;
export type Category = EnumOf<'Category'>;
export const PROJECT_STATUSES: ProjectStatus[] = [
  'PROPOSED',
  'CONSULTING',
  'APPROVED',
  'IN_PROGRESS',
  'COMPLETED',
  'CANCELLED',
];
export const CATEGORIES: Category[] = [
  'GREEN_SPACE',
  'ELDERLY_CARE',
  'PROPERTY_MANAGEMENT',
  'COMMUNITY_SERVICES',
  'CHILDREN_AND_YOUTH',
  'CULTURE_AND_SPORTS',
  'HEALTH',
  'ENVIRONMENT',
  'PUBLIC_SAFETY',
  'TRANSPORT',
  'BUSINESS_DISTRICT',
];

/** What the list is narrowed to; each part is also in the page's address (`?status=…&q=…`). */
export interface ProjectCriteria {
  status: ProjectStatus | null;
  category: Category | null;
  regionId: string | null;
  text: string;
}

export const NO_CRITERIA: ProjectCriteria = { status: null, category: null, regionId: null, text: '' };

/** The criteria an address's query names; unknown values are ignored. */
export function criteriaFromSearch(search: string): ProjectCriteria {
  const query = new URLSearchParams(search);
  const status = query.get('status') as ProjectStatus | null;
  const category = query.get('category') as Category | null;
  return {
    status: status && PROJECT_STATUSES.includes(status) ? status : null,
    category: category && CATEGORIES.includes(category) ? category : null,
    regionId: query.get('region') || null,
    text: query.get('q')?.trim() ?? '',
  };
}

/** The address query of criteria (and the board view), empty parts left out. */
export function searchFromCriteria(criteria: ProjectCriteria, board: boolean): string {
  const query = new URLSearchParams();
  if (criteria.status) query.set('status', criteria.status);
  if (criteria.category) query.set('category', criteria.category);
  if (criteria.regionId) query.set('region', criteria.regionId);
  if (criteria.text) query.set('q', criteria.text);
  if (board) query.set('view', 'board');
  const text = query.toString();
  return text ? `?${text}` : '';
}

/** The API filter of criteria; `status` overrides the criteria's status (a board column). */
export function filterOf(
  criteria: ProjectCriteria,
  status: ProjectStatus | null = criteria.status,
): VariablesOf<typeof PROJECTS_QUERY>['filter'] {
  const filter: NonNullable<VariablesOf<typeof PROJECTS_QUERY>['filter']> = {};
  if (status) filter.status = [status];
  if (criteria.category) filter.category = [criteria.category];
  if (criteria.regionId) filter.regionId = criteria.regionId;
  if (criteria.text) filter.text = criteria.text;
  return Object.keys(filter).length ? filter : null;
}
