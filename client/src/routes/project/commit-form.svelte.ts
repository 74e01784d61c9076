import { errorCode } from '../../lib/outcome';
import { graphql, type EnumOf } from '../../lib/graphql';
import { Submission } from '../../lib/submission.svelte';
import type { Client } from '@urql/core';

export interface CommitTarget {
  id: string;
  kind: EnumOf<'ResourceKind'>;
  unit: EnumOf<'QuantityUnit'>;
}

export interface OwnResource {
  id: string;
  titleZh: string;
  titleEn: string;
  unit: string;
  remaining: number;
}

/** One of the organization's resources the matching suggests for the requirement, and why. */
export interface Suggestion {
  resourceId: string;
  reason: string;
  reasonZh: string;
  /** What it can give of what is still open. */
  quantity: number;
}

export interface FieldError {
  field: string | null;
  code: string;
  message: string;
}

const RESOURCES = graphql(`
  query OwnResources($filter: ResourceFilter) {
    resources(first: 100, filter: $filter) {
      nodes {
        id
        titleZh
        titleEn
        unit
        remaining
      }
    }
  }
`);
const SUGGESTIONS = graphql(`
  query CommitSuggestions($projectId: ID!) {
    matchSuggestions(projectId: $projectId, first: 20) {
      requirements {
        open
        requirement {
          id
        }
        resources {
          reason
          reasonZh
          resource {
            id
            remaining
            owner {
              id
            }
          }
        }
      }
    }
  }
`);
const COMMIT = graphql(`
  mutation Commit($i: CommitResourceInput!) {
    commitResource(input: $i) {
      commitment {
        id
        status
        quantity
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

/**
 * A commitment being entered: the organization's resources that fit the requirement, and the
 * submission. One idempotency key per entered commitment (see Submission), so a double submit or
 * a retry after a lost answer commits once; a refusal keeps what was typed.
 */
export class CommitForm {
  resources = $state<OwnResource[]>([]);
  suggestions = $state<Suggestion[]>([]);
  errors = $state<FieldError[]>([]);
  private readonly submission = new Submission();

  constructor(
    private readonly client: Client,
    readonly requirement: CommitTarget,
    readonly organizationId: string,
    private readonly projectId: string | null = null,
  ) {}

  get busy(): boolean {
    return this.submission.busy;
  }

  /** The organization's resources that fit, and which of them the matching suggests. */
  async loadResources(): Promise<void> {
    await Promise.all([this.readResources(), this.readSuggestions()]);
  }

  private async readSuggestions(): Promise<void> {
    if (!this.projectId) return;
    const result = await this.client
      .query(SUGGESTIONS, { projectId: this.projectId }, { requestPolicy: 'network-only' })
      .toPromise();
    const match = result.data?.matchSuggestions.requirements.find((r) => r.requirement.id === this.requirement.id);
    this.suggestions = (match?.resources ?? [])
      .filter((m) => m.resource.owner.id === this.organizationId)
      .map((m) => ({
        resourceId: m.resource.id,
        reason: m.reason,
        reasonZh: m.reasonZh,
        quantity: Math.min(match!.open, m.resource.remaining),
      }));
  }

  private async readResources(): Promise<void> {
    const result = await this.client
      .query(
        RESOURCES,
        { filter: { ownerId: this.organizationId, kind: [this.requirement.kind], available: true } },
        { requestPolicy: 'network-only' },
      )
      .toPromise();
    const nodes = (result.data?.resources.nodes ?? []) as OwnResource[];
    this.resources = nodes.filter((r) => r.unit === this.requirement.unit);
  }

  /** Commits; true when done, else `errors` says why (each on its field where it has one). */
  async submit(quantity: number, resourceId: string | null): Promise<boolean> {
    const input = {
      requirementId: this.requirement.id,
      organizationId: this.organizationId,
      quantity,
      unit: this.requirement.unit,
      ...(resourceId ? { resourceId } : {}),
    };
    const result = await this.submission.send(input, (idempotencyKey) =>
      this.client.mutation(COMMIT, { i: { ...input, idempotencyKey } }).toPromise(),
    );
    if (!result) return false;
    if (result.error) {
      this.errors = [{ field: null, code: errorCode(result.error), message: result.error.message }];
      return false;
    }
    const refused = result.data?.commitResource.userErrors ?? [];
    this.errors = refused.map((e) => ({ field: e.field?.at(-1) ?? null, code: e.code, message: e.message }));
    return this.errors.length === 0;
  }

  errorOn(field: string | null): FieldError | undefined {
    return this.errors.find((e) => e.field === field);
  }
}
