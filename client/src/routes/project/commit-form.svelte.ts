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
  errors = $state<FieldError[]>([]);
  private readonly submission = new Submission();

  constructor(
    private readonly client: Client,
    readonly requirement: CommitTarget,
    readonly organizationId: string,
  ) {}

  get busy(): boolean {
    return this.submission.busy;
  }

  async loadResources(): Promise<void> {
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
