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
}

export function ormConfig({ clientUrl, poolSize, debug = false, logWriter }: OrmConfigInput): Options {
  return defineConfig({
    clientUrl,
    entities,
    extensions: [Migrator],
    pool: { min: 0, max: poolSize },
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
