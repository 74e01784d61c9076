import { Migration } from '@mikro-orm/migrations';

/** (region_id, metric, delta) of projects in `rows`, each counted `sign` times. */
const PROJECT_DELTAS = (rows: string, sign: number) => `
  select region_id, 'projects:' || status as metric, ${sign}::float as delta from ${rows}
  union all select region_id, 'progress:sum', ${sign} * progress from ${rows} where progress is not null and status <> 'CANCELLED'
  union all select region_id, 'progress:count', ${sign} from ${rows} where progress is not null and status <> 'CANCELLED'`;

/** (region_id, metric, delta) of the active resources in `rows`. */
const RESOURCE_DELTAS = (rows: string, sign: number) => `
  select region_id, 'resources:' || kind || ':' || unit as metric, ${sign}::float as delta from ${rows} where status = 'ACTIVE'
  union all select region_id, 'offered:' || kind || ':' || unit, ${sign} * capacity from ${rows} where status = 'ACTIVE'
  union all select region_id, 'committed:' || kind || ':' || unit, ${sign} * committed from ${rows} where status = 'ACTIVE'`;

/** (region_id, organization_id, delta) of the active non-committee participants in `rows`, for their project's region and every region above. */
const PARTICIPATION_DELTAS = (rows: string, sign: number) => `
  select a.id as region_id, x.organization_id, ${sign} as delta
  from ${rows} x join organization o on o.id = x.organization_id and o.kind <> 'COMMITTEE'
    join project p on p.id = x.project_id join region pr on pr.id = p.region_id
    join region a on a.code = any(string_to_array(trim(both '/' from pr.path), '/'))
  where x.status = 'ACTIVE'`;

const ROLLUP_UPSERT = (deltas: string) => `
  insert into region_rollup (region_id, metric, value)
  select region_id, metric, sum(delta) from (${deltas}) d group by region_id, metric having sum(delta) <> 0
  order by region_id, metric
  on conflict (region_id, metric) do update set value = region_rollup.value + excluded.value`;

/**
 * Upserts participation deltas and keeps each touched region's `subtree:units` (how many
 * organizations have a positive count there) in step with the rows that cross zero.
 */
const PARTICIPATION_UPSERT = (deltas: string) => `
  with d as (
    select region_id, organization_id, sum(delta)::int as delta from (${deltas}) d
    group by region_id, organization_id having sum(delta) <> 0
  ), up as (
    insert into region_participation (region_id, organization_id, projects)
    select region_id, organization_id, delta from d order by region_id, organization_id
    on conflict (region_id, organization_id) do update set projects = region_participation.projects + excluded.projects
    returning region_id, organization_id, projects
  )
  insert into region_rollup (region_id, metric, value)
  select up.region_id, 'subtree:units', sum(case
      when up.projects > 0 and up.projects - d.delta <= 0 then 1
      when up.projects <= 0 and up.projects - d.delta > 0 then -1 else 0 end)
  from up join d using (region_id, organization_id)
  group by up.region_id having sum(case
      when up.projects > 0 and up.projects - d.delta <= 0 then 1
      when up.projects <= 0 and up.projects - d.delta > 0 then -1 else 0 end) <> 0
  order by up.region_id
  on conflict (region_id, metric) do update set value = region_rollup.value + excluded.value`;

/**
 * Maintained figures for lists and region statistics: `project.progress` (from milestones),
 * `region_rollup` (additive figures of the things located in each region, plus each
 * region's `subtree:units`) and `region_participation` (per region and organization, its
 * active participations in the region's subtree).
 * Statement-level triggers keep them in the transaction of every write, whatever writes
 * (services, seeds, SQL), adding up each statement's deltas into one upsert ordered by key,
 * so concurrent writers lock the rows they share in the same order. Rows of a net-zero
 * change are not touched at all.
 */
export class Migration20261126195950 extends Migration {

