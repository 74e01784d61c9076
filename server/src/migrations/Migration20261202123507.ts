import { Migration } from '@mikro-orm/migrations';

/**
 * Cost budgets (see modules/rate-limit/cost-budget.ts). The table is unlogged: a budget lost
 * in a crash is simply full again, and every request writes one row.
 *
 * `charge_cost_budget(key, budget, cost)` refills the bucket for the time since its last
 * charge (`budget` points per minute, at most `budget`), then takes `cost` points unless
 * fewer are left (`refused`); a negative cost refunds. One call, one row lock.
 */
export class Migration20261202123507 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create unlogged table "cost_budget" ("key" text not null, "level" double precision not null, "updated_at" timestamptz not null, constraint "cost_budget_pkey" primary key ("key"));`);
    this.addSql(`create index "cost_budget_updated_at_index" on "cost_budget" ("updated_at");`);
    this.addSql(`
      create function charge_cost_budget(p_key text, p_budget double precision, p_cost double precision,
                                         out remaining double precision, out refused boolean)
      language plpgsql as $$
      declare
        refilled double precision;
      begin
        insert into cost_budget (key, level, updated_at) values (p_key, p_budget, now()) on conflict do nothing;
        select least(p_budget, b.level + greatest(0, extract(epoch from now() - b.updated_at)) * p_budget / 60)
          into refilled from cost_budget b where b.key = p_key for update;
        refused := p_cost > refilled;
        remaining := case when refused then refilled else least(p_budget, refilled - p_cost) end;
        update cost_budget b set level = remaining, updated_at = now() where b.key = p_key;
      end
      $$;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop function if exists charge_cost_budget(text, double precision, double precision);`);
    this.addSql(`drop table if exists "cost_budget" cascade;`);
  }

}
