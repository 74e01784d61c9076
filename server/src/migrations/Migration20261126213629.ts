import { Migration } from '@mikro-orm/migrations';

/**
 * Events are read in (xid, id) order, the writing transaction's id first: rows that existed
 * before take the migration's own transaction id, so their order stays the id order.
 */
export class Migration20261126213629 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`drop index "activity_project_id_id_index";`);

    this.addSql(`alter table "activity" add column "xid" xid8 not null default pg_current_xact_id();`);
    this.addSql(`create index "activity_project_id_xid_id_index" on "activity" ("project_id", "xid", "id");`);
    this.addSql(`create index "activity_xid_id_index" on "activity" ("xid", "id");`);
    this.addSql(`drop index "activity_region_path_idx";`);
    this.addSql(`create index "activity_region_path_idx" on "activity" ("region_path" text_pattern_ops, "xid", "id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "activity_project_id_xid_id_index";`);
    this.addSql(`drop index "activity_xid_id_index";`);
    this.addSql(`drop index "activity_region_path_idx";`);
    this.addSql(`alter table "activity" drop column "xid";`);
    this.addSql(`create index "activity_region_path_idx" on "activity" ("region_path" text_pattern_ops, "id");`);

    this.addSql(`create index "activity_project_id_id_index" on "activity" ("project_id", "id");`);
  }

}
