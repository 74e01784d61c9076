import { followLive, refusalOf, type Refusal } from '../../lib/outcome';
import { graphql, type EnumOf, type ResultOf } from '../../lib/graphql';
import type { Client } from '@urql/core';

/** A project as its page shows it: the Project of the PROJECT query's result. */
export type ProjectDetail = Extract<NonNullable<ResultOf<typeof PROJECT>['node']>, { titleZh: string }>;

const PROJECT = graphql(`
  query Project($id: ID!) {
    node(id: $id) {
      ... on Project {
        id
        titleZh
        titleEn
        summaryZh
        summaryEn
        status
        progress
        fillRate
        allowedTransitions
        participants(first: 100) {
          nodes {
            id
            role
            status
            organization {
              id
              nameZh
              nameEn
            }
          }
        }
        milestones(first: 100) {
          nodes {
            id
            titleZh
            titleEn
            progress
            dueOn
            overdue
          }
        }
        activity(first: 20) {
          nodes {
            id
            type
            createdAt
            actor
            actorOrganization {
              nameZh
              nameEn
            }
            changes
          }
        }
        region {
          nameZh
          nameEn
        }
        leadCommittee {
          nameZh
          nameEn
        }
        needs {
          id
          titleZh
          titleEn
          status
        }
        requirements(first: 100) {
          nodes {
            id
            titleZh
            titleEn
            kind
            unit
            quantity
            committed
            commitments(first: 50) {
              nodes {
                id
                status
                quantity
                organization {
                  nameZh
                  nameEn
                }
                allowedActions
              }
            }
          }
        }
      }
    }
  }
`);

const MOVE = graphql(`
  mutation Move($i: ChangeProjectStatusInput!) {
    changeProjectStatus(input: $i) {
      project {
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

const ACTIONS = {
  CONFIRM: graphql(`
    mutation Confirm($i: CommitmentActionInput!) {
      confirmCommitment(input: $i) {
        userErrors {
          code
          message
        }
      }
    }
  `),
  DELIVER: graphql(`
    mutation Deliver($i: CommitmentActionInput!) {
      markDelivered(input: $i) {
        userErrors {
          code
          message
        }
      }
    }
  `),
  WITHDRAW: graphql(`
    mutation Withdraw($i: CommitmentActionInput!) {
      withdrawCommitment(input: $i) {
        userErrors {
          code
          message
        }
      }
    }
  `),
};

const PROJECT_ACTIVITY = graphql(`
  subscription ProjectActivity($id: ID!, $after: String) {
    projectActivity(projectId: $id, after: $after) {
      cursor
      activity {
        id
        type
      }
    }
  }
`);

/** One project, as its page shows it. */
export class ProjectPageData {
  project = $state<ProjectDetail | null>(null);
  loading = $state(true);
  /** Counts the reads, so the parts of the page that read on their own read again too. */
  version = $state(0);
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
    return followLive(this.client, PROJECT_ACTIVITY, { id: this.id }, () => void this.load(false), 100);
  }

  /** The refusal of the last move, if any: its code and the server's explanation. */
  moveRefusal = $state<Refusal | null>(null);

  /** Moves the project along its lifecycle (the buttons show only the viewer's moves). */
  async move(status: EnumOf<'ProjectStatus'>): Promise<void> {
    const result = await this.client.mutation(MOVE, { i: { projectId: this.id, status } }).toPromise();
    this.moveRefusal = refusalOf(result, result.data?.changeProjectStatus.userErrors);
    await this.load(false);
  }

  /** Confirms, delivers or withdraws a commitment (the buttons show only the viewer's actions). */
  async act(commitmentId: string, action: EnumOf<'CommitmentAction'>): Promise<void> {
    const result = await this.client.mutation(ACTIONS[action], { i: { commitmentId } }).toPromise();
    const payload = result.data && Object.values(result.data)[0];
    this.moveRefusal = refusalOf(result, payload?.userErrors);
    await this.load(false);
  }

  async load(showLoading = true): Promise<void> {
    if (showLoading) this.loading = true;
    this.failed = false;
    const result = await this.client.query(PROJECT, { id: this.id }, { requestPolicy: 'network-only' }).toPromise();
    // A malformed id is BAD_USER_INPUT: the same "no such project" as an unknown one.
    const badId = result.error?.graphQLErrors.some((e) => e.extensions?.code === 'BAD_USER_INPUT');
    this.failed = Boolean(result.error) && !badId;
    const node = result.data?.node;
    this.project = node && 'titleZh' in node ? node : null;
    this.version++;
    this.loading = false;
  }
}
