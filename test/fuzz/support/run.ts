import fc from 'fast-check';
import type { Headers } from '../../support/accounts.js';
import type { LogLine } from '../../support/server.js';
import { codesOf, post, replyProblems, type Problem, type Reply, type Tally } from './http.js';
import type { Operation } from './operations.js';
import { encode, show, stringsIn } from './wire.js';

/** One request of a property: what was sent, as whom, and what came back. */
export interface Case {
  operation: Operation;
  actor: string;
  variables: Record<string, unknown>;
  headers: Headers;
}

export interface Sent {
  reply: Reply;
  body: string;
  problems: Problem[];
}

export async function sendCase(url: string, c: Case, logs?: () => LogLine[]): Promise<Sent> {
  const body = encode({ query: c.operation.document, variables: c.variables });
  const reply = await post(url, body, c.headers);
  const problems = replyProblems(reply, stringsIn(c.variables), c.operation.name);
  return { reply, body, problems: logs ? await explainInternalErrors(reply, problems, logs) : problems };
}

/**
 * Names an INTERNAL_SERVER_ERROR by the real error the server logged under the reply's
 * requestId (the caller sees none of it), so one defect reached through several operations
 * is one entry, and its report says what to fix.
 */
export async function explainInternalErrors(
  reply: Reply,
  problems: Problem[],
  logs: () => LogLine[],
): Promise<Problem[]> {
  const ids: string[] = (reply.json?.errors ?? [])
    .map((e: { extensions?: { requestId?: unknown } }) => e?.extensions?.requestId)
    .filter((id: unknown): id is string => typeof id === 'string');
  const internal = (p: Problem) => p.key.startsWith('INTERNAL_SERVER_ERROR') || /^HTTP 5\d\d in /.test(p.key);
  if (ids.length === 0 || !problems.some(internal)) return problems;
  let logged: LogLine | undefined;
  for (let waited = 0; !logged && waited <= 500; waited += 50) {
    logged = logs().find((l) => l.level >= 50 && ids.includes(String(l.requestId)));
    if (!logged) await new Promise((resolve) => setTimeout(resolve, 50));
  }
  if (!logged) return problems;
  const err = (logged.err ?? {}) as { message?: string; stack?: string };
  const message = String(err.message ?? logged.msg);
  const name = message
    .replace(/"[^"]*"/g, '"…"')
    .replace(/\d+/g, 'N')
    .slice(0, 140);
  const stack = String(err.stack ?? '')
    .split('\n')
    .slice(0, 4)
    .join(' | ');
  const named = problems.map((p) =>
    internal(p)
      ? { key: `INTERNAL_SERVER_ERROR: ${name}`, text: `${p.text}; the server logged: ${message} (${stack})` }
      : p,
  );
  return named.filter((p, i) => named.findIndex((q) => q.key === p.key) === i);
}

/** The payload of a mutation (or the data of a query) when nothing refused it. */
export function accepted(c: Case, reply: Reply): unknown {
  const json = reply.json;
  if (reply.status !== 200 || !json || (Array.isArray(json.errors) && json.errors.length > 0)) return undefined;
  const payload = json.data?.[c.operation.name.split('.')[0]];
  if (payload === null || payload === undefined) return undefined;
  if (c.operation.kind === 'mutation' && Array.isArray(payload.userErrors) && payload.userErrors.length > 0)
    return undefined;
  return payload;
}

/** The outcome of a case in one word: ok, an error code, or a userError code. */
export function outcome(reply: Reply): string {
  const codes = codesOf(reply);
  if (codes.length) return codes[0];
  const data = reply.json?.data;
  const payload = data && typeof data === 'object' ? Object.values(data)[0] : undefined;
  const userErrors = (payload as { userErrors?: { code: string }[] } | undefined)?.userErrors;
  if (Array.isArray(userErrors) && userErrors.length) return userErrors[0].code;
  return reply.status === 200 ? 'ok' : `HTTP ${reply.status}`;
}

/** What a failing case sent and got: enough to replay it by hand. */
export function describeCase(c: Case, reply: Reply): string {
  return [
    `${c.operation.kind} ${c.operation.name} as ${c.actor}`,
    `  variables: ${show(c.variables, 2500)}`,
    `  HTTP ${reply.status}: ${show(reply.json ?? reply.text, 2500)}`,
    `  document: ${c.operation.document.slice(0, 400)}${c.operation.document.length > 400 ? '…' : ''}`,
  ].join('\n');
}

