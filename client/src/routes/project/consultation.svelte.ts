import type { Client } from '@urql/core';
import { refusalOf, type Refusal } from '../../lib/outcome';
import { graphql, type ResultOf } from '../../lib/graphql';

const CONSULTATION = graphql(`
  query Consultation($id: ID!) {
    node(id: $id) {
      ... on Project {
        id
        consultation {
          rule {
            support
            objections
          }
          participants
          supports
          objects
          abstains
          met
          blockers
        }
        comments(first: 20) {
          nodes {
            id
            removed
            stance
            author
            createdAt
            organization {
              nameZh
              nameEn
            }
            parts {
              text
              organization {
                id
                nameZh
                nameEn
              }
            }
            replies(first: 10) {
              nodes {
                id
                removed
                author
                createdAt
                organization {
                  nameZh
                  nameEn
                }
                parts {
                  text
                }
              }
            }
          }
        }
      }
    }
  }
`);

const POST = graphql(`
  mutation PostComment($i: PostCommentInput!) {
    postComment(input: $i) {
      comment {
        id
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

export type ConsultationView = Extract<NonNullable<ResultOf<typeof CONSULTATION>['node']>, { consultation: unknown }>;

/** A project's consultation: where the rule stands, and the discussion. */
export class ConsultationData {
  view = $state<ConsultationView | null>(null);
  error = $state<Refusal | null>(null);
  busy = $state(false);
  private key = crypto.randomUUID();

  constructor(
    private readonly client: Client,
    private readonly projectId: string,
  ) {}

  async load(): Promise<void> {
    const result = await this.client
      .query(CONSULTATION, { id: this.projectId }, { requestPolicy: 'network-only' })
      .toPromise();
    const node = result.data?.node;
    if (node && 'consultation' in node) this.view = node;
  }

  /** Posts a comment (or a reply) for the organization; true when posted. */
  async post(organizationId: string, text: string, parentId?: string): Promise<boolean> {
    if (this.busy) return false;
    this.busy = true;
    try {
      const result = await this.client
        .mutation(POST, {
          i: { projectId: this.projectId, organizationId, text, parentId, idempotencyKey: this.key },
        })
        .toPromise();
      this.error = refusalOf(result, result.data?.postComment.userErrors);
      if (this.error) return false;
      this.key = crypto.randomUUID();
      await this.load();
      return true;
    } finally {
      this.busy = false;
    }
  }
}
