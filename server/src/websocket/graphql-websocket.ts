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
import { Locale, localeFromHeader } from '../graphql/locale.js';
import { callerError, CodedError, ErrorCode } from '../graphql/errors.js';
import { isDatabaseUnavailable } from '../database/database-errors.js';
import { unauthenticated } from '../modules/auth/policy.js';
import { Loaders } from '../graphql/loaders.js';
import { admitOperation, settleCost, type ChargeCost } from '../graphql/admission.js';
import { checkTokens } from '../graphql/query-limits.js';
import { authenticate, type Credentials } from '../modules/auth/authenticate.js';
import type { Viewer } from '../modules/auth/viewer.js';
import { hasReadyEvents, loadGroupOf, selectionKey, sharedResult, type SharedPayload } from './fan-out.js';
import type { Metrics } from '../metrics/metrics.js';
import { meteredWebSocketOptions } from '../metrics/websocket-metrics.js';

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
  /** The database cannot serve now: reconnect later. */
  TRY_AGAIN_LATER: 1013,
  /** The subscriber's own membership or token changed: reconnect and resume by cursor. */
  ACCESS_CHANGED: 4410,
  /** The connection took none of the events waiting for it for `STALL_MS`: reconnect and resume by cursor. */
  SLOW_CONSUMER: 4503,
} as const;

/** A subscription whose connection stopped taking its events ends with this error. */
class SlowConsumerError extends Error {}

/** A live feed whose subscriber's access changed (a role, a membership, a token) ends with this error. */
export class AccessChangedError extends Error {}

/** How long a shutting-down server waits for clients to answer its 1001 close. */
const CLOSE_WAIT_MS = 2_000;

/** How often an open connection's credentials are checked again (a logout, an expired session). */
const REAUTHENTICATE_MS = 60_000;

/** Parsed and validated documents kept, by query text (least recently used go first). */
const MAX_DOCUMENTS = 1_000;

/** Seconds between keep-alive pings; a connection that does not answer within one is dropped. */
const KEEP_ALIVE_MS = 12_000;

