import { Migration } from '@mikro-orm/migrations';

/** Idempotency keys of create-style mutations. */
export class Migration20261126165547 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "idempotency_key" ("scope" text not null, "key" text not null, "request_hash" varchar(64) not null, "result_id" text null, "created_at" timestamptz not null default now(), constraint "idempotency_key_pkey" primary key ("scope", "key"));`);
    this.addSql(`create index "idempotency_key_created_at_index" on "idempotency_key" ("created_at");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop table if exists "idempotency_key" cascade;`);
  }

}
