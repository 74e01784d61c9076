import type http from 'node:http';
import { randomUUID } from 'node:crypto';
import {
  GraphQLError,
  createSourceEventStream,
  execute,
  getOperationAST,
  getVariableValues,
  parse,
  validate,
  type DocumentNode,
  type ExecutionArgs,
  type ExecutionResult,
  type GraphQLSchema,
} from 'graphql';
import { CloseCode, handleProtocols, makeServer, type ServerOptions } from 'graphql-ws';
import { WebSocketServer, type WebSocket } from 'ws';
import { maskExecutionResult } from '../graphql/apollo-plugins.js';
import { createContext, type Context, type ContextBase } from '../graphql/context.js';
import { CodedError, ErrorCode } from '../graphql/errors.js';
import { Loaders } from '../graphql/loaders.js';
import { authenticate, type Credentials } from '../modules/auth/authenticate.js';
import type { Viewer } from '../modules/auth/viewer.js';
import {
  SharedPayload,
  loadGroupOf,
  selectionKey,
  sharedPayloadReplacer,
  sharedResult,
  spliceSharedPayload,
} from './fan-out.js';

/** Subscriptions one connection may hold at once. */
export const MAX_SUBSCRIPTIONS_PER_CONNECTION = 20;

/**
 * WebSocket close codes Cobuild uses besides graphql-ws's own (4400 bad message, 4401 no
 * credentials, 4403 bad credentials, 4408 no connection_init in time, 4409 duplicate id,
 * 4429 repeated connection_init, 4500 internal error).
 */
export const WS_CLOSE = {
  /** The server is shutting down: reconnect (to another instance) and resume by cursor. */
  GOING_AWAY: 1001,
  /** Too many events waited for this connection: reconnect and resume by cursor. */
  SLOW_CONSUMER: 4503,
} as const;

/** A live feed that fell too far behind its subscriber ends with this error. */
export class SlowConsumerError extends Error {}

/** Seconds between keep-alive pings; a connection that does not answer within one is dropped. */
const KEEP_ALIVE_MS = 12_000;

interface Extra {
  socket: WebSocket;
  request: http.IncomingMessage;
  credentials?: Credentials;
}

function codedErrors(code: string, errors: readonly GraphQLError[]): GraphQLError[] {
  return errors.map(
    (e) =>
      new GraphQLError(e.message, { nodes: e.nodes, source: e.source, positions: e.positions, extensions: { code } }),
  );
}

function viewerKey(viewer: Viewer): string {
  return viewer.user ? `user:${viewer.user.id}` : viewer.token ? `token:${viewer.token.id}` : 'anonymous';
}

export interface GraphqlWebSocket {
  /** Closes every connection with 1001 and stops accepting new ones. */
  close(): Promise<void>;
}

/**
 * GraphQL over WebSocket (graphql-ws protocol) on the HTTP server's `/graphql`.
 *
 * Subscriptions share their results (see `fan-out.ts`); queries and mutations sent over the
 * socket run as usual. Every failure before execution is a coded error on that subscription
 * (GRAPHQL_PARSE_FAILED, GRAPHQL_VALIDATION_FAILED, BAD_USER_INPUT, TOO_MANY_SUBSCRIPTIONS);
 * the connection and its other subscriptions carry on.
 */
