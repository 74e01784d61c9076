import { describe, expect, it } from 'vitest';
import { decodeCursor, encodeCursor } from './cursor.js';
import { keysetFilter, pageWindow, toConnection } from './paginate.js';

const idKeys = [{ property: 'id' as const, direction: 'asc' as const }];
const U1 = '0192f5a0-7c1e-7a00-8a00-000000000001';

describe('page windows', () => {
  it('defaults to the first 20', () => {
    expect(pageWindow('projects', {}, idKeys)).toEqual({ forward: true, limit: 20, cursor: null });
  });

  it.each([0, -1, 101, 1.5])('refuses first: %d', (first) => {
    expect(() => pageWindow('projects', { first }, idKeys)).toThrow(/"first" must be between 1 and 100/);
  });

  it('refuses mixed directions', () => {
    expect(() => pageWindow('projects', { first: 1, last: 1 }, idKeys)).toThrow(/either "first" or "last"/);
    expect(() => pageWindow('projects', { first: 1, before: encodeCursor('projects', ['a']) }, idKeys)).toThrow(
      /"before" goes with "last"/,
    );
  });

  it('refuses a cursor of another list', () => {
    expect(() => pageWindow('projects', { after: encodeCursor('needs', ['a']) }, idKeys)).toThrow(
      /cursor of another list/,
    );
  });

  it('refuses a cursor whose id is not an id', () => {
    expect(() => pageWindow('projects', { after: encodeCursor('projects', ['x']) }, idKeys)).toThrow(
      /not a valid cursor/,
    );
    expect(() => pageWindow('projects', { after: encodeCursor('projects', [42]) }, idKeys)).toThrow(
      /not a valid cursor/,
    );
  });

  it('refuses a cursor with the wrong number of keys or garbage', () => {
    expect(() => decodeCursor('projects', encodeCursor('projects', ['a', 'b']), 1, 'after')).toThrow(
      /not a valid cursor/,
    );
    expect(() => decodeCursor('projects', '%%%', 1, 'after')).toThrow(/not a valid cursor/);
    expect(() => decodeCursor('projects', Buffer.from('{"a":1}').toString('base64url'), 1, 'after')).toThrow(
      /not a valid cursor/,
    );
  });
});

describe('keyset conditions', () => {
  const keys = [
    { property: 'nameEn' as const, direction: 'asc' as const },
    { property: 'id' as const, direction: 'asc' as const },
  ];

  it('compares lexicographically beyond the cursor', () => {
    const window = pageWindow('organizations', { after: encodeCursor('organizations', ['B', U1]) }, keys);
    expect(keysetFilter<{ nameEn: string; id: string }>(keys, window)).toEqual({
      $or: [{ nameEn: { $gt: 'B' } }, { nameEn: 'B', id: { $gt: U1 } }],
    });
  });

  it('flips the comparison when paging backwards', () => {
    const window = pageWindow('organizations', { last: 5, before: encodeCursor('organizations', ['B', U1]) }, keys);
    expect(keysetFilter<{ nameEn: string; id: string }>(keys, window)).toEqual({
      $or: [{ nameEn: { $lt: 'B' } }, { nameEn: 'B', id: { $lt: U1 } }],
    });
  });
});

describe('connections', () => {
  const keys = [{ property: 'id' as const, direction: 'asc' as const }];
  const rows = (n: number) => Array.from({ length: n }, (_, i) => ({ id: `r${i}` }));

  it('reports a next page when one more row than asked for was fetched', async () => {
    const c = toConnection('x', keys, pageWindow('x', { first: 2 }, idKeys), rows(3), async () => 7);
    expect(c.nodes.map((n) => n.id)).toEqual(['r0', 'r1']);
    expect(c.pageInfo).toMatchObject({ hasNextPage: true, hasPreviousPage: false });
    expect(decodeCursor('x', c.pageInfo.endCursor!, 1, 'after')).toEqual(['r1']);
    expect(await c.totalCount).toBe(7);
  });

  it('restores natural order when paging backwards', () => {
    const c = toConnection(
      'x',
      keys,
      pageWindow('x', { last: 2 }, idKeys),
      [{ id: 'r9' }, { id: 'r8' }, { id: 'r7' }],
      async () => 0,
    );
    expect(c.nodes.map((n) => n.id)).toEqual(['r8', 'r9']);
    expect(c.pageInfo).toMatchObject({ hasNextPage: false, hasPreviousPage: true });
  });

  it('counts only when totalCount is read', () => {
    let counted = 0;
    const c = toConnection('x', keys, pageWindow('x', {}, idKeys), rows(1), async () => ++counted);
    expect(counted).toBe(0);
    void c.totalCount;
    void c.totalCount;
    expect(counted).toBe(1);
  });
});
