import { show } from './wire.js';

export interface Reply {
  status: number;
  text: string;
  /** The parsed body; undefined when it is not JSON. */
  json: any;
}

export interface GraphQLErrorShape {
  message?: unknown;
  path?: unknown;
  locations?: unknown;
  extensions?: Record<string, unknown>;
}

/** POSTs a body exactly as given (a string is sent as UTF-8, bytes as they are). */
export async function post(url: string, body: string | Uint8Array, headers: Record<string, string>): Promise<Reply> {
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: typeof body === 'string' ? body : new Blob([body as Uint8Array<ArrayBuffer>]),
  });
  return read(res);
}

export async function get(url: string, headers: Record<string, string>): Promise<Reply> {
  return read(await fetch(url, { method: 'GET', headers }));
}

async function read(res: Response): Promise<Reply> {
  const text = await res.text();
  let json: any;
  try {
    json = JSON.parse(text);
  } catch {
    json = undefined;
  }
  return { status: res.status, text, json };
}

/**
 * Every code the server passes to callers (README "Errors", and the pass-through codes of
 * server/src/graphql/errors.ts); anything else, INTERNAL_SERVER_ERROR above all, is a defect.
 */
export const CALLER_CODES = new Set([
  'BAD_REQUEST',
  'BAD_USER_INPUT',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'PAYLOAD_TOO_LARGE',
  'RATE_LIMITED',
  'QUERY_TOO_COMPLEX',
  'TOO_MANY_SUBSCRIPTIONS',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
]);

/** What must never reach a caller: stacks, source paths, SQL, database and driver errors. */
const LEAKS: [string, RegExp][] = [
  ['a stack trace line', /(?:^|\n|\\n)\s{4}at \S/],
  ['a stack frame', /\bat (?:async )?[\w$.<>]+ \(?(?:file:\/\/|\/|node:)[^)\s]*:\d+:\d+/],
  ['a source path', /\/(?:node_modules|dist|src)\/[\w@./-]+\.(?:js|ts|mjs|cjs)\b/],
  [
    'SQL text',
    /\bselect\b[\s\S]{0,300}?\bfrom\s+"?[a-z_]+"?|\binsert\s+into\s+"?[a-z_]|\bupdate\s+"?[a-z_]+"?\s+set\b|\bdelete\s+from\s/i,
  ],
  [
    'a PostgreSQL error',
    /violates (?:check|foreign key|unique|not-null|exclusion) constraint|duplicate key value|syntax error at or near|invalid input syntax for|out of range for type|value too long for type|relation "[^"]*" does not exist|column "[^"]*" (?:does not exist|of relation)|current transaction is aborted|deadlock detected|could not serialize access|canceling statement|null value in column|invalid byte sequence|operator does not exist|date\/time field value out of range|integer out of range|SQLSTATE/i,
  ],
  [
    'a driver or runtime error',
    /\b(?:MikroORM|DriverException|PostgreSqlDriver|pg-protocol|ECONNREFUSED|ECONNRESET|TypeError|ReferenceError|RangeError|SyntaxError)\b|Cannot read propert|is not a function|undefined is not|Maximum call stack/,
  ],
];

/** Request Header Fields Too Large, URI Too Long: refused by Node's HTTP server before the app. */
const TRANSPORT_REFUSALS = new Set([414, 431]);

/** Removes every echo of a string the request carried (GraphQL quotes values back in its messages). */
function scrub(text: string, sent: readonly string[]): string {
  let out = text;
  for (const s of sent) {
    if (s.length < 3) continue;
    out = out.split(s).join('');
    const escaped = JSON.stringify(s).slice(1, -1);
    if (escaped !== s) out = out.split(escaped).join('');
  }
  return out;
}

/** Something wrong with a reply; `key` names the defect (equal keys: presumably one defect). */
export interface Problem {
  key: string;
  text: string;
}

/**
 * Problems of one reply, whatever was asked: a 5xx, a body that is not a GraphQL response,
 * an error without a caller code, INTERNAL_SERVER_ERROR, or a leak of internals.
 */
