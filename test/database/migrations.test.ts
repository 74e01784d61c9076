import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '@cobuild/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

let db: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  db = await createTestDatabase('migrations');
  orm = await MikroORM.init(ormConfig({ clientUrl: db.url, poolSize: 2 }));
});

afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

describe('committed migrations', () => {
  it('build exactly the schema the entities describe', async () => {
    const applied = await orm.getMigrator().up();
    expect(applied.length).toBeGreaterThan(0);
    const diff = await orm.getSchemaGenerator().getUpdateSchemaSQL({ wrap: false });
    expect(diff.trim()).toBe('');
  });

  it('enforce the rules the database can hold', async () => {
    const checks = await db.query<{ conname: string }>(
      `select conname from pg_constraint where contype = 'c' order by conname`,
    );
    expect(checks.map((c) => c.conname)).toEqual(
      expect.arrayContaining([
        'commitment_quantity_positive',
        'milestone_progress_range',
        'milestone_weight_positive',
        'requirement_quantity_positive',
        'resource_capacity_positive',
        'resource_committed_within_capacity',
      ]),
    );
  });

  it('index every list filter', async () => {
    const indexes = (
      await db.query<{ indexdef: string }>(`select indexdef from pg_indexes where schemaname = 'public'`)
    ).map((i) => i.indexdef);
    const has = (pattern: RegExp) =>
      expect(
        indexes.some((d) => pattern.test(d)),
        String(pattern),
      ).toBe(true);
    has(/ON public\.region USING btree \(path text_pattern_ops\)/);
    has(/ON public\.organization USING btree \(kind, region_id\)/);
    has(/ON public\.organization USING btree \(sector\)/);
    has(/ON public\.project USING btree \(status, category\)/);
    has(/ON public\.project USING btree \(region_id\)/);
    has(/ON public\.project USING gin/);
    has(/ON public\.participant USING btree \(organization_id, status\)/);
    has(/ON public\.need USING btree \(status, category\)/);
    has(/ON public\.need USING btree \(region_id\)/);
    has(/ON public\.resource USING btree \(kind, status\)/);
    has(/ON public\.resource USING btree \(owner_id\)/);
    has(/ON public\.commitment USING btree \(requirement_id, status\)/);
    // Feeds read in event order, (xid, id): the whole log, one project's, one region subtree's.
    has(/ON public\.activity USING btree \(xid, id\)/);
    has(/ON public\.activity USING btree \(project_id, xid, id\)/);
    has(/ON public\.activity USING btree \(region_path text_pattern_ops, xid, id\)/);
  });
});
