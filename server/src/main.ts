import './production-mode.js';
import { ConfigError, loadConfig } from './config.js';
import { EmbeddedPostgresError, startingEmbeddedPostgres } from './database/embedded-postgres.js';
import { createLogger } from './logger.js';

let config;
try {
  config = loadConfig();
} catch (error) {
  if (error instanceof ConfigError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}
const logger = createLogger(config.logLevel);
try {
  // The embedded PostgreSQL starts while the rest of the server (GraphQL, ORM) loads.
  const embedded = startingEmbeddedPostgres(config);
  embedded?.catch(() => undefined);
  const { startServer } = await import('./app.js');
  const server = await startServer(config, logger, embedded);
  const shutdown = (signal: string) => {
    logger.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      (error: unknown) => {
        logger.error({ err: error }, 'shutdown failed');
        process.exit(1);
      },
    );
  };
  process.once('SIGTERM', () => shutdown('SIGTERM'));
  process.once('SIGINT', () => shutdown('SIGINT'));
} catch (error) {
  // Problems the operator fixes (DATA_DIR, a taken port) get one line and exit code 2.
  if (error instanceof EmbeddedPostgresError) {
    console.error(error.message);
    process.exit(2);
  }
  if ((error as NodeJS.ErrnoException).code === 'EADDRINUSE') {
    console.error(`PORT ${config.port} on ${config.host} is already in use.`);
    process.exit(2);
  }
  logger.fatal({ err: error }, 'Cobuild failed to start');
  process.exit(1);
}
