import { Migration } from '@mikro-orm/migrations';

/** A milestone's owner organization (reports its progress besides the lead) and its note. */
export class Migration20261202134546 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`alter table "milestone" add column "owner_organization_id" uuid null, add column "note" text null;`);
    this.addSql(`alter table "milestone" add constraint "milestone_owner_organization_id_foreign" foreign key ("owner_organization_id") references "organization" ("id") on update cascade on delete set null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "milestone" drop constraint "milestone_owner_organization_id_foreign";`);

    this.addSql(`alter table "milestone" drop column "owner_organization_id", drop column "note";`);
  }

}
