/** Network errors of a connection to PostgreSQL that could not be made or was lost. */
const NETWORK_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'ENOTFOUND',
  'EAI_AGAIN',
  'EPIPE',
]);

/**
 * SQLSTATEs of a database that cannot serve now: connection exceptions (class 08), too many
 * connections, shutting down or starting up, and a statement cancelled by statement_timeout.
 */
function unavailableState(state: string): boolean {
  return state.startsWith('08') || ['53300', '57P01', '57P02', '57P03', '57014'].includes(state);
}

/**
 * Messages of pg, knex and tarn when a connection cannot be had or answers nothing in time
 * (knex's "Transaction query already complete": the transaction's connection was lost).
 */
const UNAVAILABLE_MESSAGE =
  /Connection terminated|Transaction query already complete|Query read timeout|timeout exceeded when trying to connect|Connection ended unexpectedly|Knex: Timeout acquiring a connection|Client has encountered a connection error|connection is closed|Cannot use a pool after calling end/i;

/**
 * Whether an error means PostgreSQL is unreachable, frozen or overloaded (the request may
 * succeed when retried later) rather than a fault of the request or of Cobuild. Follows
 * `cause` and `originalError` (MikroORM and GraphQL wrap driver errors).
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let e = error, depth = 0; e && typeof e === 'object' && depth < 5; depth++) {
    const { code, sqlState, name, message } = e as {
      code?: unknown;
      sqlState?: unknown;
      name?: unknown;
      message?: unknown;
    };
    if (typeof code === 'string' && (NETWORK_CODES.has(code) || (/^[0-9A-Z]{5}$/.test(code) && unavailableState(code))))
      return true;
    if (typeof sqlState === 'string' && unavailableState(sqlState)) return true;
    if (name === 'KnexTimeoutError' || name === 'ConnectionException') return true;
    if (typeof message === 'string' && UNAVAILABLE_MESSAGE.test(message)) return true;
    e = (e as { originalError?: unknown; cause?: unknown }).originalError ?? (e as { cause?: unknown }).cause;
  }
  return false;
}
