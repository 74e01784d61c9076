import type { EntityManager } from '@mikro-orm/postgresql';
import { CodedError, ErrorCode } from '../../graphql/errors.js';

export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/**
 * Counts a hit on `key` in a fixed window shared by all instances (one atomic upsert): the
 * hits in the current window, and the seconds until it ends.
 */
export async function countHit(
  em: EntityManager,
  key: string,
  windowSeconds: number,
): Promise<{ hits: number; retryAfter: number }> {
  const [row] = (await em.getConnection().execute(
    `insert into rate_limit_bucket (key, window_started_at, hits) values (?, now(), 1)
     on conflict (key) do update set
       hits = case when rate_limit_bucket.window_started_at <= now() - make_interval(secs => ?) then 1 else rate_limit_bucket.hits + 1 end,
       window_started_at = case when rate_limit_bucket.window_started_at <= now() - make_interval(secs => ?) then now() else rate_limit_bucket.window_started_at end
     returning hits, ceil(extract(epoch from window_started_at + make_interval(secs => ?) - now()))::int as retry_after`,
    [key, windowSeconds, windowSeconds, windowSeconds],
  )) as { hits: number; retry_after: number }[];
  return { hits: row.hits, retryAfter: row.retry_after };
}

/** Counts a hit on `key` and refuses with RATE_LIMITED once the window holds more than `limit`. */
export async function hitRateLimit(em: EntityManager, key: string, { limit, windowSeconds }: RateLimit): Promise<void> {
  const { hits, retryAfter } = await countHit(em, key, windowSeconds);
  if (hits > limit) {
    throw new CodedError(ErrorCode.RATE_LIMITED, `Too many attempts; try again in ${retryAfter} s.`, { retryAfter });
  }
}
