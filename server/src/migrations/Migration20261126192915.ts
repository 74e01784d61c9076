import { Migration } from '@mikro-orm/migrations';

/**
 * Requirement counters: `committed` and `delivered` are kept in the transaction of each
 * commitment change, so lists read them from the row instead of summing commitments.
 */
export class Migration20261126192915 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "requirement" add column "committed" int not null default 0, add column "delivered" int not null default 0;`);
    this.addSql(`update "requirement" r set "committed" = c.committed, "delivered" = c.delivered
      from (select requirement_id,
              coalesce(sum(quantity) filter (where status <> 'WITHDRAWN'), 0)::int as committed,
              coalesce(sum(quantity) filter (where status = 'DELIVERED'), 0)::int as delivered
            from "commitment" group by requirement_id) c
      where c.requirement_id = r.id;`);
    this.addSql(`alter table "requirement" add constraint requirement_counters_within_quantity check(committed >= 0 and committed <= quantity and delivered >= 0 and delivered <= committed);`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "requirement" drop constraint requirement_counters_within_quantity;`);
    this.addSql(`alter table "requirement" drop column "committed", drop column "delivered";`);
  }

}
