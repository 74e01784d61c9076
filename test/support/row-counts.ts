import type { TestDatabase } from './postgres.js';

/**
 * Row count of every table plus the newest activity id: equal snapshots mean nothing was
 * written (limits and cost budgets, which every request touches, aside).
 */
export async function rowCounts(db: TestDatabase): Promise<Record<string, number>> {
  const tables = await db.query<{ tablename: string }>(
    `select tablename from pg_tables where schemaname = 'public' and tablename not in ('mikro_orm_migrations', 'rate_limit_bucket', 'cost_budget') order by tablename`,
  );
  const parts = tables.map((t) => `select '${t.tablename}' as t, count(*)::int as n from "${t.tablename}"`);
  const rows = await db.query<{ t: string; n: number }>(
    `${parts.join(' union all ')} union all select 'activity.max_id', coalesce(max(id), 0)::int from activity`,
  );
  return Object.fromEntries(rows.map((r) => [r.t, r.n]));
}