export function serveGraphqlOverWebSocket(
  httpServer: http.Server,
  schema: GraphQLSchema,
  base: ContextBase,
): GraphqlWebSocket {
  const { logger } = base;
  const wsServer = new WebSocketServer({ noServer: true, handleProtocols });
  let accepting = true;
  // Upgrades are routed by hand (noServer): attached to the HTTP server, ws would re-emit its
  // errors (a taken port) through graphql-ws, which prints them outside the JSON log.
  httpServer.on('upgrade', (req, socket, head) => {
    if (!accepting || req.url?.split('?')[0] !== '/graphql') {
      socket.destroy();
      return;
    }
    wsServer.handleUpgrade(req, socket, head, (ws) => wsServer.emit('connection', ws, req));
  });

  const documents = new Map<string, DocumentNode>();
  const loadersOf = new WeakMap<object, Loaders>();
  const keys = new WeakMap<ExecutionArgs, string>();

  const options: ServerOptions<Record<string, unknown> | undefined, Extra> = {
    schema,
    connectionInitWaitTimeout: 10_000,
    jsonMessageReplacer: sharedPayloadReplacer,
    // A subscriber must be signed in (session cookie on the upgrade request) or present an API
    // token in connection_init ({ "authorization": "Bearer …" }): 4401 without credentials,
    // 4403 for credentials that are not (or no longer) valid.
    onConnect: async (ctx) => {
      const authorization = ctx.connectionParams?.authorization;
      const credentials: Credentials = {
        authorization: typeof authorization === 'string' ? authorization : null,
        cookie: ctx.extra.request.headers.cookie ?? null,
      };
      let viewer: Viewer;
      try {
        viewer = await authenticate(base.em.fork(), credentials);
      } catch {
        ctx.extra.socket.close(4403, 'Forbidden');
        return false;
      }
      if (viewer.principal.kind === 'anonymous') {
        ctx.extra.socket.close(credentials.cookie ? 4403 : 4401, credentials.cookie ? 'Forbidden' : 'Unauthorized');
        return false;
      }
      ctx.extra.credentials = credentials;
      return true;
    },
    onSubscribe: (ctx, _id, payload) => {
      if (Object.keys(ctx.subscriptions).length > MAX_SUBSCRIPTIONS_PER_CONNECTION) {
        return [
          new CodedError(
            ErrorCode.TOO_MANY_SUBSCRIPTIONS,
            `At most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions on one connection; complete one first.`,
          ),
        ];
      }
      let document = documents.get(payload.query);
      if (!document) {
        try {
          document = parse(payload.query);
        } catch (error) {
          return codedErrors('GRAPHQL_PARSE_FAILED', [error as GraphQLError]);
        }
        const invalid = validate(schema, document);
        if (invalid.length) return codedErrors('GRAPHQL_VALIDATION_FAILED', invalid);
        if (documents.size < 1_000) documents.set(payload.query, document);
      }
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) {
        return [new CodedError(ErrorCode.BAD_REQUEST, 'Name the operation to run (operationName).')];
      }
      const variables = getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {}, {
        maxErrors: 50,
      });
      if (variables.errors) return codedErrors(ErrorCode.BAD_USER_INPUT, variables.errors);
      return {
        schema,
        document,
        operationName: payload.operationName,
        variableValues: payload.variables ?? {},
      };
    },
    // Every operation is authenticated again, so a logout, a revoked token or a lost role
    // takes effect for new subscriptions on open sockets too.
    context: (ctx) => createContext(base, ctx.extra.credentials ?? {}, randomUUID()),
    // The source stream only: each event is executed once per selection (below), not here.
    subscribe: (args) => createSourceEventStream(args) as Promise<ExecutionResult | AsyncIterable<ExecutionResult>>,
    onOperation: (ctx, _id, _payload, args, result) => {
      if (!isAsyncIterator(result)) return undefined;
      const context = args.contextValue as Context;
      let key = keys.get(args);
      if (!key) keys.set(args, (key = selectionKey(schema, args, viewerKey(context.viewer))));
      return liveResults(result, key, args, context, ctx.extra.socket);
    },
    onNext: (_ctx, _id, _payload, args, result) =>
      result instanceof SharedPayload
        ? result
        : maskExecutionResult(result, logger, (args.contextValue as Context).requestId),
  };
  const server = makeServer(options);

  /** Executes each event once per key (in the first subscriber's context) and shares the JSON. */
  function liveResults(
    source: AsyncIterator<unknown>,
    key: string,
    args: ExecutionArgs,
    context: Context,
    socket: WebSocket,
  ): AsyncIterableIterator<ExecutionResult> {
    const run = (event: object) => async () => {
      const group = loadGroupOf(event);
      let loaders = loadersOf.get(group);
      if (!loaders) loadersOf.set(group, (loaders = new Loaders(context.em)));
      const result = await execute({ ...args, rootValue: event, contextValue: { ...context, loaders } });
      return maskExecutionResult(result, logger, context.requestId);
    };
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      async next() {
        let step: IteratorResult<unknown>;
        try {
          step = await source.next();
        } catch (error) {
          if (!(error instanceof SlowConsumerError)) throw error;
          socket.close(WS_CLOSE.SLOW_CONSUMER, 'Slow consumer: reconnect and resume with your last cursor');
          return { value: undefined, done: true };
        }
        if (step.done) return { value: undefined, done: true };
        const event = step.value as object;
        return { value: (await sharedResult(event, key, run(event))) as unknown as ExecutionResult, done: false };
      },
      async return() {
        await source.return?.();
        return { value: undefined, done: true };
      },
    };
  }

  wsServer.on('connection', (socket: WebSocket, request: http.IncomingMessage) => {
    socket.once('error', (error) => {
      logger.warn({ err: error }, 'WebSocket error');
      socket.terminate();
    });
    let alive = true;
    socket.on('pong', () => (alive = true));
    const keepAlive = setInterval(() => {
      if (!alive) return socket.terminate();
      alive = false;
      socket.ping();
    }, KEEP_ALIVE_MS);
    const closed = server.opened(
      {
        protocol: socket.protocol,
        send: (data) =>
          new Promise<void>((resolve, reject) => {
            if (socket.readyState !== socket.OPEN) return resolve();
            socket.send(spliceSharedPayload(data), (error) => (error ? reject(error) : resolve()));
          }),
        close: (code, reason) => socket.close(code, reason),
        onMessage: (handle) =>
          socket.on('message', async (data) => {
            try {
              await handle(String(data));
            } catch (error) {
              logger.error({ err: error }, 'WebSocket message failed');
              socket.close(CloseCode.InternalServerError, 'Internal server error');
            }
          }),
      },
      { socket, request },
    );
    socket.once('close', (code, reason) => {
      clearInterval(keepAlive);
      void closed(code, String(reason));
    });
  });

  return {
    async close() {
      accepting = false;
      for (const client of wsServer.clients) client.close(WS_CLOSE.GOING_AWAY, 'Server shutting down');
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

function isAsyncIterator(value: unknown): value is AsyncIterator<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}
