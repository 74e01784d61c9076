import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig, seedVolume } from '@cobuild/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../support/postgres.js';

let db: TestDatabase;
let orm: MikroORM;
let result: Awaited<ReturnType<typeof seedVolume>>;

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
    result = await seedVolume(orm.em.fork(), {
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

  it('plans 0–5 milestones per volume project, within bounds and consistent with its status', async () => {
    const volume = `p.title_en like 'Co-building project %'`;
    const [m] = await db.query<Record<string, string>>(`select
      (select count(*) from milestone ms join project p on p.id = ms.project_id where ${volume}) as milestones,
      (select count(*) from project p where ${volume} and exists (select 1 from milestone ms where ms.project_id = p.id)) as with_milestones,
      (select max(n) from (select count(*) as n from milestone ms join project p on p.id = ms.project_id where ${volume} group by p.id) t) as most,
      (select count(*) from milestone ms join project p on p.id = ms.project_id where ${volume}
        and (ms.weight not between 1 and 3 or ms.progress not between 0 and 100 or ms.due_on is null
          or ms.title_zh = '' or ms.title_en = '' or ms.title_zh = ms.title_en)) as out_of_bounds,
      (select count(*) from milestone ms join project p on p.id = ms.project_id where ${volume}
        and p.status = 'COMPLETED' and ms.progress <> 100) as completed_unfinished,
      (select count(*) from milestone ms join project p on p.id = ms.project_id where ${volume} and p.status = 'PROPOSED') as proposed,
      (select count(*) from milestone ms join project p on p.id = ms.project_id where ${volume}
        and p.status = 'PROPOSED' and ms.progress = 0) as proposed_zero,
      (select count(*) from milestone ms join project p on p.id = ms.project_id where ${volume}
        and p.status = 'IN_PROGRESS' and ms.progress > 0) as in_progress_started`);
    const milestones = Number(m.milestones);
    expect(milestones).toBe(result.milestones);
    // About 90% of 1,000 projects have 1–5 milestones: about 2,700 in all.
    expect(milestones).toBeGreaterThan(2_000);
    expect(milestones).toBeLessThan(3_500);
    expect(Number(m.with_milestones)).toBeGreaterThan(800);
    expect(Number(m.most)).toBeLessThanOrEqual(5);
    expect(Number(m.out_of_bounds)).toBe(0);
    expect(Number(m.completed_unfinished)).toBe(0);
    expect(Number(m.proposed_zero)).toBeGreaterThan(0.8 * Number(m.proposed));
    expect(Number(m.in_progress_started)).toBeGreaterThan(0);
  });
});
