import { describe, expect, it } from 'vitest';
import { GraphQLError } from 'graphql';
import type { Logger } from '../logger.js';
import { maskExecutionResult } from './apollo-plugins.js';
import { callerError } from './errors.js';

describe('error masking', () => {
  it('masks errors without a known code', () => {
    const masked = callerError(
      {
        message: 'relation "x" does not exist',
        path: ['projects'],
        extensions: { code: 'INTERNAL_SERVER_ERROR', stacktrace: ['at db.js:1'] },
      },
      new Error('relation "x" does not exist'),
    );
    expect(masked).toEqual({
      message: 'Internal server error',
      path: ['projects'],
      locations: undefined,
      extensions: { code: 'INTERNAL_SERVER_ERROR' },
    });
  });

  it('keeps coded errors meant for the caller, without stack traces', () => {
    const kept = callerError(
      {
        message: '"first" must be between 1 and 100; got 0.',
        extensions: { code: 'BAD_USER_INPUT', argument: 'first', stacktrace: ['x'] },
      },
      new Error('unused'),
    );
    expect(kept).toEqual({
      message: '"first" must be between 1 and 100; got 0.',
      extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
    });
  });

  it('turns a database that cannot serve into SERVICE_UNAVAILABLE, without its address', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED 10.1.2.3:5432'), { code: 'ECONNREFUSED' });
    const timedOut = Object.assign(new Error('canceling statement due to statement timeout'), { code: '57014' });
    const acquire = Object.assign(new Error('Knex: Timeout acquiring a connection.'), { name: 'KnexTimeoutError' });
    for (const cause of [refused, timedOut, acquire, new GraphQLError('wrapped', { originalError: refused })]) {
      const mapped = callerError({ message: cause.message, extensions: { code: 'INTERNAL_SERVER_ERROR' } }, cause);
      expect(mapped.extensions).toEqual({ code: 'SERVICE_UNAVAILABLE', retryAfter: 5 });
      expect(mapped.message).not.toMatch(/10\.1\.2\.3|5432/);
    }
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
