import { MikroORM } from '@mikro-orm/postgresql';
import pg from 'pg';
import type { Config } from '../config.js';
import { redactSqlLiterals, type Logger } from '../logger.js';
import { startingEmbeddedPostgres, type EmbeddedPostgres } from './embedded-postgres.js';
import { ormConfig } from './orm-config.js';

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

/** Runs pending migrations; concurrent instances wait on an advisory lock instead of racing. */
async function migrate(orm: MikroORM, clientUrl: string): Promise<string[]> {
  const lock = new pg.Client({ connectionString: clientUrl });
  await lock.connect();
  try {
    await lock.query('select pg_advisory_lock($1)', [MIGRATION_LOCK]);
    const applied = await orm.getMigrator().up();
    return applied.map((m) => m.name);
  } finally {
    await lock.query('select pg_advisory_unlock($1)', [MIGRATION_LOCK]).catch(() => undefined);
    await lock.end();
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
    orm = await MikroORM.init(
      ormConfig({
        clientUrl,
        poolSize: config.dbPoolSize,
        debug: config.logLevel === 'trace',
        // Statements are logged with their values inlined; the values never reach the log.
        logWriter: (message) => dbLogger.trace(redactSqlLiterals(message)),
      }),
    );
    const applied = await migrate(orm, clientUrl);
    if (applied.length) logger.info({ applied }, 'migrations applied');
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

/** Readiness: the database answers and no committed migration is pending. */
export async function databaseReady(orm: MikroORM): Promise<{ ready: boolean; reason?: string }> {
  try {
    await orm.em.getConnection().execute('select 1');
    const pending = await orm.getMigrator().getPendingMigrations();
    return pending.length ? { ready: false, reason: `${pending.length} migrations pending` } : { ready: true };
  } catch (error) {
    return { ready: false, reason: (error as Error).message };
  }
}
