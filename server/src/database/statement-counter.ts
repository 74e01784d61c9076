import { AsyncLocalStorage } from 'node:async_hooks';
import { DefaultLogger, type LogContext } from '@mikro-orm/core';

interface StatementTally {
  statements: number;
}

const tallies = new AsyncLocalStorage<StatementTally>();

/** Runs `fn` and counts every SQL statement the ORM sends while it (and what it awaits) runs. */
export function countStatements<T>(fn: () => T): { result: T; tally: StatementTally } {
  const tally: StatementTally = { statements: 0 };
  const result = tallies.run(tally, fn);
  return { result, tally };
}

/** Runs `fn` outside any request's tally: work a request only set off (e.g. the live bus's reads). */
export function outsideRequests<T>(fn: () => T): T {
  return tallies.exit(fn);
}

/** The tally of the request this code runs in, if any. */
export function currentTally(): StatementTally | undefined {
  return tallies.getStore();
}

/**
 * MikroORM logger that counts statements per async context (one per GraphQL request) and,
 * at debug level, forwards them to the application log.
 */
export class CountingLogger extends DefaultLogger {
  override logQuery(context: { query: string } & LogContext): void {
    const tally = tallies.getStore();
    if (tally) tally.statements += 1;
    super.logQuery(context);
  }
}
