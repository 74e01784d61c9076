import { graphql, type ResultOf, type VariablesOf } from '../../lib/graphql';
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

const PAGE_SIZE = 20;
/** A live re-read asks for everything shown, up to the API's page limit. */
const MAX_PAGE = 100;

/**
 * One list of projects (the whole list, or one column of the board): the first page for the
 * criteria, "load more" with cursors, and a re-read of what is shown when something changed.
 */
export class ProjectList {
  items = $state<ProjectSummary[]>([]);
  totalCount = $state(0);
  hasNextPage = $state(false);
  loading = $state(false);
  failed = $state(false);
  private endCursor: string | null = null;
  /** Bumped by every reload, so an answer to an older request cannot mix into the new list. */
  private generation = 0;

  constructor(
    private readonly client: Client,
    private readonly filter: VariablesOf<typeof PROJECTS_QUERY>['filter'],
  ) {}

  /** Reads the first page again. */
  async reload(): Promise<void> {
    this.generation += 1;
    this.endCursor = null;
    await this.fetch(PAGE_SIZE, false);
  }

  async loadMore(): Promise<void> {
    if (this.hasNextPage && !this.loading) await this.fetch(PAGE_SIZE, true);
  }

  /** Reads again as many projects as are shown (someone else changed something), quietly. */
  async refresh(): Promise<void> {
    this.generation += 1;
    this.endCursor = null;
    await this.fetch(Math.min(MAX_PAGE, Math.max(PAGE_SIZE, this.items.length)), false, true);
  }

  private async fetch(first: number, append: boolean, quiet = false): Promise<void> {
    const generation = this.generation;
    if (!quiet) this.loading = true;
    const result = await this.client
      .query(
        PROJECTS_QUERY,
        { first, after: append ? this.endCursor : null, filter: this.filter },
        { requestPolicy: 'network-only' },
      )
      .toPromise();
    if (generation !== this.generation) return;
    this.loading = false;
    if (!result.data) {
      // A quiet re-read keeps what is shown; the next event reads again.
      if (!quiet) this.failed = true;
      return;
    }
    this.failed = false;
    const page = result.data.projects;
    const nodes = page.edges.map((e) => e.node);
    this.items = append ? [...this.items, ...nodes] : nodes;
    this.totalCount = page.totalCount;
    this.hasNextPage = page.pageInfo.hasNextPage;
    this.endCursor = page.pageInfo.endCursor;
  }
}
