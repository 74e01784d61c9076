import 'reflect-metadata';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { ApolloServer } from '@apollo/server';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { expressMiddleware } from '@as-integrations/express5';
import express, { type ErrorRequestHandler } from 'express';
import type { Config } from './config.js';
import { corsFor } from './cors.js';
import { startingEmbeddedPostgres, type EmbeddedPostgres } from './database/embedded-postgres.js';
import { databaseReady, openDatabase, type Database } from './database/open-database.js';
import { countStatements } from './database/statement-counter.js';
import {
  admissionPlugin,
  diagnosticsPlugin,
  errorLoggingPlugin,
  subscriptionsOverWebSocketPlugin,
} from './graphql/apollo-plugins.js';
import type { ChargeCost } from './graphql/admission.js';
import { checkTokens } from './graphql/query-limits.js';
import { CostBudgets } from './modules/rate-limit/cost-budget.js';
import { createContext, type Context } from './graphql/context.js';
import { localeFromHeader } from './graphql/locale.js';
import { ActivityBus } from './modules/activity/activity-bus.js';
import { serveSubscriptionsWith } from './modules/activity/activity-feed.js';
import { sweepIdempotencyKeys } from './modules/idempotency/idempotency.js';
import { callerError, CodedError, ErrorCode, serviceUnavailable } from './graphql/errors.js';
import { isDatabaseUnavailable } from './database/database-errors.js';
import { cobuildSchema } from './graphql/schema.js';
import { compiledExecution } from './graphql/compiled-execution.js';
import type { Logger } from './logger.js';
import { Metrics, type PoolStatistics } from './metrics/metrics.js';
import { graphqlHttpMetrics, graphqlMetricsPlugin, metricsEndpoint } from './metrics/http-metrics.js';
import { projectsCsvRouter } from './modules/project-csv/projects-csv-export.js';
import { seedDemoIfEmpty } from './seed/demo-seed.js';
import { serveGraphqlOverWebSocket } from './websocket/graphql-websocket.js';

export interface RunningServer {
  url: string;
  port: number;
  database: Database;
  close(): Promise<void>;
}

const defaultClientDist = fileURLToPath(new URL('../../client/dist', import.meta.url));

const countStatementsOf: express.RequestHandler = (_req, _res, next) => {
  countStatements(() => next());
};

function jsonError(res: express.Response, status: number, code: ErrorCode, message: string): void {
  res.status(status).json({ errors: [{ message, extensions: { code } }] });
}

/** Starts Cobuild: database (embedded or DATABASE_URL), migrations, demo seed, HTTP and WebSocket on one port. */
export async function startServer(
  config: Config,
  logger: Logger,
  embedded: Promise<EmbeddedPostgres> | null = startingEmbeddedPostgres(config),
): Promise<RunningServer> {
  const database = await openDatabase(config, logger, embedded);
  try {
    return await serve(config, logger, database);
  } catch (error) {
    // Nothing is left running (an embedded PostgreSQL included) when the start fails.
    await database.close().catch(() => undefined);
    throw error;
  }
}

