import { errorCode } from '../../lib/outcome';
import { graphql, type EnumOf, type ResultOf, type VariablesOf } from '../../lib/graphql';
import { PagedList } from '../../lib/paged-list.svelte';
import { cityRegionId, followRegion } from '../../lib/regions';
import { Submission } from '../../lib/submission.svelte';
import type { Client } from '@urql/core';

export type NeedStatus = EnumOf<'NeedStatus'>;
export type Category = EnumOf<'Category'>;
export const NEED_STATUSES: NeedStatus[] = ['OPEN', 'MATCHED', 'RESOLVED'];
export const CATEGORIES: Category[] = [
  'COMMUNITY_SERVICES',
  'ELDERLY_CARE',
  'CHILDREN_AND_YOUTH',
  'HEALTH',
  'CULTURE_AND_SPORTS',
  'ENVIRONMENT',
  'GREEN_SPACE',
  'PUBLIC_SAFETY',
  'TRANSPORT',
  'PROPERTY_MANAGEMENT',
  'BUSINESS_DISTRICT',
];

export interface RegionOption {
  id: string;
  nameZh: string;
  nameEn: string;
  level: string;
}

const REGIONS = graphql(`
  query NeedsRegions($filter: RegionFilter) {
    regions(first: 100, filter: $filter) {
      nodes {
        id
        nameZh
        nameEn
        level
      }
    }
  }
`);
export const NEEDS = graphql(`
  query Needs($first: Int!, $after: String, $filter: NeedFilter, $supporter: ID!, $acting: Boolean!) {
    needs(first: $first, after: $after, filter: $filter) {
      totalCount
      pageInfo {
        hasNextPage
        endCursor
      }
      nodes {
        id
        titleZh
        titleEn
        descriptionZh
        descriptionEn
        category
        status
        createdAt
        supportCount
        supportedBy(organizationId: $supporter) @include(if: $acting)
        region {
          id
          nameZh
          nameEn
        }
        reporter {
          id
          nameZh
          nameEn
        }
        projects {
          id
          titleZh
          titleEn
          status
        }
      }
    }
  }
`);
const SUPPORT = graphql(`
  mutation SupportNeed($i: SupportNeedInput!, $supporter: ID!) {
    supportNeed(input: $i) {
      need {
        id
        supportCount
        supportedBy(organizationId: $supporter)
      }
      userErrors {
        field
        code
        message
      }
    }
  }
`);
const REPORT = graphql(`
  mutation ReportNeed($i: ReportNeedInput!) {
    reportNeed(input: $i) {
      need {
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
const AREA = graphql(`
  query CommitteeArea($id: ID!) {
    area: node(id: $id) {
      ... on Region {
        id
        nameZh
        nameEn
        level
        parent {
          id
          nameZh
          nameEn
          level
        }
      }
    }
    communities: regions(first: 100, filter: { withinId: $id, level: COMMUNITY }) {
      nodes {
        id
        nameZh
        nameEn
        level
      }
    }
  }
`);
export type NeedItem = ResultOf<typeof NEEDS>['needs']['nodes'][number];
type NeedFilter = NonNullable<VariablesOf<typeof NEEDS>['filter']>;

/** How long the search waits for typing to pause before it asks (ms). */
export const SEARCH_DELAY_MS = 300;

/** Where one need's support stands: being sent, and the code of its last refusal. */
export interface SupportState {
  busy: boolean;
  refusal: string | null;
}

/**
 * The needs list: its filters (region by levels, status, category, search, supported by the
 * acting organization), pages by cursor, support per need, and re-reading when something
 * happens in the region (live).
 */
export class NeedList {
  /** The needs for the filters as they are, page by page. */
  readonly needs: PagedList<NeedItem>;

  status = $state<NeedStatus | ''>('');
  category = $state<Category | ''>('');
  search = $state('');
  onlySupported = $state(false);
  districtId = $state('');
  subdistrictId = $state('');
  communityId = $state('');
  districts = $state<RegionOption[]>([]);
  subdistricts = $state<RegionOption[]>([]);
  communities = $state<RegionOption[]>([]);
  /** The municipality: followed live when no region is chosen. */
  rootId = $state<string | null>(null);

  support = $state<Record<string, SupportState>>({});

  private searchTimer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly client: Client,
    /** The organization the person acts for (null when signed out): its support is shown. */
    readonly organizationId: string | null,
  ) {
    this.needs = new PagedList(async (first, after) => {
      const result = await this.client
        .query(
          NEEDS,
          {
            first,
            after,
            filter: this.filter(),
            supporter: this.organizationId ?? '',
            acting: Boolean(this.organizationId),
          },
          { requestPolicy: 'network-only' },
        )
        .toPromise();
      return { page: result.data?.needs, error: result.error };
    });
  }

  /** The chosen region, the narrowest level chosen; null for the whole city. */
  get regionId(): string | null {
    return this.communityId || this.subdistrictId || this.districtId || null;
  }

  /** The region whose events the list follows: the chosen one, else the municipality. */
  get liveRegionId(): string | null {
    return this.regionId ?? this.rootId;
  }

  get filtered(): boolean {
    return Boolean(this.regionId || this.status || this.category || this.search.trim() || this.onlySupported);
  }

  /** The first page, the districts to choose from and the municipality (for the live feed). */
  async start(): Promise<void> {
    await Promise.all([
      this.needs.load(),
      this.regions({ level: 'DISTRICT' }).then((r) => (this.districts = r)),
      cityRegionId(this.client).then((id) => (this.rootId = id)),
    ]);
  }

  private async regions(filter: VariablesOf<typeof REGIONS>['filter']): Promise<RegionOption[]> {
    const result = await this.client.query(REGIONS, { filter }).toPromise();
    return result.data?.regions.nodes ?? [];
  }

  async chooseDistrict(id: string): Promise<void> {
    this.districtId = id;
    this.subdistrictId = '';
    this.communityId = '';
    this.subdistricts = [];
    this.communities = [];
    await Promise.all([
      this.needs.load(),
      id ? this.regions({ parentId: id }).then((r) => this.districtId === id && (this.subdistricts = r)) : null,
    ]);
  }

  async chooseSubdistrict(id: string): Promise<void> {
    this.subdistrictId = id;
    this.communityId = '';
    this.communities = [];
    await Promise.all([
      this.needs.load(),
      id ? this.regions({ parentId: id }).then((r) => this.subdistrictId === id && (this.communities = r)) : null,
    ]);
  }

  async chooseCommunity(id: string): Promise<void> {
    this.communityId = id;
    await this.needs.load();
  }

  async setStatus(status: NeedStatus | ''): Promise<void> {
    this.status = status;
    await this.needs.load();
  }

  async setCategory(category: Category | ''): Promise<void> {
    this.category = category;
    await this.needs.load();
  }

  async setOnlySupported(only: boolean): Promise<void> {
    this.onlySupported = only;
    await this.needs.load();
  }

  /** Searches once typing pauses. */
  typeSearch(text: string): void {
    this.search = text;
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.searchTimer = setTimeout(() => {
      this.searchTimer = null;
      void this.needs.load();
    }, SEARCH_DELAY_MS);
  }

  async clearFilters(): Promise<void> {
    if (this.searchTimer) clearTimeout(this.searchTimer);
    this.status = '';
    this.category = '';
    this.search = '';
    this.onlySupported = false;
    this.districtId = this.subdistrictId = this.communityId = '';
    this.subdistricts = [];
    this.communities = [];
    await this.needs.load();
  }

  private filter(): NeedFilter | null {
    const filter: NeedFilter = {};
    if (this.regionId) filter.regionId = this.regionId;
    if (this.status) filter.status = [this.status];
    if (this.category) filter.category = [this.category];
    if (this.search.trim()) filter.search = this.search.trim();
    if (this.onlySupported && this.organizationId) filter.supportedById = this.organizationId;
    return Object.keys(filter).length ? filter : null;
  }

  /** Re-reads on each event in the followed region (batched); returns the unsubscribe function. */
  follow(regionId: string): () => void {
    return followRegion(this.client, regionId, () => void this.needs.refresh());
  }

  supportOf(needId: string): SupportState {
    return this.support[needId] ?? { busy: false, refusal: null };
  }

  /** Records the acting organization's support; a refusal stays beside the need's button. */
  async supportNeed(needId: string): Promise<boolean> {
    const organizationId = this.organizationId;
    if (!organizationId || this.supportOf(needId).busy) return false;
    this.support[needId] = { busy: true, refusal: null };
    const result = await this.client
      .mutation(SUPPORT, { i: { needId, organizationId }, supporter: organizationId })
      .toPromise();
    const payload = result.data?.supportNeed;
    const refusal =
      payload?.userErrors[0]?.code ?? (result.error ? errorCode(result.error) : payload ? null : 'NETWORK');
    this.support[needId] = { busy: false, refusal };
    const need = payload?.need;
    if (need) {
      this.needs.items = this.needs.items.map((item) =>
        item.id === need.id ? { ...item, supportCount: need.supportCount, supportedBy: need.supportedBy } : item,
      );
    } else if (refusal === 'ALREADY_SUPPORTED') {
      await this.needs.refresh();
    }
    return refusal === null;
  }
}

export interface FieldError {
  field: string | null;
  code: string;
}

/** The report form's fields, as typed. */
export interface ReportFields {
  communityId: string;
  gridId: string;
  category: Category | '';
  titleZh: string;
  titleEn: string;
  descriptionZh: string;
  descriptionEn: string;
}

const EMPTY: ReportFields = {
  communityId: '',
  gridId: '',
  category: '',
  titleZh: '',
  titleEn: '',
  descriptionZh: '',
  descriptionEn: '',
};

/**
 * A need being reported by a committee: the communities (and their grids) of its area, the
 * fields, and the submission (one idempotency key per entered need, see Submission).
 */
export class ReportForm {
  fields = $state<ReportFields>({ ...EMPTY });
  communities = $state<RegionOption[]>([]);
  grids = $state<RegionOption[]>([]);
  areaFailed = $state(false);
  /** The committee's area is one grid: its needs are that grid's, not the whole community's. */
  gridOnly = $state(false);
  errors = $state<FieldError[]>([]);
  /** The need reported last, to confirm it. */
  reported = $state<{ id: string; titleZh: string; titleEn: string } | null>(null);
  private readonly submission = new Submission();

  constructor(
    private readonly client: Client,
    readonly committeeId: string,
    /** The committee's region: needs are reported for communities and grids within it. */
    readonly areaId: string,
  ) {}

  /** The communities of the committee's area (a grid committee's own community and grid). */
  async loadArea(): Promise<void> {
    this.areaFailed = false;
    const result = await this.client.query(AREA, { id: this.areaId }, { requestPolicy: 'network-only' }).toPromise();
    if (!result.data) {
      this.areaFailed = true;
      return;
    }
    const area = result.data.area;
    if (area && 'level' in area && area.level === 'GRID' && area.parent) {
      this.communities = [area.parent];
      this.grids = [{ id: area.id, nameZh: area.nameZh, nameEn: area.nameEn, level: area.level }];
      this.fields.communityId = area.parent.id;
      this.fields.gridId = area.id;
      this.gridOnly = true;
      return;
    }
    this.communities = result.data.communities.nodes;
    if (this.communities.length === 1) await this.chooseCommunity(this.communities[0].id);
  }

  /** Chooses the community; its grids can then be chosen (or the whole community). */
  async chooseCommunity(id: string): Promise<void> {
    this.fields.communityId = id;
    this.fields.gridId = '';
    this.grids = [];
    if (!id) return;
    const result = await this.client
      .query(REGIONS, { filter: { parentId: id, level: 'GRID' } }, { requestPolicy: 'network-only' })
      .toPromise();
    if (this.fields.communityId === id) this.grids = result.data?.regions.nodes ?? [];
  }

  get busy(): boolean {
    return this.submission.busy;
  }

  /** The last attempt got no answer (network): it can be retried as it was. */
  get unanswered(): boolean {
    return this.submission.unanswered;
  }

  errorOn(field: string): FieldError | undefined {
    return this.errors.find((e) => e.field === field);
  }

  /** Errors not beside a field of the form. */
  get otherErrors(): FieldError[] {
    const shown = ['regionId', 'category', 'titleZh', 'titleEn', 'descriptionZh', 'descriptionEn'];
    return this.errors.filter((e) => !e.field || !shown.includes(e.field));
  }

  /** Reports the need; its id when done, else null and `errors` (or `unanswered`) say why. */
  async submit(): Promise<string | null> {
    if (this.busy) return null;
    const f = this.fields;
    // Empty required fields are caught here, beside each (nothing is sent).
    const missing: FieldError[] = [];
    if (!f.communityId) missing.push({ field: 'regionId', code: 'required' });
    if (!f.category) missing.push({ field: 'category', code: 'required' });
    if (!f.titleZh) missing.push({ field: 'titleZh', code: 'required' });
    if (!f.titleEn) missing.push({ field: 'titleEn', code: 'required' });
    if (missing.length) {
      this.errors = missing;
      this.reported = null;
      return null;
    }
    const input = {
      committeeId: this.committeeId,
      regionId: f.gridId || f.communityId,
      category: f.category as Category,
      titleZh: f.titleZh,
      titleEn: f.titleEn,
      ...(f.descriptionZh.trim() ? { descriptionZh: f.descriptionZh } : {}),
      ...(f.descriptionEn.trim() ? { descriptionEn: f.descriptionEn } : {}),
    };
    this.reported = null;
    const result = await this.submission.send(input, (idempotencyKey) =>
      this.client.mutation(REPORT, { i: { ...input, idempotencyKey } }).toPromise(),
    );
    if (!result) return null;
    if (this.submission.unanswered) {
      this.errors = [];
      return null;
    }
    const payload = result.data?.reportNeed;
    const code = result.error ? errorCode(result.error) : payload ? null : 'NETWORK';
    if (code) {
      this.errors = [{ field: null, code }];
      return null;
    }
    this.errors = (payload?.userErrors ?? []).map((e) => ({ field: e.field?.at(-1) ?? null, code: e.code }));
    if (this.errors.length || !payload?.need) return null;
    this.reported = payload.need;
    // The place stays (a committee often reports several needs of one place); the rest is new.
    this.fields = { ...EMPTY, communityId: f.communityId, gridId: f.gridId };
    return payload.need.id;
  }
}
