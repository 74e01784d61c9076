import 'reflect-metadata';
import { MikroORM } from '@mikro-orm/postgresql';
import { ormConfig } from '../database/orm-config.js';

/**
 * Developer tool: diffs the entities against a database migrated to the latest committed
 * migration and writes the difference as a new TypeScript migration in src/migrations.
 * Usage: DATABASE_URL=postgres://… node dist/cli/create-migration.js
 */
const url = process.env.DATABASE_URL;
if (!url) {
  console.error('DATABASE_URL must point to a scratch PostgreSQL database.');
  process.exit(2);
}
const base = ormConfig({ clientUrl: url, poolSize: 2 });
const orm = await MikroORM.init({
  ...base,
  migrations: {
    ...base.migrations,
    migrationsList: undefined,
    path: 'dist/migrations',
    pathTs: 'src/migrations',
    glob: 'Migration*.{js,ts}',
  },
});
const migrator = orm.getMigrator();
await migrator.up();
const result = await migrator.createMigration('src/migrations');
console.log(result.fileName ? `wrote ${result.fileName}` : 'no changes');
await orm.close();
