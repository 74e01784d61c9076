import { Migration } from '@mikro-orm/migrations';

/**
 * A project without milestones is at 0 %, not at an unknown progress: `project.progress` is
 * never null, and the milestone triggers write 0 when the last milestone goes. Setting the
 * nulls to 0 runs through the project roll-up trigger, so region averages count every
 * non-cancelled project from here on.
 */
export class Migration20261202160000 extends Migration {
  override async up(): Promise<void> {
    for (const event of ['insert', 'delete', 'update']) {
      this.addSql(`create or replace function milestone_progress_${event}d() returns trigger language plpgsql as $$ begin
        update project p set progress = coalesce((
          select sum(m.progress * m.weight)::float / nullif(sum(m.weight), 0) from milestone m where m.project_id = p.id), 0)
        where p.id in (select project_id from changed);
        return null; end $$;`);
    }
    this.addSql(`update project set progress = 0 where progress is null;`);
    this.addSql(`alter table "project" alter column "progress" set default 0, alter column "progress" set not null;`);
  }

  override async down(): Promise<void> {
    this.addSql(`alter table "project" alter column "progress" drop not null, alter column "progress" drop default;`);
    for (const event of ['insert', 'delete', 'update']) {
      this.addSql(`create or replace function milestone_progress_${event}d() returns trigger language plpgsql as $$ begin
        update project p set progress = (
          select sum(m.progress * m.weight)::float / nullif(sum(m.weight), 0) from milestone m where m.project_id = p.id)
        where p.id in (select project_id from changed);
        return null; end $$;`);
    }
  }
}
