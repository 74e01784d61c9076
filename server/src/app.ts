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
import { useServer } from 'graphql-ws/use/ws';
import { WebSocketServer } from 'ws';
import type { Config } from './config.js';
import { startingEmbeddedPostgres, type EmbeddedPostgres } from './database/embedded-postgres.js';
import { databaseReady, openDatabase, type Database } from './database/open-database.js';
import { countStatements } from './database/statement-counter.js';
import { diagnosticsPlugin, errorLoggingPlugin, formatError, maskExecutionResult } from './graphql/apollo-plugins.js';
import { createContext, type Context } from './graphql/context.js';
import { authenticate, type Credentials } from './modules/auth/authenticate.js';
import { Viewer } from './modules/auth/viewer.js';
import { sweepIdempotencyKeys } from './modules/idempotency/idempotency.js';
import { CodedError, ErrorCode } from './graphql/errors.js';
import { cobuildSchema } from './graphql/schema.js';
import { compiledExecution } from './graphql/compiled-execution.js';
import type { Logger } from './logger.js';
import { seedDemoIfEmpty } from './seed/demo-seed.js';

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

  // Idempotency keys live at least 24 hours; older than 48 are swept now and every hour.
  const sweep = () =>
    sweepIdempotencyKeys(orm.em.fork()).catch((error: unknown) =>
      logger.warn({ err: error }, 'idempotency sweep failed'),
    );
  await sweep();
  const sweeper = setInterval(() => void sweep(), 3_600_000).unref();

  const schema = await cobuildSchema();
  const base = { em: orm.em, logger, config };
  const app = express();
  app.disable('x-powered-by');
  app.set('trust proxy', 'loopback');
  const httpServer = http.createServer(app);

  // Upgrades are routed by hand (noServer): attached to the HTTP server, ws would re-emit its
  // errors (a taken port) through graphql-ws, which prints them outside the JSON log.
  const wsServer = new WebSocketServer({ noServer: true });
  httpServer.on('upgrade', (req, socket, head) => {
    if (req.url?.split('?')[0] !== '/graphql') {
      socket.destroy();
      return;
    }
    wsServer.handleUpgrade(req, socket, head, (ws) => wsServer.emit('connection', ws, req));
  });
  const wsCleanup = useServer<Record<string, unknown> | undefined, { credentials?: Credentials }>(
    {
      schema,
      connectionInitWaitTimeout: 10_000,
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
          viewer = await authenticate(orm.em.fork(), credentials);
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
      // Every operation is authenticated again, so a logout, a revoked token or a lost role
      // takes effect on open sockets too.
      context: (ctx) => createContext(base, ctx.extra.credentials ?? {}, randomUUID()),
      onNext: (_ctx, _id, _payload, args, result) =>
        maskExecutionResult(result, logger, (args.contextValue as Context).requestId),
    },
    wsServer,
  );

  const apollo = new ApolloServer<Context>({
    gateway: compiledExecution(schema),
    formatError,
    includeStacktraceInErrorResponses: false,
    // Partners and code generators read the schema, whatever NODE_ENV says.
    introspection: true,
    // main.ts owns the signals and shuts down the database too, then exits with 0.
    stopOnTerminationSignals: false,
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer }),
      ApolloServerPluginLandingPageDisabled(),
      // Cobuild sets no cache hints; the plugin would wrap every field resolver to collect them.
      ApolloServerPluginCacheControlDisabled(),
      errorLoggingPlugin(),
      ...(config.graphqlDiagnostics ? [diagnosticsPlugin()] : []),
      {
        async serverWillStart() {
          return {
            async drainServer() {
              await wsCleanup.dispose();
            },
          };
        },
      },
    ],
  });
  await apollo.start();

  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    const state = await databaseReady(orm);
    res.status(state.ready ? 200 : 503).json({ status: state.ready ? 'ready' : 'not ready', reason: state.reason });
  });

  app.use(
    '/graphql',
    (req, res, next) => {
      const requestId = req.get('x-request-id')?.slice(0, 100) || randomUUID();
      res.locals.requestId = requestId;
      res.setHeader('x-request-id', requestId);
      next();
    },
    express.json({ limit: config.maxBodyBytes }),
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
          );
        } catch (error) {
          // Bad credentials stop the request with HTTP 401 and the error's code.
          if (error instanceof CodedError) error.extensions.http = { status: 401 };
          throw error;
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

  await new Promise<void>((resolve, reject) => {
    httpServer.once('error', reject);
    httpServer.listen(config.port, config.host, () => resolve());
  });
  const { port } = httpServer.address() as AddressInfo;
  const host = config.host === '0.0.0.0' || config.host === '::' ? '127.0.0.1' : config.host;
  const url = `http://${host}:${port}`;
  logger.info({ url, embedded: database.embedded !== null }, 'Cobuild is listening');

  let closing: Promise<void> | undefined;
  return {
    url,
    port,
    database,
    close() {
      closing ??= (async () => {
        clearInterval(sweeper);
        await apollo.stop();
        await new Promise<void>((resolve) => wsServer.close(() => resolve()));
        await database.close();
      })();
      return closing;
    },
  };
}
