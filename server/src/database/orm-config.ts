import { defineConfig, type Options } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { CountingLogger } from './statement-counter.js';
import { entities } from '../modules/entities.js';
import { migrationsList } from '../migrations/index.js';

export interface OrmConfigInput {
  clientUrl: string;
  poolSize: number;
  debug?: boolean;
  logWriter?: (message: string) => void;
  /**
   * Bounds on waiting for PostgreSQL (the server's connections; migrations and tools have
   * none): a statement runs at most `statementMs` (cancelled by the server, or given up by the
   * client 2 s later if the server does not answer at all), and a connection is awaited at most
   * `acquireMs` from the pool or for a new one.
   */
  timeouts?: { statementMs: number; acquireMs: number };
  /** Where the driver's (knex's) warnings and errors go; the console when not given. */
  driverLog?: (level: 'warn' | 'error', message: string) => void;
}

export function ormConfig({
  clientUrl,
  poolSize,
  debug = false,
  logWriter,
  timeouts,
  driverLog,
}: OrmConfigInput): Options {
  return defineConfig({
    clientUrl,
    entities,
    extensions: [Migrator],
    pool: { min: 0, max: poolSize },
    driverOptions: {
      ...(timeouts && {
        acquireConnectionTimeout: timeouts.acquireMs,
        connection: {
          statement_timeout: timeouts.statementMs,
          query_timeout: timeouts.statementMs + 2_000,
          connectionTimeoutMillis: timeouts.acquireMs,
          keepAlive: true,
        },
      }),
      // knex's own warnings ("Connection Error: …") go to the JSON log, not to the console.
      ...(driverLog && {
        log: {
          warn: (message: unknown) => driverLog('warn', String(message)),
          error: (message: unknown) => driverLog('error', String(message)),
          deprecate: (message: unknown) => driverLog('warn', String(message)),
          debug: () => undefined,
        },
      }),
    },
    // Never touch the schema at start: only committed migrations change it.
    ensureDatabase: false,
    allowGlobalContext: false,
    forceUtcTimezone: true,
    loggerFactory: (options) => new CountingLogger(options),
    debug: debug ? ['query', 'query-params'] : false,
    logger: logWriter,
    migrations: {
      migrationsList,
      tableName: 'mikro_orm_migrations',
      transactional: true,
      allOrNothing: true,
      snapshot: false,
      emit: 'ts',
      silent: true,
    },
    discovery: { warnWhenNoEntities: true },
  });
}
