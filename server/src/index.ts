/** What the end-to-end tests use of the server package (the server itself starts from main.ts). */
export { ormConfig } from './database/orm-config.js';
export { seedVolume, type VolumeOptions } from './seed/volume-seed.js';
export { DEMO_ACCOUNTS, DEMO_PARTNER_TOKEN, DEMO_PASSWORD } from './seed/demo-accounts.js';
export { MUTATION_RULES } from './modules/auth/policy.js';
export { NEXT_STATUSES } from './modules/project/project-lifecycle.js';
export { CSV_COLUMNS } from './modules/project-csv/csv-format.js';
export { IDEMPOTENCY_KEY_HOURS, sweepIdempotencyKeys } from './modules/idempotency/idempotency.js';
export { startEmbeddedPostgres, type EmbeddedPostgres } from './database/embedded-postgres.js';