interface Extra {
  socket: WebSocket;
  /** The upgrade request, until its cookie has been read at connection_init. */
  request?: http.IncomingMessage;
  credentials?: Credentials;
  /** The connection's language: connection_init's `locale` (ZH or EN), else the upgrade's Accept-Language. */
  locale?: Locale;
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
  charge: ChargeCost,
  metrics: Metrics,
): GraphqlWebSocket {
  const { logger } = base;
  // A message is at most as large as an HTTP request body.
  const wsServer = new WebSocketServer({ noServer: true, handleProtocols, maxPayload: base.config.maxBodyBytes });
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

  /** An operation refused before it runs, as the caller sees it (see `callerError`); unexpected errors are logged. */
  const refusal = (error: unknown): GraphQLError[] => {
    const requestId = randomUUID();
    const formatted = callerError(error instanceof GraphQLError ? error.toJSON() : { message: String(error) }, error);
    const code = formatted.extensions?.code;
    if (code === ErrorCode.INTERNAL_SERVER_ERROR || code === ErrorCode.SERVICE_UNAVAILABLE) {
      logger.error(
        { err: error, requestId, code },
        code === ErrorCode.SERVICE_UNAVAILABLE ? 'database unavailable' : 'operation failed before it ran',
      );
      formatted.extensions!.requestId = requestId;
    }
    return [new GraphQLError(formatted.message, { extensions: formatted.extensions })];
  };

  // Handshakes and operations arriving on many sockets at once (a reconnect storm) take at
  // most half of the database pool to authenticate and charge them: HTTP requests keep getting
  // connections meanwhile.
  const admissions = new ConcurrencyLimit(Math.max(1, Math.floor(base.config.dbPoolSize / 2)));

  const documents = new Map<string, DocumentNode>();
  const loadersOf = new WeakMap<object, Loaders>();
  // Live events are read through one EntityManager: reads only, no unit of work.
  const liveEm = base.em.fork();

  const options: ServerOptions<Record<string, unknown> | undefined, Extra> = {
    schema,
    connectionInitWaitTimeout: 10_000,
    // A subscriber must be signed in (session cookie on the upgrade request) or present an API
    // token in connection_init ({ "authorization": "Bearer …" }): 4401 without credentials,
    // 4403 for credentials that are not (or no longer) valid.
    onConnect: async (ctx) => {
      const authorization = ctx.connectionParams?.authorization;
      const credentials: Credentials = {
        authorization: typeof authorization === 'string' ? authorization : null,
        cookie: ctx.extra.request?.headers.cookie ?? null,
      };
      const locale = ctx.connectionParams?.locale;
      ctx.extra.locale =
        locale === Locale.EN || locale === Locale.ZH
          ? locale
          : localeFromHeader(ctx.extra.request?.headers['accept-language']);
      delete ctx.extra.request;
      let viewer: Viewer;
      try {
        viewer = await admissions.run(() => authenticate(base.em.fork(), credentials));
      } catch (error) {
        if (isDatabaseUnavailable(error)) {
          logger.error({ err: error, code: ErrorCode.SERVICE_UNAVAILABLE }, 'database unavailable');
          ctx.extra.socket.close(WS_CLOSE.TRY_AGAIN_LATER, 'Service unavailable: reconnect later');
        } else ctx.extra.socket.close(4403, 'Forbidden');
        return false;
      }
      if (viewer.principal.kind === 'anonymous') {
        ctx.extra.socket.close(credentials.cookie ? 4403 : 4401, credentials.cookie ? 'Forbidden' : 'Unauthorized');
        return false;
      }
      ctx.extra.credentials = credentials;
      return true;
    },
    onSubscribe: async (ctx, _id, payload) => {
      if (Object.keys(ctx.subscriptions).length > MAX_SUBSCRIPTIONS_PER_CONNECTION) {
        return [
          new CodedError(
            ErrorCode.TOO_MANY_SUBSCRIPTIONS,
            `At most ${MAX_SUBSCRIPTIONS_PER_CONNECTION} subscriptions on one connection; complete one first.`,
          ),
        ];
      }
      let document = documents.get(payload.query);
      const tooManyTokens = document ? null : checkTokens(payload.query);
      if (tooManyTokens) return refusal(tooManyTokens);
      if (document) {
        // Most recently used last.
        documents.delete(payload.query);
      } else {
        try {
          document = parse(payload.query);
        } catch (error) {
          return codedErrors('GRAPHQL_PARSE_FAILED', [error as GraphQLError]);
        }
        const invalid = validate(schema, document);
        if (invalid.length) return codedErrors('GRAPHQL_VALIDATION_FAILED', invalid);
        if (documents.size >= MAX_DOCUMENTS) documents.delete(documents.keys().next().value!);
      }
      documents.set(payload.query, document);
      const operation = getOperationAST(document, payload.operationName);
      if (!operation) {
        return [new CodedError(ErrorCode.BAD_REQUEST, 'Name the operation to run (operationName).')];
      }
      const variables = getVariableValues(schema, operation.variableDefinitions ?? [], payload.variables ?? {}, {
        maxErrors: 50,
      });
      if (variables.errors) return codedErrors(ErrorCode.BAD_USER_INPUT, variables.errors);
      // Every operation is authenticated again, so a logout, a revoked token or a lost role
      // takes effect for new operations on open sockets too.
      let contextValue: Context;
      try {
        contextValue = await admissions.run(async () => {
          const context = await createContext(base, ctx.extra.credentials ?? {}, randomUUID(), null, ctx.extra.locale);
          await admitOperation(schema, document, payload.operationName, payload.variables, context, charge);
          return context;
        });
      } catch (error) {
        return refusal(error);
      }
      if (operation.operation === 'subscription' && contextValue.viewer.principal.kind === 'anonymous') {
        return [unauthenticated('Sign in again or present a valid API token to subscribe.')];
      }
      return {
        schema,
        document,
        operationName: payload.operationName,
        variableValues: payload.variables ?? {},
        contextValue,
      };
    },
    // The source stream only: each event is executed once per selection (below), not here.
    subscribe: (args) => createSourceEventStream(args) as Promise<ExecutionResult | AsyncIterable<ExecutionResult>>,
    onOperation: (ctx, id, payload, args, result) => {
      if (!isAsyncIterator(result)) return undefined;
      const context = args.contextValue as Context;
      // Bilingual fields answer in the connection's language: one shared result per language.
      const key = `${selectionKey(schema, payload.query, args, viewerKey(context.viewer))}|${context.locale}`;
      return pumpLiveEvents(result, id, key, args, context, ctx.extra.socket);
    },
    // Queries and mutations sent over the socket, and errors before a feed starts.
    onNext: (_ctx, _id, _payload, args, result) => {
      const context = args.contextValue as Context;
      const cost = settleCost(schema, args.document, args.operationName, result.data, context);
      const masked = maskExecutionResult(result, logger, context.requestId);
      return cost ? { ...masked, extensions: { ...masked.extensions, cost } } : masked;
    },
  };
  const server = makeServer(meteredWebSocketOptions(options, metrics, (query) => documents.get(query)));

  /**
   * Sends a subscription's events straight to its socket, outside graphql-ws's per-message
   * path: each event is executed once per key (in the context of the first subscriber who
   * needs it) and serialized once, and each subscriber's `next` message is that payload with
   * its subscription id around it. Events already waiting are taken together and leave in one
   * write. graphql-ws sees an iterator that yields nothing and ends with the feed, so it still
   * completes the subscription and ends the feed when the client completes or disconnects.
   */
  function pumpLiveEvents(
    source: AsyncIterator<unknown>,
    id: string,
    key: string,
    args: ExecutionArgs,
    context: Context,
    socket: WebSocket,
  ): AsyncIterableIterator<ExecutionResult> {
    // What an execution needs of the subscriber: who asks. The operation's own context (its
    // EntityManager and loaders) is not kept for the life of the subscription.
    const { viewer, requestId, locale } = context;
    const { schema: executable, document, operationName, variableValues } = args;
    delete (args as { contextValue?: unknown }).contextValue;
    const run = (event: object) => async () => {
      const group = loadGroupOf(event);
      let loaders = loadersOf.get(group);
      if (!loaders) loadersOf.set(group, (loaders = new Loaders(liveEm)));
      const contextValue: Context = { ...base, em: liveEm, loaders, viewer, requestId, http: null, cost: null, locale };
      const result = await execute({
        schema: executable,
        document,
        operationName,
        variableValues,
        rootValue: event,
        contextValue,
      });
      return maskExecutionResult(result, logger, requestId);
    };
    const head = Buffer.from(`{"id":${JSON.stringify(id)},"type":"next","payload":`, 'utf8');
    const ready = hasReadyEvents(source) ? source : null;
    let stopped = false;
    const open = () => !stopped && socket.readyState === socket.OPEN;
    const pumped = (async (): Promise<IteratorResult<ExecutionResult>> => {
      try {
        while (open()) {
          const step = await source.next();
          if (step.done || !open()) break;
          // This event and those already waiting behind it: executed together, then written
          // in one go (one system call when the socket is corked for the turn).
          const events = [step.value as object, ...((ready?.takeReady(BATCH - 1) ?? []) as object[])];
          const payloads = await Promise.all(events.map((event) => sharedResult(event, key, run(event))));
          if (open()) metrics.liveEventsFannedOut(await writeFrames(socket, head, payloads, open));
          // Other sockets, pings and HTTP requests get the event loop during a burst.
          if (performance.now() - turnStarted > TURN_MS) await nextTurn();
        }
      } catch (error) {
        if (error instanceof SlowConsumerError) {
          socket.close(WS_CLOSE.SLOW_CONSUMER, 'Stalled: reconnect and resume with your last cursor');
        } else if (error instanceof AccessChangedError) {
          socket.close(WS_CLOSE.ACCESS_CHANGED, 'Access changed: reconnect and resume with your last cursor');
        } else if (open() && accepting) {
          logger.error({ err: error, requestId }, 'live subscription failed');
          socket.close(CloseCode.InternalServerError, 'Internal server error');
        }
      } finally {
        await source.return?.();
      }
      return { value: undefined, done: true };
    })();
    return {
      [Symbol.asyncIterator]() {
        return this;
      },
      next: () => pumped,
      async return() {
        stopped = true;
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
    const extra: Extra = { socket, request };
    const connectionClosed = metrics.webSocketOpened();
    // A logout or an expired session also ends connections that stay open.
    const reauthenticate = setInterval(() => {
      const credentials = extra.credentials;
      if (!credentials) return;
      authenticate(base.em.fork(), credentials).then(
        (viewer) => viewer.principal.kind === 'anonymous' && socket.close(4403, 'Forbidden'),
        // While the database cannot answer, the connection stays: it is checked again later.
        (error: unknown) => isDatabaseUnavailable(error) || socket.close(4403, 'Forbidden'),
      );
    }, REAUTHENTICATE_MS);
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
            socket.send(data, (error) => (error ? reject(error) : resolve()));
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
      extra,
    );
    socket.once('close', (code, reason) => {
      connectionClosed();
      clearInterval(keepAlive);
      clearInterval(reauthenticate);
      void closed(code, String(reason));
    });
  });

  return {
    async close() {
      accepting = false;
      const clients = [...wsServer.clients];
      const gone = clients.map((client) => new Promise((resolve) => client.once('close', resolve)));
      for (const client of clients) client.close(WS_CLOSE.GOING_AWAY, 'Server shutting down');
      // Clients answer the close; those that do not are cut after a moment.
      const timer = setTimeout(() => clients.forEach((client) => client.terminate()), CLOSE_WAIT_MS);
      await Promise.all(gone);
      clearTimeout(timer);
      await new Promise<void>((resolve) => wsServer.close(() => resolve()));
    },
  };
}

