import type { EntityManager } from '@mikro-orm/postgresql';
import { HeaderMap } from '@apollo/server';
import { CodedError, ErrorCode } from '../../graphql/errors.js';
import type { Viewer } from '../auth/viewer.js';

/** Points per minute for each kind of caller; a bucket holds one minute's worth at most. */
export interface CostBudgetPolicy {
  anonymous: number;
  user: number;
  token: number;
}

/** What a request was charged, reported in `extensions.cost` and by `Query.rateLimit`. */
export interface CostCharge {
  /** The operation's cost as measured from its document before it ran. */
  requested: number;
  /** Points per minute for this caller (the bucket's size). */
  budget: number;
  /** Points left once the request was charged. */
  remaining: number;
  /** When the bucket is full again if nothing else is spent. */
  resetAt: Date;
}

export interface CostReport extends CostCharge {
  /** What the result actually held, measured like `requested`; the difference is refunded. */
  actual: number | null;
}

export interface PendingCharge extends CostReport {
  /** The request's final report given its actual cost; refunds the rest in the background. */
  settle(actual: number): CostReport;
}

interface BudgetRow {
  level: number;
  refused: boolean;
  now: Date;
}

/**
 * Cost budgets per API token, per signed-in user and per anonymous IP address, shared by
 * every instance through PostgreSQL. Each budget is a token bucket of `budget` points that
 * refills at `budget` per minute. A request is charged its requested cost before it runs and
 * refused with RATE_LIMITED (HTTP 429, Retry-After) when the bucket holds less; once it has
 * run, what it did not load is refunded.
 */
export class CostBudgets {
  constructor(
    private readonly em: EntityManager,
    private readonly policy: CostBudgetPolicy,
    private readonly onRefundError: (error: unknown) => void,
  ) {}

  private bucketOf(viewer: Viewer, clientIp: string | null): { key: string; budget: number } {
    const p = viewer.principal;
    if (p.kind === 'token') return { key: `token:${p.token.id}`, budget: this.policy.token };
    if (p.kind === 'user') return { key: `user:${p.user.id}`, budget: this.policy.user };
    return { key: `ip:${clientIp ?? 'unknown'}`, budget: this.policy.anonymous };
  }

  private async apply(key: string, budget: number, cost: number): Promise<BudgetRow> {
    const [row] = (await this.em
      .getConnection()
      .execute(`select remaining as level, refused, now() as now from charge_cost_budget(?, ?, ?)`, [
        key,
        budget,
        cost,
      ])) as {
      level: number;
      refused: boolean;
      now: Date;
    }[];
    return { level: Number(row.level), refused: row.refused, now: new Date(row.now) };
  }

  /**
   * Charges `requested` points to the caller's budget, or throws RATE_LIMITED (nothing
   * charged). `settle` reports the request's cost once it has run and refunds, after the
   * response, what it did not use.
   */
  async charge(viewer: Viewer, clientIp: string | null, requested: number): Promise<PendingCharge> {
    const { key, budget } = this.bucketOf(viewer, clientIp);
    if (requested > budget) {
      // Waiting would not help: the operation never fits.
      throw new CodedError(
        ErrorCode.QUERY_TOO_COMPLEX,
        `The query exceeds the budget limit: ${requested} > ${budget} points per minute; ask for smaller pages.`,
        { limit: 'budget', value: requested, maximum: budget, http: { status: 400 } },
      );
    }
    const perSecond = budget / 60;
    const { level, refused, now } = await this.apply(key, budget, requested);
    if (refused) {
      const retryAfter = Math.max(1, Math.ceil((requested - level) / perSecond));
      throw new CodedError(
        ErrorCode.RATE_LIMITED,
        `Cost budget exhausted: this operation costs ${requested} points and ${Math.floor(level)} are left; try again in ${retryAfter} s.`,
        {
          retryAfter,
          cost: { requested, budget, remaining: Math.floor(level) },
          http: { status: 429, headers: new HeaderMap([['retry-after', String(retryAfter)]]) },
        },
      );
    }
    const report = (remaining: number, actual: number | null): CostReport => ({
      requested,
      actual,
      budget,
      remaining: Math.floor(remaining),
      resetAt: new Date(now.getTime() + Math.ceil(((budget - remaining) / perSecond) * 1000)),
    });
    return {
      ...report(level, null),
      settle: (actual) => {
        const used = Math.min(actual, requested);
        if (used < requested) {
          this.apply(key, budget, used - requested).catch((error: unknown) => this.onRefundError(error));
        }
        return report(Math.min(budget, level + requested - used), used);
      },
    };
  }

  /** Forgets buckets idle for an hour: they are full again, as a missing bucket is. */
  async sweep(): Promise<void> {
    await this.em.getConnection().execute(`delete from cost_budget where updated_at < now() - interval '1 hour'`);
  }
}
