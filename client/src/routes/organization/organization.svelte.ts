import { errorCode, refusalOf, type Refusal } from '../../lib/outcome';
import { followRegion } from '../../lib/regions';
import { graphql, type EnumOf, type ResultOf } from '../../lib/graphql';
import { PagedList } from '../../lib/paged-list.svelte';
import { NEEDS, type NeedItem } from '../needs/needs.svelte';
import type { Client } from '@urql/core';

const ORGANIZATION = graphql(`
  query MyOrganization($id: ID!) {
    node(id: $id) {
      ... on Organization {
        id
        nameZh
        nameEn
        kind
        region {
          id
          nameZh
          nameEn
        }
      }
    }
  }
`);

const RESOURCES = graphql(`
  query MyOrganizationResources($filter: ResourceFilter!, $first: Int!, $after: String) {
    resources(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        kind
        unit
        status
        capacity
        committed
        remaining
        titleZh
        titleEn
        descriptionZh
        descriptionEn
        availableFrom
        availableUntil
      }
    }
  }
`);

const COMMITMENTS = graphql(`
  query MyOrganizationCommitments($id: ID!, $status: CommitmentStatus, $first: Int!, $after: String) {
    node(id: $id) {
      ... on Organization {
        commitments(first: $first, after: $after, status: $status) {
          totalCount
          pageInfo {
            hasNextPage
            endCursor
          }
          nodes {
            id
            status
            quantity
            unit
            createdAt
            project {
              id
              titleZh
              titleEn
            }
            requirement {
              id
              titleZh
              titleEn
            }
            resource {
              id
              titleZh
              titleEn
            }
          }
        }
      }
    }
  }
`);

const RETIRE = graphql(`
  mutation RetireResource($i: RetireResourceInput!) {
    retireResource(input: $i) {
      resource {
        id
        status
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export type OrganizationHeader = Extract<NonNullable<ResultOf<typeof ORGANIZATION>['node']>, { nameZh: string }>;
export type OwnResource = ResultOf<typeof RESOURCES>['resources']['nodes'][number];
type CommitmentsOf = Extract<NonNullable<ResultOf<typeof COMMITMENTS>['node']>, { commitments: unknown }>;
export type OwnCommitment = CommitmentsOf['commitments']['nodes'][number];
export type CommitmentStatus = EnumOf<'CommitmentStatus'>;

/**
 * The organization a person acts for, as its screen shows it: its resources (retired ones on
 * request), its commitments across projects (by status), and the needs it supports; followed
 * live, so what others do to them (a committee confirming a commitment) shows without reload.
 */
export class OrganizationData {
  organization = $state<OrganizationHeader | null>(null);
  loading = $state(true);
  failure = $state<string | null>(null);
  showRetired = $state(false);
  commitmentStatus = $state<CommitmentStatus | null>(null);
  /** The last retirement's refusal, by resource. */
  retireRefusal = $state<{ id: string; refusal: Refusal } | null>(null);
  retiring = $state<string | null>(null);

  readonly resources: PagedList<OwnResource>;
  readonly commitments: PagedList<OwnCommitment>;
  readonly needs: PagedList<NeedItem>;

  constructor(
    private readonly client: Client,
    readonly id: string,
  ) {
    this.resources = new PagedList(async (first, after) => {
      const status: EnumOf<'ResourceStatus'>[] = this.showRetired ? ['ACTIVE', 'RETIRED'] : ['ACTIVE'];
      const result = await this.client
        .query(RESOURCES, { filter: { ownerId: this.id, status }, first, after }, { requestPolicy: 'network-only' })
        .toPromise();
      return { page: result.data?.resources, error: result.error };
    });
    this.commitments = new PagedList(async (first, after) => {
      const result = await this.client
        .query(
          COMMITMENTS,
          { id: this.id, status: this.commitmentStatus, first, after },
          { requestPolicy: 'network-only' },
        )
        .toPromise();
      const node = result.data?.node;
      return { page: node && 'commitments' in node ? node.commitments : null, error: result.error };
    });
    // The Needs screen's query, so these needs show as its cards do (supported, by definition).
    this.needs = new PagedList(async (first, after) => {
      const result = await this.client
        .query(
          NEEDS,
          { first, after, filter: { supportedById: this.id }, supporter: this.id, acting: true },
          { requestPolicy: 'network-only' },
        )
        .toPromise();
      return { page: result.data?.needs, error: result.error };
    });
  }

  private unfollow: (() => void) | null = null;
  private closed = false;

  /** Reads the organization, then follows it live and reads its three lists side by side. */
  async load(): Promise<void> {
    this.loading = true;
    this.failure = null;
    const result = await this.client
      .query(ORGANIZATION, { id: this.id }, { requestPolicy: 'network-only' })
      .toPromise();
    const node = result.data?.node;
    this.organization = node && 'nameZh' in node ? node : null;
    if (!this.organization) this.failure = result.error ? errorCode(result.error) : 'NOT_FOUND';
    this.loading = false;
    if (!this.organization) return;
    if (!this.unfollow && !this.closed) this.unfollow = this.follow();
    await Promise.all([this.resources.load(), this.commitments.load(), this.needs.load()]);
  }

  /** Stops following live (the screen closes). */
  close(): void {
    this.closed = true;
    this.unfollow?.();
    this.unfollow = null;
  }

  /** Reads the three lists again, in place (after a change here or elsewhere). */
  async refresh(): Promise<void> {
    await Promise.all([this.resources.refresh(), this.commitments.refresh(), this.needs.refresh()]);
  }

  /**
   * Follows the city's activity (the organization's commitments can be in any project of it,
   * inside its own region or not) and reads the lists again for each burst of events. Returns
   * the unsubscribe function.
   */
  private follow(): () => void {
    const organization = this.organization;
    if (!organization) return () => {};
    return followRegion(this.client, null, () => void this.refresh());
  }

  setShowRetired(show: boolean): void {
    this.showRetired = show;
    void this.resources.load();
  }

  setCommitmentStatus(status: CommitmentStatus | null): void {
    this.commitmentStatus = status;
    void this.commitments.load();
  }

  /** Retires a resource (after the person confirmed); true when done. */
  async retire(resourceId: string): Promise<boolean> {
    if (this.retiring) return false;
    this.retiring = resourceId;
    this.retireRefusal = null;
    try {
      const result = await this.client.mutation(RETIRE, { i: { resourceId } }).toPromise();
      const refusal = refusalOf(result, result.data?.retireResource.userErrors);
      if (refusal) {
        this.retireRefusal = { id: resourceId, refusal };
        return false;
      }
      await this.resources.refresh();
      return true;
    } finally {
      this.retiring = null;
    }
  }
}
