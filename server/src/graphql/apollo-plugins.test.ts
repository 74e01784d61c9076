import { describe, expect, it } from 'vitest';
import { formatError } from './apollo-plugins.js';

describe('error masking', () => {
  it('masks errors without a known code', () => {
    const masked = formatError({
      message: 'relation "x" does not exist',
      path: ['projects'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at db.js:1'] },
    });
    expect(masked).toEqual({
      message: 'Internal server error',
      path: ['projects'],
      locations: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('keeps coded errors meant for the caller, without stack traces', () => {
    const kept = formatError({
      message: '"first" must be between 1 and 100; got 0.',
      extensions: { code: 'BAD_USER_INPUT', argument: 'first', stacktrace: ['x'] },
    });
    expect(kept).toEqual({
      message: '"first" must be between 1 and 100; got 0.',
      extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
    });
  });
});
