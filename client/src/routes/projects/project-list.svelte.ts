import { graphql, type ResultOf, type VariablesOf } from '../../lib/graphql';
import { PagedList } from '../../lib/paged-list.svelte';
import type { Client } from '@urql/core';

export const PROJECTS_QUERY = graphql(`
  query Projects($first: Int!, $after: String, $filter: ProjectFilter) {
    projects(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      edges {
        node {
          id
          titleZh
          titleEn
          status
          category
          progress
          fillRate
          region {
            id
            nameZh
            nameEn
          }
          leadCommittee {
            id
            nameZh
            nameEn
          }
        }
      }
    }
  }
`);

export type ProjectSummary = ResultOf<typeof PROJECTS_QUERY>['projects']['edges'][number]['node'];

/** One list of projects (the whole list, or one column of the board) for the criteria. */
export function projectList(client: Client, filter: VariablesOf<typeof PROJECTS_QUERY>['filter']) {
  return new PagedList<ProjectSummary>(async (first, after) => {
    const result = await client
      .query(PROJECTS_QUERY, { first, after, filter }, { requestPolicy: 'network-only' })
      .toPromise();
    const projects = result.data?.projects;
    return { page: projects && { ...projects, nodes: projects.edges.map((e) => e.node) }, error: result.error };
  });
}
