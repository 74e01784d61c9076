import { graphql } from '../../lib/graphql';
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

export type ProjectStatus = 'PROPOSED' | 'CONSULTING' | 'APPROVED' | 'IN_PROGRESS' | 'COMPLETED' | 'CANCELLED';
export const PROJECT_STATUSES: ProjectStatus[] = [
  'PROPOSED',
  'CONSULTING',
  'APPROVED',
  'IN_PROGRESS',
  'COMPLETED',
  'CANCELLED',
];

interface Named {
  id: string;
  nameZh: string;
  nameEn: string;
}

export interface ProjectSummary {
  id: string;
  titleZh: string;
  titleEn: string;
  status: ProjectStatus;
  category: string;
  region: Named;
  leadCommittee: Named;
}

interface ProjectsData {
  projects: {
    totalCount: number;
    pageInfo: { hasNextPage: boolean; endCursor: string | null };
    edges: { node: ProjectSummary }[];
  };
}

const PAGE_SIZE = 20;

/** The project list of the page: first page, filter by status, and "load more" with cursors. */
export class ProjectList {
  items = $state<ProjectSummary[]>([]);
  totalCount = $state(0);
  hasNextPage = $state(false);
  loading = $state(false);
  error = $state<string | null>(null);
  status = $state<ProjectStatus | null>(null);
  private endCursor: string | null = null;
  /** Bumped by every reload, so an answer to an older request cannot mix into the new list. */
  private generation = 0;

  constructor(private readonly client: Client) {}

  async reload(): Promise<void> {
    this.generation += 1;
    this.items = [];
    this.endCursor = null;
    await this.fetchPage();
  }

  async setStatus(status: ProjectStatus | null): Promise<void> {
    this.status = status;
    await this.reload();
  }

  async loadMore(): Promise<void> {
    if (this.hasNextPage && !this.loading) await this.fetchPage();
  }

  private async fetchPage(): Promise<void> {
    const generation = this.generation;
    this.loading = true;
    this.error = null;
    const result = await this.client
      .query<ProjectsData>(PROJECTS_QUERY, {
        first: PAGE_SIZE,
        after: this.endCursor,
        filter: this.status ? { status: [this.status] } : null,
      })
      .toPromise();
    if (generation !== this.generation) return;
    this.loading = false;
    if (result.error || !result.data) {
      this.error = result.error?.message ?? 'no data';
      return;
    }
    const page = result.data.projects;
    this.items = [...this.items, ...page.edges.map((e) => e.node)];
    this.totalCount = page.totalCount;
    this.hasNextPage = page.pageInfo.hasNextPage;
    this.endCursor = page.pageInfo.endCursor;
  }
}
