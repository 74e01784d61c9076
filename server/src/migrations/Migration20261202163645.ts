import { Migration } from '@mikro-orm/migrations';

export class Migration20261202163645 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create index "comment_organization_id_index" on "comment" ("organization_id");`);
    this.addSql(`create index "comment_author_id_index" on "comment" ("author_id");`);

    this.addSql(`create index "consultation_position_organization_id_index" on "consultation_position" ("organization_id");`);
    this.addSql(`create index "consultation_position_statement_id_index" on "consultation_position" ("statement_id");`);
  }

  override async down(): Promise<void> {
    this.addSql(`drop index "comment_organization_id_index";`);
    this.addSql(`drop index "comment_author_id_index";`);

    this.addSql(`drop index "consultation_position_organization_id_index";`);
    this.addSql(`drop index "consultation_position_statement_id_index";`);
  }

}