/** The defects a run found: one entry per problem key, with its shrunk counterexample. */
export class DefectBook {
  readonly defects = new Map<string, { report: string; hits: number }>();

  has(key: string): boolean {
    return this.defects.has(key);
  }

  hit(key: string): void {
    const d = this.defects.get(key);
    if (d) d.hits++;
  }

  record(key: string, report: string): void {
    if (!this.defects.has(key)) this.defects.set(key, { report, hits: 1 });
  }

  report(): string {
    return [...this.defects].map(([key, d], i) => `#${i + 1} ${key} (${d.hits} cases)\n${d.report}`).join('\n\n');
  }
}

class CaseFailure extends Error {
  constructor(
    readonly key: string,
    message: string,
  ) {
    super(message);
  }
}

export interface FuzzProperty<T> {
  label: string;
  seed: number;
  numRuns: number;
  arbitrary: fc.Arbitrary<T>;
  /** Runs one case; returns its problems (an empty list: the case passed). */
  run(value: T): Promise<{ problems: Problem[]; describe: () => string }>;
}

/**
 * Runs a property until it has made `numRuns` cases. A case with a problem fails the property
 * and fast-check shrinks it to a minimal counterexample, which goes into the book under the
 * problem's key; the property then goes on with the cases left (and a derived seed), passing
 * over problems already in the book, so one defect does not hide the next.
 */
export async function fuzz<T>(p: FuzzProperty<T>, book: DefectBook): Promise<void> {
  let remaining = p.numRuns;
  for (let round = 0; remaining > 0; round++) {
    let target: string | null = null;
    const property = fc.asyncProperty(p.arbitrary, async (value) => {
      let result: Awaited<ReturnType<FuzzProperty<T>['run']>>;
      try {
        result = await p.run(value);
      } catch (error) {
        const message = error instanceof Error ? error.message : String(error);
        result = {
          problems: [{ key: `the request failed: ${message.split('\n')[0]}`, text: message }],
          describe: () => show(value),
        };
      }
      const fresh = result.problems.filter((problem) => !book.has(problem.key));
      for (const problem of result.problems) if (book.has(problem.key)) book.hit(problem.key);
      if (fresh.length === 0) return;
      // Shrink one defect at a time: others wait for a later round.
      const mine = target === null ? fresh[0] : fresh.find((problem) => problem.key === target);
      if (!mine) return;
      target = mine.key;
      throw new CaseFailure(mine.key, `${result.problems.map((x) => x.text).join('; ')}\n${result.describe()}`);
    });
    const details = await fc.check(property, { seed: p.seed + round, numRuns: remaining, includeErrorInReport: true });
    if (!details.failed) return;
    const failure = details.errorInstance;
    const key = failure instanceof CaseFailure ? failure.key : `an unexpected failure of ${p.label}`;
    const counterexample = failure instanceof Error ? failure.message : String(failure);
    book.record(
      key,
      `  ${p.label}: seed ${details.seed}, path ${details.counterexamplePath}, shrunk ${details.numShrinks} times; minimal case:\n` +
        counterexample
          .split('\n')
          .map((l) => `    ${l}`)
          .join('\n'),
    );
    remaining -= details.numRuns;
  }
}

/**
 * Runs fuzz properties side by side, at most `concurrency` at once (each property sends one
 * request at a time); prints the tally; fails with every defect found.
 */
export async function fuzzAll(properties: FuzzProperty<any>[], tally: Tally, concurrency = 8): Promise<void> {
  const book = new DefectBook();
  const started = Date.now();
  const queue = [...properties];
  await Promise.all(
    Array.from({ length: Math.min(concurrency, queue.length) }, async () => {
      for (let p = queue.shift(); p; p = queue.shift()) await fuzz(p, book);
    }),
  );
  console.log(`[fuzz] ${tally.total()} cases in ${((Date.now() - started) / 1000).toFixed(1)} s\n${tally.report()}`);
  if (book.defects.size) {
    throw new Error(`The fuzz found ${book.defects.size} defects:\n\n${book.report()}`);
  }
}
