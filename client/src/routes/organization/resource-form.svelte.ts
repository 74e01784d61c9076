import { errorCode } from '../../lib/outcome';
import { graphql, type EnumOf } from '../../lib/graphql';
import { Submission } from '../../lib/submission.svelte';
import type { Client } from '@urql/core';

export type ResourceKind = EnumOf<'ResourceKind'>;
export type QuantityUnit = EnumOf<'QuantityUnit'>;

/**
 * The units each kind of resource is counted in, as the server enforces them
 * (server/src/modules/common/units.ts, UNITS_BY_KIND): the form offers only these.
 */
export const UNITS_BY_KIND: Record<ResourceKind, QuantityUnit[]> = {
  VENUE: ['SESSION', 'SQUARE_METER', 'SEAT', 'HOUR'],
  VOLUNTEER_HOURS: ['PERSON_HOUR'],
  FUNDS: ['YUAN'],
  EQUIPMENT: ['ITEM'],
  EXPERTISE: ['HOUR', 'PERSON_HOUR', 'SESSION'],
  SERVICE: ['MEAL', 'SESSION', 'HOUR', 'PERSON_HOUR'],
};

export const KINDS = Object.keys(UNITS_BY_KIND) as ResourceKind[];

/** A resource being changed: what the edit form starts from. */
export interface EditedResource {
  id: string;
  kind: string;
  unit: string;
  capacity: number;
  committed: number;
  titleZh: string;
  titleEn: string;
  descriptionZh?: string | null;
  descriptionEn?: string | null;
  availableFrom?: string | null;
  availableUntil?: string | null;
}

/** What the person types: every field as its control holds it. */
export interface ResourceDraft {
  kind: ResourceKind;
  unit: QuantityUnit;
  /** A number input holds null (or undefined) while empty. */
  capacity: number | null | undefined;
  titleZh: string;
  titleEn: string;
  descriptionZh: string;
  descriptionEn: string;
  availableFrom: string;
  availableUntil: string;
}

/** Why the form was refused: on a field (its input name) or, with `field` null, the whole form. */
export interface FieldError {
  field: string | null;
  code: string;
}

