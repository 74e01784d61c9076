import path from 'node:path';
import { z } from 'zod';

const bool = z.enum(['true', 'false', '1', '0']).transform((v) => v === 'true' || v === '1');

/**
 * Every environment variable Cobuild reads, with its default. The README's configuration
 * table mirrors this list; an invalid value stops the process at start with the variable's name.
 */
const schema = z.object({
  PORT: z.coerce.number().int().min(0).max(65535).default(4000),
  HOST: z.string().min(1).default('0.0.0.0'),
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, 'must be a postgres:// connection URL')
    .optional(),
  DATA_DIR: z.string().min(1).default('./.cobuild-data'),
  DB_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  DB_STATEMENT_TIMEOUT_MS: z.coerce.number().int().min(100).max(3_600_000).default(10_000),
  DB_ACQUIRE_TIMEOUT_MS: z.coerce.number().int().min(100).max(600_000).default(5_000),
  DB_START_TIMEOUT_MS: z.coerce.number().int().min(0).max(3_600_000).default(60_000),
  SEED_DEMO: z.enum(['auto', 'true', 'false']).default('auto'),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  CLIENT_DIST: z.string().optional(),
  MAX_BODY_BYTES: z.coerce.number().int().min(1024).max(50_000_000).default(1_000_000),
  GRAPHQL_DIAGNOSTICS: bool.default(false),
  LOGIN_ATTEMPTS_PER_EMAIL: z.coerce.number().int().min(1).max(10_000).default(10),
  LOGIN_ATTEMPTS_PER_IP: z.coerce.number().int().min(1).max(100_000).default(30),
  COST_BUDGET_ANONYMOUS: z.coerce.number().int().min(1).max(1e9).default(100_000),
  COST_BUDGET_USER: z.coerce.number().int().min(1).max(1e9).default(200_000),
  COST_BUDGET_TOKEN: z.coerce.number().int().min(1).max(1e9).default(500_000),
  EXPORTS_PER_MINUTE: z.coerce.number().int().min(1).max(1e9).default(20),
  SHUTDOWN_DELAY_MS: z.coerce.number().int().min(0).max(120_000).default(0),
  CORS_ORIGINS: z
    .string()
    .regex(
      /^\s*(https?:\/\/[a-z0-9.-]+(:\d{1,5})?\s*(,\s*https?:\/\/[a-z0-9.-]+(:\d{1,5})?\s*)*)?$/i,
      'must be a comma-separated list of origins such as https://partner.example',
    )
    .default(''),
});

export type Env = z.input<typeof schema>;

export interface Config {
  port: number;
  host: string;
  /** undefined: run on the embedded PostgreSQL 15 in `dataDir`. */
  databaseUrl: string | undefined;
  dataDir: string;
  dbPoolSize: number;
  /** Longest a statement may run, and longest a request waits for a connection. */
  dbStatementTimeoutMs: number;
  dbAcquireTimeoutMs: number;
  /** At start, how long to wait for an external database that does not answer yet. */
  dbStartTimeoutMs: number;
  /** Seed the demo data when the database has none: 'auto' seeds only on embedded PostgreSQL. */
  seedDemo: 'auto' | 'true' | 'false';
  logLevel: string;
  clientDist: string | undefined;
  maxBodyBytes: number;
  /** Report SQL statements and time per request in the response `extensions`. */
  graphqlDiagnostics: boolean;
  /**
   * Password attempts a minute: per email from one client address, and per client address
   * (then RATE_LIMITED); past `loginAttemptsPerEmail` for an email from all addresses
   * together, attempts are slowed down, never refused (see limitPasswordAttempts).
   */
  loginAttemptsPerEmail: number;
  loginAttemptsPerIp: number;
  /** Query cost points per minute for each anonymous IP address, signed-in user and API token. */
  costBudget: { anonymous: number; user: number; token: number };
  /** CSV exports a caller (person, token, or anonymous address) may start a minute. */
  exportsPerMinute: number;
  /**
   * On SIGTERM, how long /readyz answers 503 before the server stops accepting connections,
   * so a load balancer stops sending it new clients first.
   */
  shutdownDelayMs: number;
  /** Browser origins allowed to call the API (CORS), e.g. a partner's web app; none by default. */
  corsOrigins: string[];
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

export function loadConfig(env: Record<string, string | undefined> = process.env): Config {
  const present = Object.fromEntries(
    Object.entries(env).filter(([k, v]) => k in schema.shape && v !== undefined && v !== ''),
  );
  const parsed = schema.safeParse(present);
  if (!parsed.success) {
    const lines = parsed.error.issues.map(
      (i) => `  ${i.path.join('.')}=${JSON.stringify(present[String(i.path[0])])}: ${i.message}`,
    );
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  return {
    port: e.PORT,
    host: e.HOST,
    databaseUrl: e.DATABASE_URL,
    dataDir: path.resolve(e.DATA_DIR),
    dbPoolSize: e.DB_POOL_SIZE,
    dbStatementTimeoutMs: e.DB_STATEMENT_TIMEOUT_MS,
    dbAcquireTimeoutMs: e.DB_ACQUIRE_TIMEOUT_MS,
    dbStartTimeoutMs: e.DB_START_TIMEOUT_MS,
    seedDemo: e.SEED_DEMO,
    logLevel: e.LOG_LEVEL,
    clientDist: e.CLIENT_DIST ? path.resolve(e.CLIENT_DIST) : undefined,
    maxBodyBytes: e.MAX_BODY_BYTES,
    graphqlDiagnostics: e.GRAPHQL_DIAGNOSTICS,
    loginAttemptsPerEmail: e.LOGIN_ATTEMPTS_PER_EMAIL,
    loginAttemptsPerIp: e.LOGIN_ATTEMPTS_PER_IP,
    costBudget: { anonymous: e.COST_BUDGET_ANONYMOUS, user: e.COST_BUDGET_USER, token: e.COST_BUDGET_TOKEN },
    exportsPerMinute: e.EXPORTS_PER_MINUTE,
    shutdownDelayMs: e.SHUTDOWN_DELAY_MS,
    corsOrigins: e.CORS_ORIGINS.split(',')
      .map((origin) => origin.trim().toLowerCase())
      .filter(Boolean),
  };
}
