import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig, seedVolume } from '@cobuild/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

let db: TestDatabase;
let orm: MikroORM;

beforeAll(async () => {
  db = await createTestDatabase('volume');
  orm = await MikroORM.init(ormConfig({ clientUrl: db.url, poolSize: 2 }));
  await orm.getMigrator().up();
});

afterAll(async () => {
  await orm?.close();
  await db?.drop();
});

describe('volume seed', () => {
  it('adds the requested volume on top of the demo data, consistent and within capacity', async () => {
    const result = await seedVolume(orm.em.fork(), {
      organizations: 300,
      projects: 1000,
      commitments: 10_000,
      seed: 7,
    });
    const [counts] = await db.query<Record<string, string>>(`select
      (select count(*) from organization where name_en like 'Partner Unit No.%') as organizations,
      (select count(*) from project where title_en like 'Co-building project %') as projects,
      (select count(*) from commitment c join project p on p.id = c.project_id where p.title_en like 'Co-building project %') as commitments,
      (select count(*) from resource where committed > capacity) as over_committed,
      (select count(*) from resource r where r.committed <> (select coalesce(sum(quantity), 0) from commitment c where c.resource_id = r.id and c.status <> 'WITHDRAWN')) as drifted,
      (select count(*) from commitment c join participant pa on pa.project_id = c.project_id and pa.organization_id = c.organization_id) as by_participants,
      (select count(*) from commitment) as all_commitments,
      (select count(*) from requirement q where q.quantity < (select coalesce(sum(quantity), 0) from commitment c where c.requirement_id = q.id and c.status <> 'WITHDRAWN')) as over_filled`);
    expect(Number(counts.organizations)).toBe(300);
    expect(Number(counts.projects)).toBe(1000);
    expect(Number(counts.commitments)).toBe(10_000);
    expect(Number(counts.over_committed)).toBe(0);
    expect(Number(counts.over_filled)).toBe(0);
    expect(Number(counts.drifted)).toBe(0);
    expect(Number(counts.by_participants)).toBe(Number(counts.all_commitments));
    expect(result.participants).toBeGreaterThan(1000 * 3);
  });
});
