import type { EntityManager } from '@mikro-orm/postgresql';
import { CodedError, ErrorCode } from '../../graphql/errors.js';

export interface RateLimit {
  limit: number;
  windowSeconds: number;
}

/**
 * Counts a hit on `key` in a fixed window shared by all instances (one atomic upsert) and
 * refuses with RATE_LIMITED once the window holds more than `limit` hits.
 */
export async function hitRateLimit(em: EntityManager, key: string, { limit, windowSeconds }: RateLimit): Promise<void> {
  const [row] = (await em.getConnection().execute(
    `insert into rate_limit_bucket (key, window_started_at, hits) values (?, now(), 1)
     on conflict (key) do update set
       hits = case when rate_limit_bucket.window_started_at <= now() - make_interval(secs => ?) then 1 else rate_limit_bucket.hits + 1 end,
       window_started_at = case when rate_limit_bucket.window_started_at <= now() - make_interval(secs => ?) then now() else rate_limit_bucket.window_started_at end
     returning hits, ceil(extract(epoch from window_started_at + make_interval(secs => ?) - now()))::int as retry_after`,
    [key, windowSeconds, windowSeconds, windowSeconds],
  )) as { hits: number; retry_after: number }[];
  if (row.hits > limit) {
    throw new CodedError(ErrorCode.RATE_LIMITED, `Too many attempts; try again in ${row.retry_after} s.`, {
      retryAfter: row.retry_after,
    });
  }
}
