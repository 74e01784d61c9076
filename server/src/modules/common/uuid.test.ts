import { describe, expect, it, vi } from 'vitest';
import { uuidv7 } from './uuid.js';

/** The module anew, so no id made by an earlier test holds its clock back (it never goes backwards). */
async function freshUuidv7(): Promise<typeof uuidv7> {
  vi.resetModules();
  return (await import('./uuid.js')).uuidv7;
}

/** The 48-bit Unix millisecond timestamp of a UUIDv7: its first 12 hex digits. */
function encodedMs(id: string): number {
  return parseInt(id.replace(/-/g, '').slice(0, 12), 16);
}

describe('uuidv7', () => {
  it('is a version 7, variant 1 UUID', () => {
    expect(uuidv7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('increases strictly, even within one millisecond', () => {
    const ids = Array.from({ length: 5000 }, () => uuidv7(1_750_000_000_000));
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('encodes the given millisecond exactly in the first 48 bits', async () => {
    // Each byte of the timestamp differs, so a byte in the wrong place or a lost bit shows.
    expect((await freshUuidv7())(0x0123_4567_89ab).slice(0, 13)).toBe('01234567-89ab');
    for (const ms of [
      1,
      0xff,
      2 ** 32 - 1,
      2 ** 32,
      2 ** 40 + 1,
      Date.UTC(2026, 10, 26, 8, 30, 15, 123),
      2 ** 48 - 1,
    ]) {
      expect(encodedMs((await freshUuidv7())(ms)), String(ms)).toBe(ms);
    }
  });

  it('encodes the current time by default', async () => {
    const make = await freshUuidv7();
    const before = Date.now();
    const id = make();
    const after = Date.now();
    expect(encodedMs(id)).toBeGreaterThanOrEqual(before);
    expect(encodedMs(id)).toBeLessThanOrEqual(after);
  });
});