async function serve(config: Config, logger: Logger, database: Database): Promise<RunningServer> {
  const { orm } = database;
  const seedDemo = config.seedDemo === 'true' || (config.seedDemo === 'auto' && database.embedded !== null);
  if (seedDemo && (await seedDemoIfEmpty(orm.em.fork()))) logger.info('demo data seeded');

  // This instance's metrics (GET /metrics); the pool is read at each scrape.
  const metrics = new Metrics({
    pool: () => (orm.em.getConnection().getKnex().client as { pool?: PoolStatistics }).pool,
  });
  const budgets = new CostBudgets(orm.em, config.costBudget, (error) =>
    logger.warn({ err: error }, 'cost refund failed'),
  );
  const charge: ChargeCost = metrics.meteredCharge((context, requested) =>
    budgets.charge(context.viewer, context.http?.req.ip ?? null, requested),
  );
  // Idempotency keys live at least 24 hours; older than 48 are swept now and every hour, with
  // cost budgets idle for an hour.
  const sweep = () =>
    Promise.all([sweepIdempotencyKeys(orm.em.fork()), budgets.sweep()]).catch((error: unknown) =>
      logger.warn({ err: error }, 'hourly sweep failed'),
    );
  await sweep();
  const sweeper = setInterval(() => void sweep(), 3_600_000).unref();

  const schema = await cobuildSchema();
  const base = { em: orm.em, logger, config };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  // A client gets 10 s to send a request's headers (a WebSocket upgrade included) and 30 s
  // for the whole request; slow senders are checked for every 2 s and cut.
  const httpServer = http.createServer({ connectionsCheckingInterval: 2_000, requestTimeout: 30_000 }, app);
  httpServer.headersTimeout = 10_000;

  const bus = new ActivityBus(orm.em, {
    connectionString: database.clientUrl,
    logger,
    onEventsRead: (count) => metrics.activityEventsRead(count),
  });
  serveSubscriptionsWith(orm.em, bus);
  const websocket = serveGraphqlOverWebSocket(httpServer, schema, base, charge, metrics);

  const apollo = new ApolloServer<Context>({
    gateway: compiledExecution(schema),
    formatError: callerError,
    includeStacktraceInErrorResponses: false,
    // Partners and code generators read the schema, whatever NODE_ENV says.
    introspection: true,
    // No automatic persisted queries: a request carries its query (APQ requests are refused
    // with PERSISTED_QUERY_NOT_SUPPORTED).
    persistedQueries: false,
    // main.ts owns the signals and shuts down the database too, then exits with 0.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // Cobuild sets no cache hints; the plugin would wrap every field resolver to collect them.
      ApolloServerPluginCacheControlDisabled(),
      errorLoggingPlugin(),
      graphqlMetricsPlugin(metrics),
      subscriptionsOverWebSocketPlugin(),
      admissionPlugin(schema, charge),
      ...(config.graphqlDiagnostics ? [diagnosticsPlugin()] : []),
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  let shuttingDown = false;
  app.get('/readyz', async (_req, res) => {
    if (shuttingDown) {
      res.status(503).json({ status: 'not ready', reason: 'shutting down' });
      return;
    }
    const state = await databaseReady(orm);
    res.status(state.ready ? 200 : 503).json({ status: state.ready ? 'ready' : 'not ready', reason: state.reason });
  });
  app.get('/metrics', metricsEndpoint(metrics));
  app.use('/export/projects.csv', projectsCsvRouter(base));

  app.use(
    '/graphql',
    corsFor(config.corsOrigins),
    graphqlHttpMetrics(metrics),
    (req, res, next) => {
      const requestId = req.get('x-request-id')?.slice(0, 100) || randomUUID();
      res.locals.requestId = requestId;
      res.setHeader('x-request-id', requestId);
      next();
    },
    express.json({ limit: config.maxBodyBytes }),
    // A flood of tokens is refused before it is parsed.
    (req, res, next) => {
      const query = (req.body as { query?: unknown } | undefined)?.query;
      const refused = typeof query === 'string' ? checkTokens(query) : null;
      if (!refused) return next();
      res
        .status(400)
        .json({ errors: [{ message: refused.message, extensions: { ...refused.extensions, http: undefined } }] });
    },
    // With diagnostics, everything after this point runs inside the request's statement tally
    // (AsyncLocalStorage makes every promise pay for a hook, so only then).
    ...(config.graphqlDiagnostics ? [countStatementsOf] : []),
    expressMiddleware(apollo, {
      context: async ({ req, res }) => {
        try {
          return await createContext(
            base,
            { authorization: req.headers.authorization ?? null, cookie: req.headers.cookie ?? null },
            String(res.locals.requestId),
            { req, res },
            localeFromHeader(req.headers['accept-language']),
          );
        } catch (error) {
          // Bad credentials stop the request with HTTP 401 and the error's code.
          if (error instanceof CodedError) error.extensions.http = { status: 401 };
          if (!isDatabaseUnavailable(error)) throw error;
          const requestId = String(res.locals.requestId);
          logger.error({ err: error, requestId, code: ErrorCode.SERVICE_UNAVAILABLE }, 'database unavailable');
          throw serviceUnavailable(requestId);
        }
      },
    }),
  );

  const clientDist = config.clientDist ?? defaultClientDist;
  if (fs.existsSync(path.join(clientDist, 'index.html'))) {
    app.use(express.static(clientDist, { index: 'index.html', maxAge: '1h' }));
    app.get(/^\/(?!graphql|healthz|readyz).*/, (_req, res) => {
      res.sendFile(path.join(clientDist, 'index.html'));
    });
  } else {
    logger.warn({ clientDist }, 'client build not found; serving the API only');
  }

  const handleHttpErrors: ErrorRequestHandler = (error, req, res, next) => {
    if (res.headersSent) return next(error);
    const e = error as { type?: string; status?: number };
    if (e.type === 'entity.parse.failed')
      return jsonError(res, 400, ErrorCode.BAD_REQUEST, 'Request body is not valid JSON.');
    if (e.type === 'entity.too.large') {
      return jsonError(res, 413, ErrorCode.PAYLOAD_TOO_LARGE, `Request body exceeds ${config.maxBodyBytes} bytes.`);
    }
    if (e.status && e.status >= 400 && e.status < 500)
      return jsonError(res, e.status, ErrorCode.BAD_REQUEST, 'Bad request.');
    logger.error({ err: error, requestId: res.locals.requestId, url: req.originalUrl }, 'unhandled HTTP error');
    jsonError(res, 500, ErrorCode.INTERNAL_SERVER_ERROR, 'Internal server error');
  };
  app.use(handleHttpErrors);

  // The bus starts last before listening: nothing subscribes earlier, and a failed start
  // leaves no listener connection behind.
  try {
    await bus.start();
    await new Promise<void>((resolve, reject) => {
      httpServer.once('error', reject);
      httpServer.listen(config.port, config.host, () => resolve());
    });
  } catch (error) {
    await bus.close();
    throw error;
  }
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host}:${port}`;
  logger.info({ url, embedded: database.embedded !== null }, 'Cobuild is listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    database,
    /**
     * Graceful shutdown: /readyz answers 503 (for SHUTDOWN_DELAY_MS); WebSockets are closed
     * with 1001 (no new ones) so their clients reconnect elsewhere and resume by cursor; the
     * server stops accepting connections and drains HTTP requests; the database closes last.
     */
    close() {
      closing ??= (async () => {
        shuttingDown = true;
        if (config.shutdownDelayMs) await new Promise((resolve) => setTimeout(resolve, config.shutdownDelayMs));
        clearInterval(sweeper);
        // WebSockets first: Apollo's drain ends every connection without an HTTP request in
        // flight, which would cut a socket before its 1001 reached the client.
        await websocket.close();
        await apollo.stop();
        await bus.close();
        await database.close();
      })();
      return closing;
    },
  };
}
