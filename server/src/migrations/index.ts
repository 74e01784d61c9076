import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261126161049 } from './Migration20261126161049.js';
import { Migration20261126164000 } from './Migration20261126164000.js';
import { Migration20261126165547 } from './Migration20261126165547.js';
import { Migration20261126192915 } from './Migration20261126192915.js';
import { Migration20261126195950 } from './Migration20261126195950.js';
import { Migration20261126213629 } from './Migration20261126213629.js';
import { Migration20261202123507 } from './Migration20261202123507.js';
import { Migration20261202134546 } from './Migration20261202134546.js';
import { Migration20261202140000 } from './Migration20261202140000.js';
import { Migration20261202140543 } from './Migration20261202140543.js';
import { Migration20261202154437 } from './Migration20261202154437.js';
import { Migration20261202160000 } from './Migration20261202160000.js';
import { Migration20261202163645 } from './Migration20261202163645.js';

/**
 * Committed migrations, oldest first. The schema only ever changes through these (never
 * auto-sync outside tests). To add one: `DATABASE_URL=<scratch db> pnpm --filter
 * @cobuild/server migration:create`, review it, then list it here.
 */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261126161049', class: Migration20261126161049 },
  { name: 'Migration20261126164000', class: Migration20261126164000 },
  { name: 'Migration20261126165547', class: Migration20261126165547 },
  { name: 'Migration20261126192915', class: Migration20261126192915 },
  { name: 'Migration20261126195950', class: Migration20261126195950 },
  { name: 'Migration20261126213629', class: Migration20261126213629 },
  { name: 'Migration20261202123507', class: Migration20261202123507 },
  { name: 'Migration20261202134546', class: Migration20261202134546 },
  { name: 'Migration20261202140000', class: Migration20261202140000 },
  { name: 'Migration20261202140543', class: Migration20261202140543 },
  { name: 'Migration20261202154437', class: Migration20261202154437 },
  { name: 'Migration20261202160000', class: Migration20261202160000 },
  { name: 'Migration20261202163645', class: Migration20261202163645 },
];
