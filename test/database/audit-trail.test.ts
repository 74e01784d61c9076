import { describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/fixtures.js';
import { listFactories } from '../support/lists.js';

const fx = useSeededServer('audit_trail');
const make = listFactories(fx);

describe('the activity log is an append-only audit trail, enforced by the database', () => {
  it('refuses UPDATE, DELETE and TRUNCATE of its rows, even by a superuser, and keeps them', async () => {
    const projectId = await make.project();
    const id = Buffer.from(projectId, 'base64url').toString().split(':')[1];
    const [event] = await fx.db.query<{ id: string; type: string; changes: unknown }>(
      `select id, type, changes from activity where project_id = $1 order by id limit 1`,
      [id],
    );
    expect(event.type).toBe('project.created');
    const attempts = [
      [`update activity set type = 'project.forged' where id = $1`, [event.id]],
      [`update activity set changes = '{}' where id = $1`, [event.id]],
      [`delete from activity where id = $1`, [event.id]],
      ['truncate activity', []],
    ] as const;
    for (const [sql, params] of attempts) {
      await expect(fx.db.query(sql, [...params]), sql).rejects.toThrow(/append-only: (UPDATE|DELETE|TRUNCATE) refused/);
    }
    const [after] = await fx.db.query<{ id: string; type: string; changes: unknown }>(
      `select id, type, changes from activity where id = $1`,
      [event.id],
    );
    expect(after).toEqual(event);
  });

  it('keeps what it names: its foreign keys restrict deletes instead of cascading or setting null', async () => {
    const keys = await fx.db.query<{ name: string; on_delete: string }>(
      `select conname as name, confdeltype as on_delete from pg_constraint
       where conrelid = 'activity'::regclass and contype = 'f' order by conname`,
    );
    expect(keys).toEqual([
      { name: 'activity_actor_organization_id_foreign', on_delete: 'r' },
      { name: 'activity_actor_user_id_foreign', on_delete: 'r' },
      { name: 'activity_project_id_foreign', on_delete: 'r' },
    ]);
  });
});
