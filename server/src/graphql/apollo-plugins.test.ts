import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import type { Logger } from '../logger.js';
import { formatError, maskExecutionResult } from './apollo-plugins.js';

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

describe('error masking over WebSocket', () => {
  const logged: unknown[] = [];
  const logger = { error: (...args: unknown[]) => logged.push(args) } as unknown as Logger;

  it('masks and logs unexpected errors, keeps coded ones', () => {
    const result = maskExecutionResult(
      {
        data: null,
        errors: [
          new GraphQLError('relation "secret_table" does not exist', { originalError: new Error('db') }),
          new GraphQLError('"first" must be between 1 and 100; got 0.', { extensions: { code: 'BAD_USER_INPUT' } }),
        ],
      },
      logger,
      'req-1',
    );
    expect(result.errors).toEqual([
      {
        message: 'Internal server error',
        locations: undefined,
        path: undefined,
        extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-1' },
      },
      { message: '"first" must be between 1 and 100; got 0.', extensions: { code: 'BAD_USER_INPUT' } },
    ]);
    expect(logged).toHaveLength(1);
  });
});
