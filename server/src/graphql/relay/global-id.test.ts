import { describe, expect, it } from 'vitest';
import { decodeGlobalId, toGlobalId, tryDecodeGlobalId } from './global-id.js';

const uuid = '0192f5a0-7c1e-7a00-8a00-000000000001';

describe('global IDs', () => {
  it('round-trips a type and id through an opaque string', () => {
    const id = toGlobalId('Project', uuid);
    expect(id).not.toContain('Project');
    expect(tryDecodeGlobalId(id)).toEqual({ type: 'Project', id: uuid });
    expect(decodeGlobalId(id, 'Project')).toBe(uuid);
  });

  it('accepts sequence ids only for sequence types', () => {
    expect(tryDecodeGlobalId(toGlobalId('Activity', '42'))).toEqual({ type: 'Activity', id: '42' });
    expect(tryDecodeGlobalId(toGlobalId('Project', '42'))).toBeNull();
    expect(tryDecodeGlobalId(toGlobalId('Activity', uuid))).toBeNull();
  });

  it.each(['', 'garbage!', 'UHJvamVjdA', toGlobalId('project', uuid), toGlobalId('Project', 'x'), 'a'.repeat(500)])(
    'refuses %j',
    (raw) => {
      expect(tryDecodeGlobalId(raw)).toBeNull();
      expect(() => decodeGlobalId(raw, 'Project')).toThrow(/not a valid ID/);
    },
  );

  it('refuses an ID of another type with BAD_USER_INPUT naming both types', () => {
    try {
      decodeGlobalId(toGlobalId('Region', uuid), 'Project', 'projectId');
      expect.unreachable();
    } catch (error) {
      expect((error as { extensions: { code: string } }).extensions.code).toBe('BAD_USER_INPUT');
      expect((error as Error).message).toBe('"projectId" must be the ID of a Project, not of a Region.');
    }
  });
});
