import { Migration } from '@mikro-orm/migrations';

export class Migration20261202154437 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "comment" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "project_id" uuid not null, "organization_id" uuid not null, "author_id" uuid null, "parent_id" uuid null, "text" text null, "mentions" jsonb not null default '[]', "stance" text check ("stance" in ('SUPPORT', 'OBJECT', 'ABSTAIN')) null, "edited_at" timestamptz null, "removed_at" timestamptz null, constraint "comment_pkey" primary key ("id"));`);
    this.addSql(`create index "comment_parent_id_id_index" on "comment" ("parent_id", "id");`);
    this.addSql(`create index "comment_project_id_parent_id_id_index" on "comment" ("project_id", "parent_id", "id");`);

    this.addSql(`create table "consultation_position" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "project_id" uuid not null, "organization_id" uuid not null, "stance" text check ("stance" in ('SUPPORT', 'OBJECT', 'ABSTAIN')) not null, "statement_id" uuid not null, constraint "consultation_position_pkey" primary key ("id"));`);
    this.addSql(`alter table "consultation_position" add constraint "consultation_position_project_id_organization_id_unique" unique ("project_id", "organization_id");`);

    this.addSql(`alter table "comment" add constraint "comment_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "comment" add constraint "comment_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "comment" add constraint "comment_author_id_foreign" foreign key ("author_id") references "app_user" ("id") on update cascade on delete set null;`);
    this.addSql(`alter table "comment" add constraint "comment_parent_id_foreign" foreign key ("parent_id") references "comment" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "consultation_position" add constraint "consultation_position_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "consultation_position" add constraint "consultation_position_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "consultation_position" add constraint "consultation_position_statement_id_foreign" foreign key ("statement_id") references "comment" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "project" add column "consultation_support" text check ("consultation_support" in ('MAJORITY', 'TWO_THIRDS', 'ALL')) not null default 'MAJORITY', add column "consultation_objections" text check ("consultation_objections" in ('LEAD_MUST_REPLY', 'BLOCKS')) not null default 'LEAD_MUST_REPLY';`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "comment" drop constraint "comment_parent_id_foreign";`);

    this.addSql(`alter table "consultation_position" drop constraint "consultation_position_statement_id_foreign";`);

    this.addSql(`drop table if exists "comment" cascade;`);

    this.addSql(`drop table if exists "consultation_position" cascade;`);

    this.addSql(`alter table "project" drop column "consultation_support", drop column "consultation_objections";`);
  }

}
