import { raw, type EntityManager, type FilterQuery, type QueryOrder } from '@mikro-orm/postgresql';
import { nodeRows } from '../rows.js';
import { nodeSource, type Node, type NodeClass } from './node.interface.js';
import { badUserInput } from '../errors.js';
import type { Connection, Edge } from './connection.types.js';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, type ConnectionArgs } from './connection.args.js';
import { decodeCursor, encodeCursor, type CursorValue } from './cursor.js';

/** A sort key of a connection; the last key must be unique (the id) so the order is total. */
export interface SortKey<T> {
  property: keyof T & string;
  direction: 'asc' | 'desc';
}

export interface PageWindow {
  /** forward: first/after; backward: last/before. */
  forward: boolean;
  limit: number;
  cursor: CursorValue[] | null;
}

function checkSize(value: number, argument: 'first' | 'last'): number {
  if (!Number.isInteger(value) || value < 1 || value > MAX_PAGE_SIZE) {
    throw badUserInput(`"${argument}" must be between 1 and ${MAX_PAGE_SIZE}; got ${value}.`, argument);
  }
  return value;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
const SEQUENCE = /^[1-9][0-9]{0,18}$/;

/** Values a cursor may hold for each key: ids are UUIDs (or sequence numbers), other keys strings. */
function validCursorValues(keys: SortKey<object>[], values: CursorValue[]): boolean {
  return keys.every((k, i) => {
    const v = values[i];
    if (typeof v !== 'string' || v.length > 500) return false;
    return k.property !== 'id' || UUID.test(v) || SEQUENCE.test(v);
  });
}

/** Validates first/after/last/before into one window; mixing directions is refused. */
export function pageWindow<T extends object>(connection: string, args: ConnectionArgs, keys: SortKey<T>[]): PageWindow {
  const { first, after, last, before } = args;
  const hasFirst = first !== undefined && first !== null;
  const hasLast = last !== undefined && last !== null;
  if (hasFirst && hasLast) throw badUserInput('Pass either "first" or "last", not both.', 'last');
  if (after != null && before != null) {
    throw badUserInput('Pass either "after" or "before", not both.', 'before');
  }
  if (hasFirst && before != null) throw badUserInput('"before" goes with "last", not "first".', 'before');
  if (hasLast && after != null) throw badUserInput('"after" goes with "first", not "last".', 'after');
  const forward = !(hasLast || before != null);
  const limit = forward
    ? hasFirst
      ? checkSize(first, 'first')
      : DEFAULT_PAGE_SIZE
    : hasLast
      ? checkSize(last, 'last')
      : DEFAULT_PAGE_SIZE;
  const cursorArg = forward ? after : before;
  const argument = forward ? 'after' : 'before';
  const cursor = cursorArg != null ? decodeCursor(connection, cursorArg, keys.length, argument) : null;
  if (cursor && !validCursorValues(keys as SortKey<object>[], cursor)) {
    throw badUserInput(`"${argument}" is not a valid cursor.`, argument);
  }
  return { forward, limit, cursor };
}

/** The ORDER BY of a page: reversed when paging backwards. */
export function pageOrder<T>(keys: SortKey<T>[], forward: boolean): Record<string, QueryOrder> {
  const order: Record<string, QueryOrder> = {};
  for (const k of keys) {
    const asc = (k.direction === 'asc') === forward;
    order[k.property] = (asc ? 'asc' : 'desc') as QueryOrder;
  }
  return order;
}

/** Rows strictly beyond the cursor in the page's direction (lexicographic keyset condition). */
export function keysetFilter<T>(keys: SortKey<T>[], window: PageWindow): FilterQuery<T> | null {
  const values = window.cursor;
  if (!values) return null;
  const branches = keys.map((key, i) => {
    const branch: Record<string, unknown> = {};
    for (let j = 0; j < i; j++) branch[keys[j].property] = values[j];
    const greater = (key.direction === 'asc') === window.forward;
    branch[key.property] = { [greater ? '$gt' : '$lt']: values[i] };
    return branch;
  });
  return { $or: branches } as FilterQuery<T>;
}

function cursorValue(v: unknown): CursorValue {
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
  if (typeof v === 'bigint') return v.toString();
  throw new Error(`Sort key value of unsupported type ${typeof v}`);
}

/**
 * Turns the rows of one page (fetched with limit + 1, in page order) into a connection.
 * `totalCount` and a precise `hasPreviousPage` after a cursor are computed only on demand.
 */
export function toConnection<T extends object>(
  connection: string,
  keys: SortKey<T>[],
  window: PageWindow,
  fetched: T[],
  count: () => Promise<number>,
): Connection<T> {
  const hasMore = fetched.length > window.limit;
  const page = hasMore ? fetched.slice(0, window.limit) : fetched;
  if (!window.forward) page.reverse();
  const cursorOf = (node: T) =>
    encodeCursor(
      connection,
      keys.map((k) => cursorValue(node[k.property])),
    );
  let edges: Edge<T>[] | undefined;
  let counted: Promise<number> | undefined;
  return {
    // Cursors are encoded only when a client asks for edges or page info.
    get edges() {
      edges ??= page.map((node) => ({ node, cursor: cursorOf(node) }));
      return edges;
    },
    nodes: page,
    get pageInfo() {
      return {
        // Paging forward from a cursor: items lie before it (the cursor's own item at least).
        hasPreviousPage: window.forward ? window.cursor !== null : hasMore,
        hasNextPage: window.forward ? hasMore : window.cursor !== null,
        startCursor: page.length ? cursorOf(page[0]) : null,
        endCursor: page.length ? cursorOf(page[page.length - 1]) : null,
      };
    },
    get totalCount() {
      counted ??= count();
      return counted;
    },
  };
}

export interface ConnectionQuery<T extends object, E extends object> {
  /** Names the connection inside cursors, so a cursor of another list is refused. */
  name: string;
  /**
   * Builds the filter on the node type's entity; called once for the page and once for the
   * count, because raw SQL fragments in a MikroORM filter can be used in one query only.
   */
  where: () => FilterQuery<E>;
  orderBy: SortKey<T>[];
  args: ConnectionArgs;
}

/**
 * One page of a top-level list as plain rows made into nodes: one SELECT (built from the
 * filter by the ORM's query builder, never hydrated), plus one COUNT if `totalCount` is asked for.
 */
export async function findConnection<T extends Node, E extends object>(
  em: EntityManager,
  type: NodeClass<T>,
  { name, where, orderBy, args }: ConnectionQuery<T, E>,
): Promise<Connection<T>> {
  const window = pageWindow(name, args, orderBy);
  const keyset = keysetFilter(orderBy, window);
  const filter = (keyset ? { $and: [where(), keyset] } : where()) as FilterQuery<E>;
  const entity = nodeSource(type).entity.name;
  const rows = nodeRows(em, type);
  const found: Record<string, unknown>[] = await em
    .createQueryBuilder(entity, 'e0')
    .select(raw(rows.select('e0')))
    .where(filter as never)
    .orderBy(pageOrder(orderBy, window.forward) as never)
    .limit(window.limit + 1)
    .execute('all', false);
  const nodes = found.map((row) => rows.node(row));
  return toConnection(name, orderBy, window, nodes, () => em.count(entity, where() as never));
}
