import { Migration } from '@mikro-orm/migrations';

/**
 * The activity log is an append-only audit trail, enforced by the database: a trigger refuses
 * every UPDATE, DELETE and TRUNCATE of it, and what it names (projects, organizations,
 * people) can no longer be deleted from under it (the foreign keys restrict instead of
 * cascading or setting null, which would have rewritten rows).
 */
export class Migration20261202140000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create function activity_append_only() returns trigger language plpgsql as $$
      begin
        raise exception 'the activity log is append-only: % refused', tg_op using errcode = 'restrict_violation';
      end
      $$;`);
    this.addSql(`create trigger activity_append_only before update or delete on "activity"
      for each row execute function activity_append_only();`);
    this.addSql(`create trigger activity_no_truncate before truncate on "activity"
      for each statement execute function activity_append_only();`);
    for (const [column, table] of [['project_id', 'project'], ['actor_organization_id', 'organization'], ['actor_user_id', 'app_user']]) {
      this.addSql(`alter table "activity" drop constraint "activity_${column}_foreign";`);
      this.addSql(`alter table "activity" add constraint "activity_${column}_foreign" foreign key ("${column}") references "${table}" ("id") on update cascade on delete restrict;`);
    }
  }

  override async down(): Promise<void> {
    this.addSql(`drop trigger activity_no_truncate on "activity";`);
    this.addSql(`drop trigger activity_append_only on "activity";`);
    this.addSql(`drop function activity_append_only();`);
    for (const [column, table, rule] of [['project_id', 'project', 'cascade'], ['actor_organization_id', 'organization', 'set null'], ['actor_user_id', 'app_user', 'set null']]) {
      this.addSql(`alter table "activity" drop constraint "activity_${column}_foreign";`);
      this.addSql(`alter table "activity" add constraint "activity_${column}_foreign" foreign key ("${column}") references "${table}" ("id") on update cascade on delete ${rule};`);
    }
  }

}
