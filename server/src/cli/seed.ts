import 'reflect-metadata';
import { seedDemoIfEmpty } from '../seed/demo-seed.js';
import { cliDatabase } from './cli-database.js';

/** `pnpm seed`: migrates and seeds the demo data into an empty database. */
const db = await cliDatabase();
try {
  const seeded = await seedDemoIfEmpty(db.orm.em.fork());
  console.log(seeded ? 'Demo data seeded.' : 'The database already has data; nothing seeded.');
} finally {
  await db.close();
}