const PUBLISH = graphql(`
  mutation PublishResource($i: PublishResourceInput!) {
    publishResource(input: $i) {
      resource {
        id
        titleZh
        titleEn
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
const UPDATE = graphql(`
  mutation UpdateResource($i: UpdateResourceInput!) {
    updateResource(input: $i) {
      resource {
        id
        titleZh
        titleEn
        capacity
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);

function emptyDraft(): ResourceDraft {
  return {
    kind: 'VOLUNTEER_HOURS',
    unit: 'PERSON_HOUR',
    capacity: null,
    titleZh: '',
    titleEn: '',
    descriptionZh: '',
    descriptionEn: '',
    availableFrom: '',
    availableUntil: '',
  };
}

function draftOf(resource: EditedResource): ResourceDraft {
  return {
    kind: resource.kind as ResourceKind,
    unit: resource.unit as QuantityUnit,
    capacity: resource.capacity,
    titleZh: resource.titleZh,
    titleEn: resource.titleEn,
    descriptionZh: resource.descriptionZh ?? '',
    descriptionEn: resource.descriptionEn ?? '',
    availableFrom: resource.availableFrom ?? '',
    availableUntil: resource.availableUntil ?? '',
  };
}

/**
 * A resource being published (or, with `editing`, changed). What was typed stays in `draft`
 * whatever the answer. A publication carries one idempotency key per entered resource (see
 * Submission): a double submit or a retry after a lost answer publishes once.
 */
export class ResourceForm {
  draft = $state<ResourceDraft>(emptyDraft());
  errors = $state<FieldError[]>([]);
  private readonly submission = new Submission();

  constructor(
    private readonly client: Client,
    readonly organizationId: string,
    readonly editing: EditedResource | null = null,
  ) {
    if (editing) this.draft = draftOf(editing);
  }

  get busy(): boolean {
    return this.submission.busy;
  }

  /** The units the chosen kind is counted in. */
  get units(): QuantityUnit[] {
    return UNITS_BY_KIND[this.draft.kind];
  }

  get kind(): ResourceKind {
    return this.draft.kind;
  }

  /** Choosing a kind keeps the unit when it fits, else takes the kind's first unit. */
  set kind(kind: ResourceKind) {
    this.draft.kind = kind;
    if (!UNITS_BY_KIND[kind].includes(this.draft.unit)) this.draft.unit = UNITS_BY_KIND[kind][0];
  }

  errorOn(field: string): FieldError | undefined {
    return this.errors.find((e) => e.field === field);
  }

  /** The refusal that belongs to no field of the form (network, permission, …). */
  get failure(): FieldError | undefined {
    return this.errors.find((e) => e.field === null);
  }

  /** Publishes (or saves); the new or changed resource's id when done, else `errors` says why. */
  async submit(): Promise<{ id: string; titleZh: string; titleEn: string } | null> {
    if (this.busy) return null;
    const local = this.check();
    if (local.length) {
      this.errors = local;
      return null;
    }
    const outcome = this.editing ? await this.update(this.editing) : await this.publish();
    if (!outcome) return null;
    if ('errors' in outcome) {
      this.errors = outcome.errors;
      return null;
    }
    this.errors = [];
    return outcome.resource;
  }

  /** What the server cannot be asked: an empty number, a date removed (the API keeps a date once set). */
  private check(): FieldError[] {
    const errors: FieldError[] = [];
    const capacity = this.draft.capacity;
    if (capacity === null || capacity === undefined || Number.isNaN(capacity)) {
      errors.push({ field: 'capacity', code: 'REQUIRED_capacity' });
    }
    for (const field of ['availableFrom', 'availableUntil'] as const) {
      if (this.editing?.[field] && !this.draft[field]) errors.push({ field, code: 'DATE_KEPT' });
    }
    return errors;
  }

  private async publish(): Promise<Outcome | null> {
    const d = this.draft;
    const input = {
      organizationId: this.organizationId,
      kind: d.kind,
      unit: d.unit,
      capacity: Number(d.capacity),
      titleZh: d.titleZh,
      titleEn: d.titleEn,
      ...(d.descriptionZh.trim() ? { descriptionZh: d.descriptionZh } : {}),
      ...(d.descriptionEn.trim() ? { descriptionEn: d.descriptionEn } : {}),
      ...(d.availableFrom ? { availableFrom: d.availableFrom } : {}),
      ...(d.availableUntil ? { availableUntil: d.availableUntil } : {}),
    };
    const result = await this.submission.send(input, (idempotencyKey) =>
      this.client.mutation(PUBLISH, { i: { ...input, idempotencyKey } }).toPromise(),
    );
    if (!result) return null;
    const payload = result.data?.publishResource;
    if (!payload) return { errors: [{ field: null, code: result.error ? errorCode(result.error) : 'NETWORK' }] };
    if (payload.userErrors.length || !payload.resource) return refused(payload.userErrors);
    return { resource: payload.resource };
  }

  /** A change carries no key (the same change twice is the same state). */
  private async update(resource: EditedResource): Promise<Outcome | null> {
    const d = this.draft;
    const input = {
      resourceId: resource.id,
      capacity: Number(d.capacity),
      titleZh: d.titleZh,
      titleEn: d.titleEn,
      // Descriptions can be emptied; a date left empty was never set (see `check`).
      descriptionZh: d.descriptionZh,
      descriptionEn: d.descriptionEn,
      ...(d.availableFrom ? { availableFrom: d.availableFrom } : {}),
      ...(d.availableUntil ? { availableUntil: d.availableUntil } : {}),
    };
    const result = await this.submission.send(input, () => this.client.mutation(UPDATE, { i: input }).toPromise());
    if (!result) return null;
    const payload = result.data?.updateResource;
    if (!payload) return { errors: [{ field: null, code: result.error ? errorCode(result.error) : 'NETWORK' }] };
    if (payload.userErrors.length || !payload.resource) return refused(payload.userErrors);
    return { resource: payload.resource };
  }
}

type Refused = { errors: FieldError[] };
type Outcome = { resource: { id: string; titleZh: string; titleEn: string } } | Refused;

/** The fields of the form: a refusal on another input field (organizationId, resourceId) is the form's. */
const FIELDS = new Set<string>(Object.keys(emptyDraft()));

/** userErrors on the form's fields: the last segment of each `field` (`["input","capacity"]` → capacity). */
function refused(userErrors: readonly { field?: readonly string[] | null; code: string }[]): Refused {
  const errors = userErrors.map((e) => {
    const field = e.field?.at(-1) ?? null;
    return { field: field && FIELDS.has(field) ? field : null, code: e.code };
  });
  return { errors: errors.length ? errors : [{ field: null, code: 'FAILED' }] };
}
