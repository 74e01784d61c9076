import { pino, stdSerializers, type Logger } from 'pino';

export type { Logger };

/**
 * Database errors quote the statement with its values inlined (password hashes, token
 * hashes, personal data): every quoted literal in a logged error becomes '…'.
 */
export function redactSqlLiterals(text: string): string {
  // Also PostgreSQL's `Key (email)=(a@b.c) already exists` details.
  return text.replace(/'(?:[^']|'')*'/g, "'…'").replace(/\)=\((?:[^)]*)\)/g, ')=(…)');
}

function serializeError(error: Error): Record<string, unknown> {
  const serialized = stdSerializers.err(error) as unknown as Record<string, unknown>;
  // Database exceptions (MikroORM's *Exception types) carry statements and values; others not.
  const fromDatabase = String(serialized.type ?? '').endsWith('Exception') || 'sqlState' in serialized;
  if (!fromDatabase) return serialized;
  for (const key of ['message', 'stack', 'query', 'sql', 'detail', 'where']) {
    if (typeof serialized[key] === 'string') serialized[key] = redactSqlLiterals(serialized[key] as string);
  }
  delete serialized.params;
  delete serialized.parameters;
  return serialized;
}

/** JSON logs on stdout; secrets are redacted wherever they might be logged. */
export function createLogger(level: string): Logger {
  return pino({
    level,
    base: { service: 'cobuild' },
    serializers: { err: serializeError },
    redact: {
      paths: ['req.headers.authorization', 'req.headers.cookie', '*.password', '*.token', '*.secret'],
      censor: '[redacted]',
    },
  });
}