export function replyProblems(reply: Reply, sent: readonly string[], operation: string): Problem[] {
  const problems: Problem[] = [];
  const add = (key: string, text: string) => problems.push({ key, text });
  const codes = codesOf(reply);
  if (reply.status >= 500) {
    // A 5xx that carries a caller's code is one defect whatever the operation; anything else is the operation's own.
    const callerOnly = codes.length > 0 && codes.every((c) => CALLER_CODES.has(c));
    add(
      callerOnly
        ? `HTTP ${reply.status} with ${[...new Set(codes)].join(',')}`
        : `HTTP ${reply.status} in ${operation}`,
      `HTTP ${reply.status}`,
    );
  }
  if (reply.text.includes('INTERNAL_SERVER_ERROR'))
    add(`INTERNAL_SERVER_ERROR in ${operation}`, 'INTERNAL_SERVER_ERROR in the response');
  const body = reply.json;
  // Node's HTTP parser answers these itself, before any of Cobuild's code, with an empty body.
  if (TRANSPORT_REFUSALS.has(reply.status) && reply.text === '') return problems;
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    add(`a body that is not a JSON object (HTTP ${reply.status})`, 'the body is not a JSON object');
    return problems;
  }
  const errors: GraphQLErrorShape[] | undefined = body.errors;
  if (errors !== undefined && !Array.isArray(errors)) add('"errors" that is not a list', '"errors" is not a list');
  if (!('data' in body) && !errors?.length) add('a response with neither data nor errors', 'neither data nor errors');
  if (reply.status !== 200 && !errors?.length)
    add(`HTTP ${reply.status} without errors`, `HTTP ${reply.status} without errors`);
  for (const error of Array.isArray(errors) ? errors : []) {
    const code = error?.extensions?.code;
    if (typeof code !== 'string' || code === '')
      add(`an error without a code in ${operation}`, `an error without extensions.code: ${show(error, 300)}`);
    else if (code === 'INTERNAL_SERVER_ERROR')
      add(`INTERNAL_SERVER_ERROR in ${operation}`, `an error coded ${code}: ${show(error, 300)}`);
    else if (!CALLER_CODES.has(code))
      add(`an error coded ${code} in ${operation}`, `an error coded ${code}: ${show(error, 300)}`);
    if (typeof error?.message !== 'string')
      add('an error without a message', `an error without a message: ${show(error, 300)}`);
    for (const key of ['stacktrace', 'exception', 'stack', 'sql', 'query']) {
      if (error?.extensions && key in error.extensions)
        add(`extensions.${key} in an error`, `extensions.${key} in an error`);
    }
    const texts = [String(error?.message ?? ''), JSON.stringify(error?.extensions ?? {})].map((t) => scrub(t, sent));
    for (const [what, pattern] of LEAKS) {
      const text = texts.find((t) => pattern.test(t));
      if (text !== undefined) add(`${what} in an error of ${operation}`, `${what} in an error: ${show(text, 400)}`);
    }
  }
  // One problem per key: the same defect seen twice in a reply is still one.
  return problems.filter((p, i) => problems.findIndex((q) => q.key === p.key) === i);
}

/** The codes of a reply's errors, for tallies. */
export function codesOf(reply: Reply): string[] {
  const errors = reply.json?.errors;
  return Array.isArray(errors) ? errors.map((e: GraphQLErrorShape) => String(e?.extensions?.code)) : [];
}

/** Counts of outcomes, printed after a run so one can see what the fuzz reached. */
export class Tally {
  private readonly counts = new Map<string, Map<string, number>>();

  add(subject: string, outcome: string): void {
    const row = this.counts.get(subject) ?? new Map<string, number>();
    row.set(outcome, (row.get(outcome) ?? 0) + 1);
    this.counts.set(subject, row);
  }

  total(subject?: string): number {
    let n = 0;
    for (const [s, row] of this.counts)
      if (subject === undefined || s === subject) for (const c of row.values()) n += c;
    return n;
  }

  subjects(): string[] {
    return [...this.counts.keys()].sort();
  }

  report(): string {
    return this.subjects()
      .map((s) => {
        const row = [...this.counts.get(s)!].sort((a, b) => b[1] - a[1]);
        return `  ${s.padEnd(22)} ${String(this.total(s)).padStart(5)}  ${row.map(([k, v]) => `${k}:${v}`).join(' ')}`;
      })
      .join('\n');
  }
}
