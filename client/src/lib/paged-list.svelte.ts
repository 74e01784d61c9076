import { errorCode } from './outcome';
import type { CombinedError } from '@urql/core';

/** One page of a connection, as the API answers it. */
export interface Page<T> {
  nodes: T[];
  totalCount: number;
  pageInfo: { hasNextPage: boolean; endCursor?: string | null };
}

/** A read of one page: the page when it came, else the request's error (none: no answer). */
export type ReadPage<T> = (
  first: number,
  after: string | null,
) => Promise<{ page: Page<T> | null | undefined; error?: CombinedError }>;

/** Items a page asks for; a quiet re-read asks for as many as are shown, up to the API's limit. */
export const PAGE_SIZE = 20;
const MAX_PAGE = 100;

/**
 * A list read page by page by cursor: `load` reads the first page, `loadMore` appends the next,
 * `refresh` reads again what is shown, quietly (after a change here or elsewhere, live). Every
 * new list bumps a generation, so an answer to an older request never mixes into it.
 */
export class PagedList<T extends { id: string }> {
  items = $state<T[]>([]);
  totalCount = $state(0);
  hasNextPage = $state(false);
  /** Until the first page is in (and while it is read again, not quietly). */
  loading = $state(true);
  loadingMore = $state(false);
  /** Why the last read that was not quiet failed (NETWORK, RATE_LIMITED, …); null when it went through. */
  failure = $state<string | null>(null);
  private cursor: string | null = null;
  private generation = 0;

  constructor(private readonly read: ReadPage<T>) {}

  /** The list from its first page. */
  async load(): Promise<void> {
    const generation = ++this.generation;
    this.loading = true;
    const { page, error } = await this.read(PAGE_SIZE, null);
    if (generation !== this.generation) return;
    this.loading = false;
    if (!page) {
      // The list of another filter must not stand under this one.
      this.items = [];
      this.hasNextPage = false;
      this.failure = failureOf(error);
      return;
    }
    this.failure = null;
    this.take(page, false);
  }

  async loadMore(): Promise<void> {
    if (this.loading || this.loadingMore || !this.hasNextPage) return;
    const generation = this.generation;
    this.loadingMore = true;
    const { page, error } = await this.read(PAGE_SIZE, this.cursor);
    this.loadingMore = false;
    if (generation !== this.generation) return;
    if (!page) {
      this.failure = failureOf(error);
      return;
    }
    this.failure = null;
    this.take(page, true);
  }

  /** Reads again what is shown (its first 100 when more are); a failure keeps what is shown. */
  async refresh(): Promise<void> {
    const generation = ++this.generation;
    const shown = this.items.length;
    const { page } = await this.read(Math.min(MAX_PAGE, Math.max(PAGE_SIZE, shown)), null);
    if (generation !== this.generation) return;
    this.loading = false;
    // The next event reads again.
    if (!page) return;
    this.failure = null;
    if (shown > MAX_PAGE) {
      // Beyond the first 100 the list keeps what it read, without what is now in the first 100.
      const fresh = page.nodes.map((n) => n.id);
      this.items = [...page.nodes, ...this.items.slice(MAX_PAGE).filter((n) => !fresh.includes(n.id))];
      this.totalCount = page.totalCount;
      return;
    }
    this.take(page, false);
  }

  private take(page: Page<T>, append: boolean): void {
    if (append) {
      const known = this.items.map((n) => n.id);
      this.items = [...this.items, ...page.nodes.filter((n) => !known.includes(n.id))];
    } else {
      this.items = page.nodes;
    }
    this.totalCount = page.totalCount;
    this.hasNextPage = page.pageInfo.hasNextPage;
    this.cursor = page.pageInfo.endCursor ?? null;
  }
}

function failureOf(error: CombinedError | undefined): string {
  return error ? errorCode(error) : 'NETWORK';
}
