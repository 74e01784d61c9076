import { Migration } from '@mikro-orm/migrations';

/** Progress updates: a participating organization's reports on a project. */
export class Migration20261202140543 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "progress_update" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "project_id" uuid not null, "organization_id" uuid not null, "author_id" uuid null, "text" text not null, "links" text[] not null default '{}', constraint "progress_update_pkey" primary key ("id"));`);
    this.addSql(`create index "progress_update_project_id_id_index" on "progress_update" ("project_id", "id");`);

    this.addSql(`alter table "progress_update" add constraint "progress_update_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "progress_update" add constraint "progress_update_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "progress_update" add constraint "progress_update_author_id_foreign" foreign key ("author_id") references "app_user" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "progress_update" cascade;`);
  }

}
