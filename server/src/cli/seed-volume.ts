import 'reflect-metadata';
import { parseArgs } from 'node:util';
import { seedVolume } from '../seed/volume-seed.js';
import { cliDatabase } from './cli-database.js';

/**
 * `pnpm seed:volume -- --organizations 5000 --projects 20000 --commitments 200000`:
 * adds benchmark volume (on top of the demo data) with batched inserts.
 */
const { values } = parseArgs({
  options: {
    organizations: { type: 'string', default: '5000' },
    projects: { type: 'string', default: '20000' },
    commitments: { type: 'string', default: '200000' },
    seed: { type: 'string', default: '42' },
  },
});
const count = (name: keyof typeof values): number => {
  const n = Number(values[name]);
  if (!Number.isInteger(n) || n < 0) {
    console.error(`--${name} must be a whole number ≥ 0, got ${values[name]}`);
    process.exit(2);
  }
  return n;
};
const options = {
  organizations: Math.max(1, count('organizations')),
  projects: count('projects'),
  commitments: count('commitments'),
  seed: count('seed'),
};
const db = await cliDatabase();
try {
  const result = await seedVolume(db.orm.em.fork(), options);
  console.log(JSON.stringify(result));
} finally {
  await db.close();
}
