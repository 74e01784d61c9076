import { HeaderMap } from '@apollo/server';
import { GraphQLError, type GraphQLFormattedError } from 'graphql';
import { isDatabaseUnavailable } from '../database/database-errors.js';

/** Codes carried in `extensions.code` of GraphQL errors. */
export enum ErrorCode {
  BAD_REQUEST = 'BAD_REQUEST',
  BAD_USER_INPUT = 'BAD_USER_INPUT',
  UNAUTHENTICATED = 'UNAUTHENTICATED',
  FORBIDDEN = 'FORBIDDEN',
  NOT_FOUND = 'NOT_FOUND',
  QUERY_TOO_COMPLEX = 'QUERY_TOO_COMPLEX',
  RATE_LIMITED = 'RATE_LIMITED',
  PAYLOAD_TOO_LARGE = 'PAYLOAD_TOO_LARGE',
  TOO_MANY_SUBSCRIPTIONS = 'TOO_MANY_SUBSCRIPTIONS',
  SERVICE_UNAVAILABLE = 'SERVICE_UNAVAILABLE',
  INTERNAL_SERVER_ERROR = 'INTERNAL_SERVER_ERROR',
}

/**
 * Codes whose errors are meant for the caller and shown as they are; everything else
 * (including Apollo's INTERNAL_SERVER_ERROR wrapping of unknown errors) is masked.
 */
export const PASS_THROUGH_CODES = new Set<string>([
  ...Object.values(ErrorCode).filter((code) => code !== ErrorCode.INTERNAL_SERVER_ERROR),
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** An error meant for the caller: its message is shown as is, with `extensions.code`. */
export class CodedError extends GraphQLError {
  constructor(code: ErrorCode, message: string, extensions: Record<string, unknown> = {}) {
    super(message, { extensions: { ...extensions, code } });
  }
}

export function badUserInput(message: string, argument?: string): CodedError {
  return new CodedError(ErrorCode.BAD_USER_INPUT, message, argument ? { argument } : {});
}

export function notFound(message: string): CodedError {
  return new CodedError(ErrorCode.NOT_FOUND, message);
}

/** Seconds a caller is asked to wait when the database cannot serve (Retry-After). */
export const UNAVAILABLE_RETRY_AFTER_SECONDS = 5;

/** The database is unreachable, frozen or overloaded: HTTP 503 with Retry-After; nothing was changed. */
export function serviceUnavailable(requestId?: string): CodedError {
  return new CodedError(
    ErrorCode.SERVICE_UNAVAILABLE,
    `The service is temporarily unavailable; try again in ${UNAVAILABLE_RETRY_AFTER_SECONDS} s.`,
    {
      retryAfter: UNAVAILABLE_RETRY_AFTER_SECONDS,
      ...(requestId ? { requestId } : {}),
      http: { status: 503, headers: new HeaderMap([['retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS)]]) },
    },
  );
}

/**
 * The one place where an error becomes what the caller sees, over HTTP and WebSocket alike:
 * coded errors pass as they are (without a stack), a database that cannot serve becomes
 * SERVICE_UNAVAILABLE, anything else INTERNAL_SERVER_ERROR (the caller gets a request id, the
 * log the real error; see apollo-plugins.ts).
 */
export function callerError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const code = formatted.extensions?.code;
  if (typeof code === 'string' && PASS_THROUGH_CODES.has(code)) {
    const { stacktrace: _dropped, http: _http, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  const unavailable = isDatabaseUnavailable(error);
  return {
    message: unavailable ? serviceUnavailable().message : 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: unavailable
      ? { code: ErrorCode.SERVICE_UNAVAILABLE, retryAfter: UNAVAILABLE_RETRY_AFTER_SECONDS }
      : { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

/** A database failure as SERVICE_UNAVAILABLE; any other error unchanged. */
export function unavailableOr(error: unknown): unknown {
  return isDatabaseUnavailable(error) ? serviceUnavailable() : error;
}
