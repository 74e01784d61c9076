import { Migration } from '@mikro-orm/migrations';

/** Access: users, memberships, sessions, invitations, partner API tokens, shared rate limits. */
export class Migration20261126164000 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "rate_limit_bucket" ("key" text not null, "window_started_at" timestamptz not null, "hits" int not null, constraint "rate_limit_bucket_pkey" primary key ("key"));`);

    this.addSql(`create table "app_user" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "email" varchar(254) not null, "display_name" varchar(100) not null, "password_hash" text not null, constraint "app_user_pkey" primary key ("id"));`);
    this.addSql(`alter table "app_user" add constraint "app_user_email_unique" unique ("email");`);

    this.addSql(`create table "session" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "secret_hash" varchar(64) not null, "user_id" uuid not null, "expires_at" timestamptz not null, "revoked_at" timestamptz null, constraint "session_pkey" primary key ("id"));`);
    this.addSql(`alter table "session" add constraint "session_secret_hash_unique" unique ("secret_hash");`);
    this.addSql(`create index "session_user_id_index" on "session" ("user_id");`);

    this.addSql(`create table "membership" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "user_id" uuid not null, "organization_id" uuid not null, "role" text check ("role" in ('ADMIN', 'REPRESENTATIVE', 'MEMBER')) not null, constraint "membership_pkey" primary key ("id"));`);
    this.addSql(`create index "membership_organization_id_role_index" on "membership" ("organization_id", "role");`);
    this.addSql(`alter table "membership" add constraint "membership_user_id_organization_id_unique" unique ("user_id", "organization_id");`);

    this.addSql(`create table "invitation" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "organization_id" uuid not null, "email" varchar(254) not null, "role" text check ("role" in ('ADMIN', 'REPRESENTATIVE', 'MEMBER')) not null, "secret_hash" varchar(64) not null, "invited_by_id" uuid null, "expires_at" timestamptz not null, "accepted_at" timestamptz null, constraint "invitation_pkey" primary key ("id"));`);
    this.addSql(`alter table "invitation" add constraint "invitation_secret_hash_unique" unique ("secret_hash");`);
    this.addSql(`create index "invitation_organization_id_index" on "invitation" ("organization_id");`);

    this.addSql(`create table "api_token" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "organization_id" uuid not null, "name" varchar(100) not null, "scopes" text[] not null, "secret_hash" varchar(64) not null, "prefix" varchar(16) not null, "created_by_id" uuid null, "expires_at" timestamptz null, "last_used_at" timestamptz null, "revoked_at" timestamptz null, constraint "api_token_pkey" primary key ("id"));`);
    this.addSql(`alter table "api_token" add constraint "api_token_secret_hash_unique" unique ("secret_hash");`);
    this.addSql(`create index "api_token_organization_id_index" on "api_token" ("organization_id");`);

    this.addSql(`alter table "session" add constraint "session_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "membership" add constraint "membership_user_id_foreign" foreign key ("user_id") references "app_user" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "membership" add constraint "membership_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "invitation" add constraint "invitation_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "invitation" add constraint "invitation_invited_by_id_foreign" foreign key ("invited_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "api_token" add constraint "api_token_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "api_token" add constraint "api_token_created_by_id_foreign" foreign key ("created_by_id") references "app_user" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "activity" add column "actor_user_id" uuid null, add column "actor_token_id" uuid null;`);
    this.addSql(`alter table "activity" add constraint "activity_actor_user_id_foreign" foreign key ("actor_user_id") references "app_user" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "session" drop constraint "session_user_id_foreign";`);

    this.addSql(`alter table "membership" drop constraint "membership_user_id_foreign";`);

    this.addSql(`alter table "invitation" drop constraint "invitation_invited_by_id_foreign";`);

    this.addSql(`alter table "api_token" drop constraint "api_token_created_by_id_foreign";`);

    this.addSql(`alter table "activity" drop constraint "activity_actor_user_id_foreign";`);

    this.addSql(`drop table if exists "rate_limit_bucket" cascade;`);

    this.addSql(`drop table if exists "app_user" cascade;`);

    this.addSql(`drop table if exists "session" cascade;`);

    this.addSql(`drop table if exists "membership" cascade;`);

    this.addSql(`drop table if exists "invitation" cascade;`);

    this.addSql(`drop table if exists "api_token" cascade;`);

    this.addSql(`alter table "activity" drop column "actor_user_id", drop column "actor_token_id";`);
  }

}
