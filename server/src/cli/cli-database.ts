import { loadConfig } from '../config.js';
import { openDatabase, type Database } from '../database/open-database.js';
import { createLogger } from '../logger.js';

/** Opens the configured database (DATABASE_URL or the embedded one in DATA_DIR), migrated, for a CLI command. */
export async function cliDatabase(): Promise<Database> {
  const config = loadConfig();
  return openDatabase(config, createLogger(config.logLevel));
}
