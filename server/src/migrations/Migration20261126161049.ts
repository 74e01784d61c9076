import { Migration } from '@mikro-orm/migrations';

/** The foundation: regions, organizations, the three lists, participation and the activity log. */
export class Migration20261126161049 extends Migration {

  override async up(): Promise<void> {
    // Trigram indexes serve the projects text filter (PGlite loads the extension at start).
    this.addSql(`create extension if not exists pg_trgm;`);
    this.addSql(`create table "region" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "code" varchar(32) not null, "level" text check ("level" in ('MUNICIPALITY', 'DISTRICT', 'SUBDISTRICT', 'COMMUNITY', 'GRID')) not null, "name_zh" varchar(200) not null, "name_en" varchar(200) not null, "parent_id" uuid null, "path" text not null, "depth" smallint not null, "illustrative" boolean not null default false, constraint "region_pkey" primary key ("id"));`);
    this.addSql(`alter table "region" add constraint "region_code_unique" unique ("code");`);
    this.addSql(`create index "region_parent_id_index" on "region" ("parent_id");`);
    this.addSql(`create index "region_path_prefix_idx" on "region" ("path" text_pattern_ops);`);

    this.addSql(`create table "organization" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "kind" text check ("kind" in ('COMMITTEE', 'WORK_UNIT', 'SERVICE_CENTER')) not null, "sector" text check ("sector" in ('STATE_OWNED_ENTERPRISE', 'PRIVATE_ENTERPRISE', 'FOREIGN_ENTERPRISE', 'SCHOOL', 'HOSPITAL', 'GOVERNMENT_AGENCY', 'PUBLIC_INSTITUTION', 'SOCIAL_ORGANIZATION', 'NEW_ECONOMY')) null, "name_zh" varchar(200) not null, "name_en" varchar(200) not null, "description_zh" text null, "description_en" text null, "region_id" uuid not null, constraint "organization_pkey" primary key ("id"));`);
    this.addSql(`create index "organization_region_id_index" on "organization" ("region_id");`);
    this.addSql(`create unique index "organization_one_committee_per_region" on "organization" ("region_id") where "kind" = 'COMMITTEE';`);
    this.addSql(`create index "organization_sector_index" on "organization" ("sector");`);
    this.addSql(`create index "organization_kind_region_id_index" on "organization" ("kind", "region_id");`);

    this.addSql(`create table "project" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "title_zh" varchar(200) not null, "title_en" varchar(200) not null, "summary_zh" text null, "summary_en" text null, "category" text check ("category" in ('GREEN_SPACE', 'PROPERTY_MANAGEMENT', 'TRANSPORT', 'ELDERLY_CARE', 'CHILDREN_AND_YOUTH', 'HEALTH', 'CULTURE_AND_SPORTS', 'PUBLIC_SAFETY', 'ENVIRONMENT', 'BUSINESS_DISTRICT', 'COMMUNITY_SERVICES')) not null, "status" text check ("status" in ('PROPOSED', 'CONSULTING', 'APPROVED', 'IN_PROGRESS', 'COMPLETED', 'CANCELLED')) not null default 'PROPOSED', "lead_committee_id" uuid not null, "region_id" uuid not null, "starts_on" date null, "ends_on" date null, constraint "project_pkey" primary key ("id"), constraint project_dates_ordered check (ends_on is null or starts_on is null or ends_on >= starts_on));`);
    this.addSql(`create index "project_lead_committee_id_index" on "project" ("lead_committee_id");`);
    this.addSql(`create index "project_region_id_index" on "project" ("region_id");`);
    this.addSql(`create index "project_title_trgm_idx" on "project" using gin ((title_zh || ' ' || title_en) gin_trgm_ops);`);
    this.addSql(`create index "project_status_category_index" on "project" ("status", "category");`);

    this.addSql(`create table "milestone" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "project_id" uuid not null, "title_zh" varchar(200) not null, "title_en" varchar(200) not null, "due_on" date null, "weight" int not null default 1, "progress" smallint not null default 0, constraint "milestone_pkey" primary key ("id"), constraint milestone_progress_range check (progress >= 0 and progress <= 100), constraint milestone_weight_positive check (weight > 0));`);
    this.addSql(`create index "milestone_project_id_due_on_index" on "milestone" ("project_id", "due_on");`);

    this.addSql(`create table "participant" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "project_id" uuid not null, "organization_id" uuid not null, "role" text check ("role" in ('LEAD', 'PARTNER')) not null, "status" text check ("status" in ('INVITED', 'ACTIVE', 'LEFT')) not null default 'ACTIVE', constraint "participant_pkey" primary key ("id"));`);
    this.addSql(`create index "participant_organization_id_status_index" on "participant" ("organization_id", "status");`);
    this.addSql(`alter table "participant" add constraint "participant_project_id_organization_id_unique" unique ("project_id", "organization_id");`);

    this.addSql(`create table "activity" ("id" bigserial primary key, "type" varchar(64) not null, "project_id" uuid null, "region_path" text not null, "actor_organization_id" uuid null, "subject_type" varchar(64) not null, "subject_id" text not null, "changes" jsonb not null default '{}', "created_at" timestamptz not null default now());`);
    this.addSql(`create index "activity_region_path_idx" on "activity" ("region_path" text_pattern_ops, "id");`);
    this.addSql(`create index "activity_project_id_id_index" on "activity" ("project_id", "id");`);

    this.addSql(`create table "need" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "title_zh" varchar(200) not null, "title_en" varchar(200) not null, "description_zh" text null, "description_en" text null, "category" text check ("category" in ('GREEN_SPACE', 'PROPERTY_MANAGEMENT', 'TRANSPORT', 'ELDERLY_CARE', 'CHILDREN_AND_YOUTH', 'HEALTH', 'CULTURE_AND_SPORTS', 'PUBLIC_SAFETY', 'ENVIRONMENT', 'BUSINESS_DISTRICT', 'COMMUNITY_SERVICES')) not null, "status" text check ("status" in ('OPEN', 'MATCHED', 'RESOLVED')) not null default 'OPEN', "reporter_id" uuid not null, "region_id" uuid not null, "support_count" int not null default 0, constraint "need_pkey" primary key ("id"), constraint need_support_count_non_negative check (support_count >= 0));`);
    this.addSql(`create index "need_reporter_id_index" on "need" ("reporter_id");`);
    this.addSql(`create index "need_region_id_index" on "need" ("region_id");`);
    this.addSql(`create index "need_status_category_index" on "need" ("status", "category");`);

    this.addSql(`create table "project_need" ("project_id" uuid not null, "need_id" uuid not null, "created_at" timestamptz not null default now(), constraint "project_need_pkey" primary key ("project_id", "need_id"));`);
    this.addSql(`create index "project_need_need_id_index" on "project_need" ("need_id");`);

    this.addSql(`create table "need_support" ("need_id" uuid not null, "organization_id" uuid not null, "created_at" timestamptz not null default now(), constraint "need_support_pkey" primary key ("need_id", "organization_id"));`);
    this.addSql(`create index "need_support_organization_id_index" on "need_support" ("organization_id");`);

    this.addSql(`create table "requirement" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "project_id" uuid not null, "title_zh" varchar(200) not null, "title_en" varchar(200) not null, "kind" text check ("kind" in ('VENUE', 'VOLUNTEER_HOURS', 'FUNDS', 'EQUIPMENT', 'EXPERTISE', 'SERVICE')) not null, "unit" text check ("unit" in ('HOUR', 'PERSON_HOUR', 'YUAN', 'SESSION', 'ITEM', 'SQUARE_METER', 'MEAL', 'SEAT')) not null, "quantity" int not null, constraint "requirement_pkey" primary key ("id"), constraint requirement_quantity_positive check (quantity > 0));`);
    this.addSql(`create index "requirement_project_id_index" on "requirement" ("project_id");`);

    this.addSql(`create table "resource" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "title_zh" varchar(200) not null, "title_en" varchar(200) not null, "description_zh" text null, "description_en" text null, "kind" text check ("kind" in ('VENUE', 'VOLUNTEER_HOURS', 'FUNDS', 'EQUIPMENT', 'EXPERTISE', 'SERVICE')) not null, "unit" text check ("unit" in ('HOUR', 'PERSON_HOUR', 'YUAN', 'SESSION', 'ITEM', 'SQUARE_METER', 'MEAL', 'SEAT')) not null, "capacity" int not null, "committed" int not null default 0, "available_from" date null, "available_until" date null, "status" text check ("status" in ('ACTIVE', 'RETIRED')) not null default 'ACTIVE', "owner_id" uuid not null, "region_id" uuid not null, constraint "resource_pkey" primary key ("id"), constraint resource_availability_ordered check (available_until is null or available_from is null or available_until >= available_from), constraint resource_committed_within_capacity check (committed >= 0 and committed <= capacity), constraint resource_capacity_positive check (capacity > 0));`);
    this.addSql(`create index "resource_owner_id_index" on "resource" ("owner_id");`);
    this.addSql(`create index "resource_region_id_index" on "resource" ("region_id");`);
    this.addSql(`create index "resource_kind_status_index" on "resource" ("kind", "status");`);

    this.addSql(`create table "commitment" ("id" uuid not null, "created_at" timestamptz not null default now(), "updated_at" timestamptz not null default now(), "project_id" uuid not null, "requirement_id" uuid not null, "organization_id" uuid not null, "resource_id" uuid null, "quantity" int not null, "unit" text check ("unit" in ('HOUR', 'PERSON_HOUR', 'YUAN', 'SESSION', 'ITEM', 'SQUARE_METER', 'MEAL', 'SEAT')) not null, "status" text check ("status" in ('PLEDGED', 'CONFIRMED', 'DELIVERED', 'WITHDRAWN')) not null default 'PLEDGED', "note" text null, constraint "commitment_pkey" primary key ("id"), constraint commitment_quantity_positive check (quantity > 0));`);
    this.addSql(`create index "commitment_resource_id_status_index" on "commitment" ("resource_id", "status");`);
    this.addSql(`create index "commitment_organization_id_status_index" on "commitment" ("organization_id", "status");`);
    this.addSql(`create index "commitment_project_id_status_index" on "commitment" ("project_id", "status");`);
    this.addSql(`create index "commitment_requirement_id_status_index" on "commitment" ("requirement_id", "status");`);

    this.addSql(`alter table "region" add constraint "region_parent_id_foreign" foreign key ("parent_id") references "region" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "organization" add constraint "organization_region_id_foreign" foreign key ("region_id") references "region" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "project" add constraint "project_lead_committee_id_foreign" foreign key ("lead_committee_id") references "organization" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "project" add constraint "project_region_id_foreign" foreign key ("region_id") references "region" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "milestone" add constraint "milestone_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "participant" add constraint "participant_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "participant" add constraint "participant_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "activity" add constraint "activity_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "activity" add constraint "activity_actor_organization_id_foreign" foreign key ("actor_organization_id") references "organization" ("id") on update cascade on delete set null;`);

    this.addSql(`alter table "need" add constraint "need_reporter_id_foreign" foreign key ("reporter_id") references "organization" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "need" add constraint "need_region_id_foreign" foreign key ("region_id") references "region" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "project_need" add constraint "project_need_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "project_need" add constraint "project_need_need_id_foreign" foreign key ("need_id") references "need" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "need_support" add constraint "need_support_need_id_foreign" foreign key ("need_id") references "need" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "need_support" add constraint "need_support_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "requirement" add constraint "requirement_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "resource" add constraint "resource_owner_id_foreign" foreign key ("owner_id") references "organization" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "resource" add constraint "resource_region_id_foreign" foreign key ("region_id") references "region" ("id") on update cascade on delete restrict;`);

    this.addSql(`alter table "commitment" add constraint "commitment_project_id_foreign" foreign key ("project_id") references "project" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "commitment" add constraint "commitment_requirement_id_foreign" foreign key ("requirement_id") references "requirement" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "commitment" add constraint "commitment_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete restrict;`);
    this.addSql(`alter table "commitment" add constraint "commitment_resource_id_foreign" foreign key ("resource_id") references "resource" ("id") on update cascade on delete restrict;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "region" drop constraint "region_parent_id_foreign";`);

    this.addSql(`alter table "organization" drop constraint "organization_region_id_foreign";`);

    this.addSql(`alter table "project" drop constraint "project_region_id_foreign";`);

    this.addSql(`alter table "need" drop constraint "need_region_id_foreign";`);

    this.addSql(`alter table "resource" drop constraint "resource_region_id_foreign";`);

    this.addSql(`alter table "project" drop constraint "project_lead_committee_id_foreign";`);

    this.addSql(`alter table "participant" drop constraint "participant_organization_id_foreign";`);

    this.addSql(`alter table "activity" drop constraint "activity_actor_organization_id_foreign";`);

    this.addSql(`alter table "need" drop constraint "need_reporter_id_foreign";`);

    this.addSql(`alter table "need_support" drop constraint "need_support_organization_id_foreign";`);

    this.addSql(`alter table "resource" drop constraint "resource_owner_id_foreign";`);

    this.addSql(`alter table "commitment" drop constraint "commitment_organization_id_foreign";`);

    this.addSql(`alter table "milestone" drop constraint "milestone_project_id_foreign";`);

    this.addSql(`alter table "participant" drop constraint "participant_project_id_foreign";`);

    this.addSql(`alter table "activity" drop constraint "activity_project_id_foreign";`);

    this.addSql(`alter table "project_need" drop constraint "project_need_project_id_foreign";`);

    this.addSql(`alter table "requirement" drop constraint "requirement_project_id_foreign";`);

    this.addSql(`alter table "commitment" drop constraint "commitment_project_id_foreign";`);

    this.addSql(`alter table "project_need" drop constraint "project_need_need_id_foreign";`);

    this.addSql(`alter table "need_support" drop constraint "need_support_need_id_foreign";`);

    this.addSql(`alter table "commitment" drop constraint "commitment_requirement_id_foreign";`);

    this.addSql(`alter table "commitment" drop constraint "commitment_resource_id_foreign";`);

    this.addSql(`drop table if exists "region" cascade;`);

    this.addSql(`drop table if exists "organization" cascade;`);

    this.addSql(`drop table if exists "project" cascade;`);

    this.addSql(`drop table if exists "milestone" cascade;`);

    this.addSql(`drop table if exists "participant" cascade;`);

    this.addSql(`drop table if exists "activity" cascade;`);

    this.addSql(`drop table if exists "need" cascade;`);

    this.addSql(`drop table if exists "project_need" cascade;`);

    this.addSql(`drop table if exists "need_support" cascade;`);

    this.addSql(`drop table if exists "requirement" cascade;`);

    this.addSql(`drop table if exists "resource" cascade;`);

    this.addSql(`drop table if exists "commitment" cascade;`);
  }

}
