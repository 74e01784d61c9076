import type { Client, CombinedError } from '@urql/core';
import { refusalOf, type Refusal } from '../../lib/outcome';
import { graphql, type EnumOf, type ResultOf } from '../../lib/graphql';
import { Submission } from '../../lib/submission.svelte';

const COMMENT = graphql(`
  fragment ConsultationComment on Comment @_unmask {
    id
    removed
    stance
    author
    text
    createdAt
    editedAt
    allowedActions
    organization {
      id
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
  }
`);

const CONSULTATION = graphql(
  `
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
            supportsNeeded
            objects
            abstains
            met
            missing {
              id
              nameZh
              nameEn
            }
            unansweredObjections {
              id
              organization {
                nameZh
                nameEn
              }
            }
          }
          positions(first: 100) {
            nodes {
              id
              stance
              reason
              organization {
                id
              }
            }
          }
          comments(first: 20) {
            nodes {
              ...ConsultationComment
              replies(first: 10) {
                nodes {
                  ...ConsultationComment
                }
              }
            }
          }
        }
      }
    }
  `,
  [COMMENT],
);

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
const EDIT = graphql(`
  mutation EditComment($i: EditCommentInput!) {
    editComment(input: $i) {
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
const REMOVE = graphql(`
  mutation RemoveComment($i: RemoveCommentInput!) {
    removeComment(input: $i) {
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
const POSITION = graphql(`
  mutation RecordPosition($i: RecordPositionInput!) {
    recordPosition(input: $i) {
      position {
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
export type Stance = EnumOf<'Stance'>;
export type CommentView = Omit<ConsultationView['comments']['nodes'][number], 'replies'>;

/**
 * Where a refusal belongs: the new comment's form, a reply's form (`reply:<id>`), an edit
 * (`edit:<id>`), a removal (`remove:<id>`), or the position form.
 */
export type Place = 'comment' | 'position' | `reply:${string}` | `edit:${string}` | `remove:${string}`;

/** A project's consultation: where the rule stands, the positions and the discussion. */
export class ConsultationData {
  view = $state<ConsultationView | null>(null);
  refusal = $state<{ place: Place; refusal: Refusal } | null>(null);
  busy = $state<Place | null>(null);
  /** Each place's writes: one idempotency key per entered comment or position (see Submission). */
  private submissions: Partial<Record<Place, Submission>> = {};

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

  /** The refusal shown at `place`, if any. */
  refusedAt(place: Place): Refusal | null {
    return this.refusal?.place === place ? this.refusal.refusal : null;
  }

  /** The position `organizationId` stands by, if any. */
  positionOf(organizationId: string | null): { stance: Stance; reason: string | null } | null {
    return this.view?.positions.nodes.find((p) => p.organization.id === organizationId) ?? null;
  }

  /** Posts a comment, or a reply to `parentId`, for the organization; true when posted. */
  post(organizationId: string, text: string, parentId?: string): Promise<boolean> {
    const place: Place = parentId ? `reply:${parentId}` : 'comment';
    const input = { projectId: this.projectId, organizationId, text, parentId };
    return this.send(
      place,
      input,
      (idempotencyKey) => this.client.mutation(POST, { i: { ...input, idempotencyKey } }).toPromise(),
      (data) => data?.postComment.userErrors,
    );
  }

  /** States (or changes) the organization's position, with its reason; true when recorded. */
  recordPosition(organizationId: string, stance: Stance, reason: string): Promise<boolean> {
    const input = { projectId: this.projectId, organizationId, stance, reason };
    return this.send(
      'position',
      input,
      (idempotencyKey) => this.client.mutation(POSITION, { i: { ...input, idempotencyKey } }).toPromise(),
      (data) => data?.recordPosition.userErrors,
    );
  }

  edit(commentId: string, text: string): Promise<boolean> {
    return this.send(
      `edit:${commentId}`,
      { commentId, text },
      () => this.client.mutation(EDIT, { i: { commentId, text } }).toPromise(),
      (data) => data?.editComment.userErrors,
    );
  }

  remove(commentId: string): Promise<boolean> {
    return this.send(
      `remove:${commentId}`,
      { commentId },
      () => this.client.mutation(REMOVE, { i: { commentId } }).toPromise(),
      (data) => data?.removeComment.userErrors,
    );
  }

  /** Runs one write at a time (across places), the place's refusal shown there; reads again when done. */
  private async send<Data>(
    place: Place,
    input: unknown,
    write: (idempotencyKey: string) => Promise<{ data?: Data; error?: CombinedError }>,
    userErrors: (data: Data | undefined) => readonly { code: string; message: string }[] | undefined,
  ): Promise<boolean> {
    if (this.busy) return false;
    this.busy = place;
    try {
      const result = await (this.submissions[place] ??= new Submission()).send(input, write);
      if (!result) return false;
      const refusal = refusalOf(result, userErrors(result.data));
      this.refusal = refusal ? { place, refusal } : null;
      if (refusal) return false;
      await this.load();
      return true;
    } finally {
      this.busy = null;
    }
  }
}