const FRAME_END = Buffer.from('}', 'utf8');

/** Events a subscription takes and writes at once, at most. */
const BATCH = 256;

/** How long live subscriptions write before they let the event loop turn. */
const TURN_MS = 20;
let turnStarted = performance.now();
let turn: Promise<void> | null = null;

function nextTurn(): Promise<void> {
  turn ??= new Promise((resolve) =>
    setImmediate(() => {
      turn = null;
      turnStarted = performance.now();
      resolve();
    }),
  );
  return turn;
}

/** Beyond this many bytes waiting in a socket's buffers, a subscription waits until they are written. */
const HIGH_WATER_BYTES = 256 * 1024;

/** A connection that takes none of the events waiting for it for this long is closed with 4503. */
export const STALL_MS = 10_000;

/** How often a subscription waiting for its socket looks whether it took anything. */
const DRAIN_POLL_MS = 100;

/**
 * Writes one text frame per payload, corked so that they leave in one system call. Past the
 * high-water mark the writer waits for the socket to take them (meanwhile the feed queues,
 * then reads from the table: see `SUBSCRIBER_QUEUE_LIMIT`); a socket that takes nothing at
 * all for `STALL_MS` ends the subscription with `SlowConsumerError`. Returns the frames written.
 */
async function writeFrames(
  socket: WebSocket,
  head: Buffer,
  payloads: SharedPayload[],
  open: () => boolean,
): Promise<number> {
  // ws keeps the TCP socket in `_socket`; corking it batches the frames into one writev.
  const tcp = (socket as unknown as { _socket?: import('node:net').Socket })._socket;
  let corked = false;
  let written = 0;
  for (const payload of payloads) {
    if (socket.bufferedAmount > HIGH_WATER_BYTES) {
      if (corked) tcp?.uncork();
      corked = false;
      await drained(socket, open);
    }
    if (!open()) break;
    if (!corked && payloads.length > 1) {
      tcp?.cork();
      corked = true;
    }
    socket.send(Buffer.concat([head, payload.bytes, FRAME_END]), { binary: false });
    written++;
  }
  if (corked) tcp?.uncork();
  return written;
}

/** Waits until the socket's buffers are below the high-water mark; stalls end the subscription. */
async function drained(socket: WebSocket, open: () => boolean): Promise<void> {
  let buffered = socket.bufferedAmount;
  let progressAt = Date.now();
  while (open() && socket.bufferedAmount > HIGH_WATER_BYTES) {
    await new Promise((resolve) => setTimeout(resolve, DRAIN_POLL_MS));
    if (socket.bufferedAmount < buffered) progressAt = Date.now();
    buffered = socket.bufferedAmount;
    if (Date.now() - progressAt >= STALL_MS) {
      throw new SlowConsumerError(`The connection took nothing for ${STALL_MS} ms.`);
    }
  }
}

function isAsyncIterator(value: unknown): value is AsyncIterator<unknown> {
  return typeof value === 'object' && value !== null && Symbol.asyncIterator in value;
}

/** Runs at most `limit` tasks at once; the others wait their turn, first come first served. */
export class ConcurrencyLimit {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(private readonly limit: number) {}

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) await new Promise<void>((resolve) => this.waiting.push(resolve));
    else this.running++;
    try {
      return await task();
    } finally {
      const next = this.waiting.shift();
      if (next) next();
      else this.running--;
    }
  }
}