  override async up(): Promise<void> {
    this.addSql(`create table "region_participation" ("region_id" uuid not null, "organization_id" uuid not null, "projects" int not null, constraint "region_participation_pkey" primary key ("region_id", "organization_id"));`);

    this.addSql(`create table "region_rollup" ("region_id" uuid not null, "metric" text not null, "value" double precision not null, constraint "region_rollup_pkey" primary key ("region_id", "metric"));`);

    this.addSql(`alter table "region_participation" add constraint "region_participation_region_id_foreign" foreign key ("region_id") references "region" ("id") on update cascade on delete cascade;`);
    this.addSql(`alter table "region_participation" add constraint "region_participation_organization_id_foreign" foreign key ("organization_id") references "organization" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "region_rollup" add constraint "region_rollup_region_id_foreign" foreign key ("region_id") references "region" ("id") on update cascade on delete cascade;`);

    this.addSql(`alter table "project" add column "progress" double precision null;`);

    // Backfill before the triggers exist.
    this.addSql(`update project p set progress = m.progress from (
      select project_id, sum(progress * weight)::float / nullif(sum(weight), 0) as progress from milestone group by project_id
    ) m where m.project_id = p.id;`);
    this.addSql(`insert into region_rollup (region_id, metric, value)
      select region_id, metric, sum(delta) from (${PROJECT_DELTAS('project', 1)} union all ${RESOURCE_DELTAS('resource', 1)}) d
      group by region_id, metric;`);
    this.addSql(`${PARTICIPATION_UPSERT(PARTICIPATION_DELTAS('participant', 1))};`);


    for (const [table, deltas, upsert] of [
      ['project', PROJECT_DELTAS, ROLLUP_UPSERT],
      ['resource', RESOURCE_DELTAS, ROLLUP_UPSERT],
      ['participant', PARTICIPATION_DELTAS, PARTICIPATION_UPSERT],
    ] as const) {
      this.addSql(`create function ${table}_rollup_inserted() returns trigger language plpgsql as $$ begin
        ${upsert(deltas('added', 1))}; return null; end $$;`);
      this.addSql(`create function ${table}_rollup_deleted() returns trigger language plpgsql as $$ begin
        ${upsert(deltas('removed', -1))}; return null; end $$;`);
      this.addSql(`create function ${table}_rollup_updated() returns trigger language plpgsql as $$ begin
        ${upsert(`${deltas('removed', -1)} union all ${deltas('added', 1)}`)}; return null; end $$;`);
      this.addSql(`create trigger ${table}_rollup_inserted after insert on ${table} referencing new table as added
        for each statement execute function ${table}_rollup_inserted();`);
      this.addSql(`create trigger ${table}_rollup_deleted after delete on ${table} referencing old table as removed
        for each statement execute function ${table}_rollup_deleted();`);
      this.addSql(`create trigger ${table}_rollup_updated after update on ${table} referencing old table as removed new table as added
        for each statement execute function ${table}_rollup_updated();`);
    }

    // A project's progress follows its milestones (and the project's own trigger rolls it up).
    for (const [event, transition] of [['insert', 'new table as changed'], ['delete', 'old table as changed'], ['update', 'new table as changed']] as const) {
      this.addSql(`create function milestone_progress_${event}d() returns trigger language plpgsql as $$ begin
        update project p set progress = (
          select sum(m.progress * m.weight)::float / nullif(sum(m.weight), 0) from milestone m where m.project_id = p.id)
        where p.id in (select project_id from changed);
        return null; end $$;`);
      this.addSql(`create trigger milestone_progress_${event}d after ${event} on milestone referencing ${transition}
        for each statement execute function milestone_progress_${event}d();`);
    }
  }

  override async down(): Promise<void> {
    for (const event of ['insert', 'delete', 'update']) {
      this.addSql(`drop trigger if exists milestone_progress_${event}d on milestone;`);
      this.addSql(`drop function if exists milestone_progress_${event}d();`);
    }
    for (const table of ['project', 'resource', 'participant']) {
      for (const event of ['inserted', 'deleted', 'updated']) {
        this.addSql(`drop trigger if exists ${table}_rollup_${event} on ${table};`);
        this.addSql(`drop function if exists ${table}_rollup_${event}();`);
      }
    }
    this.addSql(`drop table if exists "region_participation" cascade;`);

    this.addSql(`drop table if exists "region_rollup" cascade;`);

    this.addSql(`alter table "project" drop column "progress";`);
  }

}
