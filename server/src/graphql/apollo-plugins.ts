import type { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import type { ExecutionResult, FormattedExecutionResult, GraphQLFormattedError, GraphQLSchema } from 'graphql';
import { admitOperation, settleCost, type ChargeCost } from './admission.js';
import type { Logger } from '../logger.js';
import { currentTally } from '../database/statement-counter.js';
import type { Context } from './context.js';
import { CodedError, ErrorCode, PASS_THROUGH_CODES } from './errors.js';

function isPassThrough(error: GraphQLFormattedError): boolean {
  const code = error.extensions?.code;
  return typeof code === 'string' && PASS_THROUGH_CODES.has(code);
}

/**
 * Masks unexpected errors: the caller gets INTERNAL_SERVER_ERROR and a request id, the log
 * gets the real error with the same id. Errors meant for callers keep their message and code.
 */
export function formatError(formatted: GraphQLFormattedError): GraphQLFormattedError {
  if (isPassThrough(formatted)) {
    const { stacktrace: _dropped, ...extensions } = formatted.extensions ?? {};
    return { ...formatted, extensions };
  }
  return {
    message: 'Internal server error',
    locations: formatted.locations,
    path: formatted.path,
    extensions: { code: ErrorCode.INTERNAL_SERVER_ERROR },
  };
}

export function errorLoggingPlugin(): ApolloServerPlugin<Context> {
  return {
    async requestDidStart() {
      return {
        async didEncounterErrors(rc: GraphQLRequestContext<Context>) {
          for (const error of rc.errors ?? []) {
            const code = error.extensions?.code;
            if (typeof code === 'string' && PASS_THROUGH_CODES.has(code)) continue;
            rc.contextValue.logger.error(
              { err: error.originalError ?? error, path: error.path, requestId: rc.contextValue.requestId },
              'unexpected error while executing GraphQL',
            );
          }
        },
        async willSendResponse(rc: GraphQLRequestContext<Context>) {
          const body = rc.response.body;
          if (body?.kind !== 'single') return;
          const result = body.singleResult;
          for (const error of result.errors ?? []) {
            if (error.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR) {
              (error.extensions as Record<string, unknown>).requestId = rc.contextValue.requestId;
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
 * The same masking for results sent over WebSocket (graphql-ws does not go through Apollo):
 * unexpected errors are logged with a request id and shown only as INTERNAL_SERVER_ERROR.
 */
export function maskExecutionResult(
  result: ExecutionResult,
  logger: Logger,
  requestId: string,
): FormattedExecutionResult {
  if (!result.errors?.length) return result as FormattedExecutionResult;
  const errors = result.errors.map((error) => {
    const formatted = formatError(error.toJSON());
    if (formatted.extensions?.code === ErrorCode.INTERNAL_SERVER_ERROR) {
      logger.error(
        { err: error.originalError ?? error, path: error.path, requestId },
        'unexpected error while executing GraphQL',
      );
      return { ...formatted, extensions: { ...formatted.extensions, requestId } };
    }
    return formatted;
  });
  return { ...result, errors } as FormattedExecutionResult;
}
