import type { Client } from '@urql/core';
import type { ProjectStatus } from '../projects/project-list.svelte';

export interface ProjectDetail {
  id: string;
  titleZh: string;
  titleEn: string;
  summaryZh: string | null;
  summaryEn: string | null;
  status: ProjectStatus;
  progress: number;
  fillRate: number;
  region: { nameZh: string; nameEn: string };
  leadCommittee: { nameZh: string; nameEn: string };
  needs: { id: string; titleZh: string; titleEn: string; status: string }[];
  requirements: {
    nodes: {
      id: string;
      titleZh: string;
      titleEn: string;
      kind: string;
      unit: string;
      quantity: number;
      committed: number;
    }[];
  };
}

const PROJECT = `query Project($id: ID!) { node(id: $id) { ... on Project {
  id titleZh titleEn summaryZh summaryEn status progress fillRate
  region { nameZh nameEn } leadCommittee { nameZh nameEn }
  needs { id titleZh titleEn status }
  requirements(first: 100) { nodes { id titleZh titleEn kind unit quantity committed } } } } }`;

const PROJECT_ACTIVITY = `subscription ProjectActivity($id: ID!) { projectActivity(projectId: $id) { cursor activity { id type } } }`;

/** One project, as its page shows it. */
export class ProjectPageData {
  project = $state<ProjectDetail | null>(null);
  loading = $state(true);
  failed = $state(false);

  constructor(
    private readonly client: Client,
    private readonly id: string,
  ) {}

  /**
   * Follows the project live: each event of its activity reads the page again (one query), so
   * what others change shows without a reload. Returns the unsubscribe function.
   */
  follow(): () => void {
    let pending: ReturnType<typeof setTimeout> | null = null;
    const { unsubscribe } = this.client.subscription(PROJECT_ACTIVITY, { id: this.id }).subscribe(() => {
      // Events of one write arrive together: read once for them.
      if (pending) return;
      pending = setTimeout(() => {
        pending = null;
        void this.load(false);
      }, 100);
    });
    return () => {
      if (pending) clearTimeout(pending);
      unsubscribe();
    };
  }

  async load(showLoading = true): Promise<void> {
    if (showLoading) this.loading = true;
    this.failed = false;
    const result = await this.client.query(PROJECT, { id: this.id }, { requestPolicy: 'network-only' }).toPromise();
    // A malformed id is BAD_USER_INPUT: the same "no such project" as an unknown one.
    const badId = result.error?.graphQLErrors.some((e) => e.extensions?.code === 'BAD_USER_INPUT');
    this.failed = Boolean(result.error) && !badId;
    this.project = result.data?.node?.titleZh !== undefined ? (result.data.node as ProjectDetail) : null;
    this.loading = false;
  }
}
