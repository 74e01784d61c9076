import 'reflect-metadata';
import { cliDatabase } from './cli-database.js';

/** `pnpm --filter @cobuild/server migrate`: applies pending migrations and exits. */
const db = await cliDatabase();
await db.close();
console.log('Migrations are up to date.');
