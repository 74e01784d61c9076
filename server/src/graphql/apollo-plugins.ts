import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { ExecutionResult, FormattedExecutionResult, GraphQLSchema } from 'graphql';
import { admitOperation, settleCost, type ChargeCost } from './admission.js';
import type { Logger } from '../logger.js';
import { currentTally } from '../database/statement-counter.js';
import type { Context } from './context.js';
import { isDatabaseUnavailable } from '../database/database-errors.js';
import { callerError, CodedError, ErrorCode, PASS_THROUGH_CODES, UNAVAILABLE_RETRY_AFTER_SECONDS } from './errors.js';

/**
 * Logs what callers cannot see: each unexpected error with the request's id (the caller gets
 * INTERNAL_SERVER_ERROR and the same id), and one line per request the database could not
 * serve, which is answered with HTTP 503 and Retry-After.
 */
export function errorLoggingPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors(rc: GraphQLRequestContext<Context>) {
          const { logger, requestId } = rc.contextValue;
          const unavailable = (rc.errors ?? []).find(
            (e) => e.extensions?.code === ErrorCode.SERVICE_UNAVAILABLE || isDatabaseUnavailable(e),
          );
          if (unavailable) {
            logger.error(
              { err: unavailable.originalError ?? unavailable, requestId, code: ErrorCode.SERVICE_UNAVAILABLE },
              'database unavailable',
            );
          }
          for (const error of rc.errors ?? []) {
            const code = error.extensions?.code;
            if (typeof code === 'string' && PASS_THROUGH_CODES.has(code)) continue;
            if (isDatabaseUnavailable(error)) continue;
            logger.error(
              { err: error.originalError ?? error, path: error.path, requestId },
              'unexpected error while executing GraphQL',
            );
          }
        },
        async willSendResponse(rc: GraphQLRequestContext<Context>) {
          const body = rc.response.body;
          if (body?.kind !== 'single') return;
          for (const error of body.singleResult.errors ?? []) {
            const code = error.extensions?.code;
            if (code === ErrorCode.INTERNAL_SERVER_ERROR || code === ErrorCode.SERVICE_UNAVAILABLE) {
              (error.extensions as Record<string, unknown>).requestId = rc.contextValue.requestId;
            }
            // A result the database could not complete is not a partial success to act on.
            if (code === ErrorCode.SERVICE_UNAVAILABLE) {
              rc.response.http.status = 503;
              rc.response.http.headers.set('retry-after', String(UNAVAILABLE_RETRY_AFTER_SECONDS));
            }
          }
        },
      };
    },
  };
}

/**
 * Admits each operation before any resolver runs (see `admission.ts`) and reports what it
 * cost in `extensions.cost { requested actual budget remaining resetAt }`.
 */
export function admissionPlugin(schema: GraphQLSchema, charge: ChargeCost): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ document, operationName, request, contextValue }) {
          await admitOperation(schema, document, operationName, request.variables, contextValue, charge);
        },
        async willSendResponse({ response, document, operationName, contextValue }) {
          if (response.body.kind !== 'single' || !document) return;
          const result = response.body.singleResult;
          const cost = settleCost(schema, document, operationName, result.data, contextValue);
          if (cost) result.extensions = { ...result.extensions, cost };
        },
      };
    },
  };
}

/** A subscription sent over HTTP: 405 with a coded message that says where subscriptions live. */
export function subscriptionsOverWebSocketPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ operation }) {
          if (operation?.operation !== 'subscription') return;
          throw new CodedError(
            ErrorCode.BAD_REQUEST,
            'Subscriptions are served over WebSocket at /graphql (graphql-transport-ws protocol), not over HTTP POST.',
            { http: { status: 405 } },
          );
        },
      };
    },
  };
}

/** Adds `extensions.diagnostics.statements`: SQL statements the request sent. */
export function diagnosticsPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      const started = performance.now();
      return {
        async willSendResponse(rc: GraphQLRequestContext<Context>) {
          const body = rc.response.body;
          if (body?.kind !== 'single') return;
          const tally = currentTally();
          body.singleResult.extensions = {
            ...body.singleResult.extensions,
            diagnostics: { statements: tally?.statements ?? null, ms: Math.round(performance.now() - started) },
          };
        },
      };
    },
  };
}

/**
 * The same mapping for results sent over WebSocket (graphql-ws does not go through Apollo):
 * unexpected errors are logged with a request id and shown only as INTERNAL_SERVER_ERROR.
 */
export function maskExecutionResult(
  result: ExecutionResult,
  logger: Logger,
  requestId: string,
): FormattedExecutionResult {
  if (!result.errors?.length) return result as FormattedExecutionResult;
  let unavailableLogged = false;
  const errors = result.errors.map((error) => {
    const formatted = callerError(error.toJSON(), error);
    const code = formatted.extensions?.code;
    if (code === ErrorCode.INTERNAL_SERVER_ERROR) {
      logger.error(
        { err: error.originalError ?? error, path: error.path, requestId },
        'unexpected error while executing GraphQL',
      );
    } else if (code === ErrorCode.SERVICE_UNAVAILABLE && !unavailableLogged) {
      unavailableLogged = true;
      logger.error(
        { err: error.originalError ?? error, requestId, code: ErrorCode.SERVICE_UNAVAILABLE },
        'database unavailable',
      );
    } else return formatted;
    return { ...formatted, extensions: { ...formatted.extensions, requestId } };
  });
  return { ...result, errors } as FormattedExecutionResult;
}
