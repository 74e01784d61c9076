import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Config } from '../config.js';
import { redactSqlLiterals, type Logger } from '../logger.js';
import { startingEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';
import { ormConfig } from './orm-config.js';
import { isDatabaseUnavailable } from './database-errors.js';

export interface Database {
  orm: MikroORM;
  /** Where the database is, for connections of their own (the live-update listener). */
  clientUrl: string;
  /** Set when running on the embedded PostgreSQL (no DATABASE_URL). */
  embedded: EmbeddedPostgres | null;
  close(): Promise<void>;
}

/** Any fixed number: the advisory lock that lets only one instance migrate (or seed) at a time. */
export const MIGRATION_LOCK = 4_202_611;

/**
 * Runs pending migrations on connections of their own, without the server's statement
 * timeout (building an index on a large table may take minutes); concurrent instances wait
 * on an advisory lock instead of racing.
 */
async function migrate(clientUrl: string, logger: Logger): Promise<string[]> {
  const lock = new pg.Client({ connectionString: clientUrl });
  await lock.connect();
  let orm: MikroORM | undefined;
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    orm = await MikroORM.init(
      ormConfig({ clientUrl, poolSize: 1, driverLog: (level, message) => logger[level](message) }),
    );
    const applied = await orm.getMigrator().up();
    return applied.map((m) => m.name);
  } finally {
    await orm?.close();
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end();
  }
}

/**
 * Waits until PostgreSQL answers, for at most `timeoutMs`, retrying with a growing pause (a
 * database that starts after Cobuild, or restarts). Errors that waiting cannot fix (a wrong
 * password, a missing database) fail at once.
 */
async function waitForDatabase(clientUrl: string, timeoutMs: number, logger: Logger): Promise<void> {
  const started = Date.now();
  for (let attempt = 1; ; attempt++) {
    const client = new pg.Client({ connectionString: clientUrl, connectionTimeoutMillis: 3_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('select 1');
      if (attempt > 1) logger.info({ waitedMs: Date.now() - started }, 'database answers');
      return;
    } catch (error) {
      const waited = Date.now() - started;
      if (!isDatabaseUnavailable(error) || waited >= timeoutMs) throw error;
      const pause = Math.min(500 * 2 ** (attempt - 1), 5_000, timeoutMs - waited);
      logger.warn(
        { attempt, retryInMs: pause, reason: (error as { code?: string }).code ?? (error as Error).message },
        'waiting for the database',
      );
      await new Promise((resolve) => setTimeout(resolve, pause));
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}

/**
 * Connects to DATABASE_URL, or starts embedded PostgreSQL in DATA_DIR when it is unset, and
 * applies the committed migrations. Both paths use the same driver, migrations and SQL.
 */
export async function openDatabase(
  config: Config,
  logger: Logger,
  starting: Promise<EmbeddedPostgres> | null = startingEmbeddedPostgres(config),
): Promise<Database> {
  let embedded: EmbeddedPostgres | null = null;
  let clientUrl = config.databaseUrl;
  if (!clientUrl) {
    const started = Date.now();
    embedded = await starting!;
    clientUrl = embedded.url;
    logger.info({ dataDir: config.dataDir, waitedMs: Date.now() - started }, 'embedded PostgreSQL started');
  }
  const dbLogger = logger.child({ component: 'sql' });
  let orm: MikroORM | undefined;
  try {
    if (!embedded) await waitForDatabase(clientUrl, config.dbStartTimeoutMs, logger);
    const applied = await migrate(clientUrl, logger);
    if (applied.length) logger.info({ applied }, 'migrations applied');
    orm = await MikroORM.init(
      ormConfig({
        clientUrl,
        poolSize: config.dbPoolSize,
        debug: config.logLevel === 'trace',
        // Statements are logged with their values inlined; the values never reach the log.
        logWriter: (message) => dbLogger.trace(redactSqlLiterals(message)),
        timeouts: { statementMs: config.dbStatementTimeoutMs, acquireMs: config.dbAcquireTimeoutMs },
        driverLog: (level, message) => dbLogger[level](message),
      }),
    );
  } catch (error) {
    await orm?.close();
    await embedded?.stop();
    throw error;
  }
  return {
    orm,
    clientUrl,
    embedded,
    async close() {
      await orm.close();
      await embedded?.stop();
    },
  };
}

/** How long /readyz waits for the database before it says unready. */
const READY_CHECK_MS = 2_000;

/**
 * Readiness: the database answers within `READY_CHECK_MS` and no committed migration is
 * pending. The reason never names the database's address or the driver's message.
 */
export async function databaseReady(orm: MikroORM): Promise<{ ready: boolean; reason?: string }> {
  let timer: NodeJS.Timeout | undefined;
  const check = async () => {
    await orm.em.getConnection().execute('select 1');
    const pending = await orm.getMigrator().getPendingMigrations();
    return pending.length ? { ready: false, reason: `${pending.length} migrations pending` } : { ready: true };
  };
  try {
    return await Promise.race([
      check(),
      new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(Object.assign(new Error('database did not answer in time'), { code: 'ETIMEDOUT' })),
          READY_CHECK_MS,
        );
      }),
    ]);
  } catch (error) {
    return { ready: false, reason: isDatabaseUnavailable(error) ? 'database unavailable' : 'database check failed' };
  } finally {
    clearTimeout(timer);
  }
}
