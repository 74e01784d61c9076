import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../modules/common/pg-array.js';
import { nodeSource, type Node, type NodeClass } from './relay/node.interface.js';

/**
 * How a node type is read from its table: the SELECT list (columns aliased to the node's
 * property names; a many-to-one `region` becomes `regionId`) and the function that turns a
 * plain row into a node. Derived once from the ORM entity's metadata, so the table is
 * described in one place; reading never creates entities, an identity map or change sets.
 */
export interface NodeRows<T extends Node = Node> {
  table: string;
  /** Database type of the primary key, for `= any(?::<type>[])`. */
  idType: string;
  /** Property → column of every scalar and many-to-one (as `<name>Id`) that nodes carry. */
  columns: Map<string, string>;
  /** `alias."column" as "property", …` for a FROM item named `alias`. */
  select(alias: string): string;
  node(row: Record<string, unknown>): T;
}

const cache = new Map<NodeClass, NodeRows>();

export function nodeRows<T extends Node>(em: EntityManager, type: NodeClass<T>): NodeRows<T> {
  let rows = cache.get(type);
  if (!rows) {
    rows = describe(em, type);
    cache.set(type, rows);
  }
  return rows as NodeRows<T>;
}

function describe<T extends Node>(em: EntityManager, type: NodeClass<T>): NodeRows<T> {
  const meta = em.getMetadata().get(nodeSource(type).entity.name);
  const columns = new Map<string, string>();
  const dates: string[] = [];
  for (const prop of meta.props) {
    // Secrets (hidden, lazy) never enter the read model.
    if (prop.persist === false || prop.hidden || prop.lazy || !prop.fieldNames?.length) continue;
    if (prop.kind === 'scalar') {
      columns.set(prop.name, prop.fieldNames[0]);
      if (prop.runtimeType === 'Date') dates.push(prop.name);
    } else if (prop.kind === 'm:1') {
      columns.set(`${prop.name}Id`, prop.fieldNames[0]);
    }
  }
  // Timestamps arrive as text; they become Dates only when a client asks for them (a getter
  // on the node type), since most reads never show them.
  const alias = (property: string) => (dates.includes(property) ? `${property}$text` : property);
  for (const property of dates) {
    const text = alias(property);
    Object.defineProperty(type.prototype, property, {
      configurable: true,
      get(this: Record<string, unknown>) {
        const value = this[text];
        return value == null ? value : new Date(value as string);
      },
    });
  }
  const keys = [...columns.keys()].map(alias);
  return {
    table: meta.tableName,
    // A sequence key is declared `bigserial`; its values are bigint.
    idType: meta.properties[meta.primaryKeys[0] as keyof typeof meta.properties].columnTypes[0].replace(
      'bigserial',
      'bigint',
    ),
    columns,
    select: (from) =>
      [...columns].map(([property, column]) => `${from}."${column}" as "${alias(property)}"`).join(', '),
    node(row) {
      const node = new type() as unknown as Record<string, unknown>;
      for (const key of keys) node[key] = row[key];
      return node as unknown as T;
    },
  };
}

/** Nodes by database id, read outside a request's loaders (e.g. by a service), in no particular order. */
export async function readNodes<T extends Node>(
  em: EntityManager,
  type: NodeClass<T>,
  ids: readonly string[],
): Promise<T[]> {
  if (ids.length === 0) return [];
  const rows = nodeRows(em, type);
  const found = await selectRows(
    em,
    `select ${rows.select('e0')} from "${rows.table}" e0 where e0.id = any(?::${rows.idType}[])`,
    [pgArray(ids)],
  );
  return found.map((row) => rows.node(row));
}

/** One node by database id, read outside a request's loaders (e.g. a filter's region); null when none. */
export async function readNode<T extends Node>(em: EntityManager, type: NodeClass<T>, id: string): Promise<T | null> {
  return (await readNodes(em, type, [id]))[0] ?? null;
}

const numberedSql = new Map<string, string>();

/** `?` placeholders as PostgreSQL's `$1, $2, …` (the read path's SQL has no other `?`). */
function numbered(sql: string): string {
  let text = numberedSql.get(sql);
  if (text === undefined) {
    let n = 0;
    text = sql.replace(/\?/g, () => `$${++n}`);
    if (numberedSql.size < 1_000) numberedSql.set(sql, text);
  }
  return text;
}

interface DriverConnection {
  query(sql: string, params: unknown[]): Promise<{ rows: unknown[] }>;
}

/**
 * Runs a read statement on a pooled driver connection with bound parameters, skipping the
 * ORM's query formatting and knex's raw-query layers (~0.4 ms of CPU a statement); it is
 * counted and logged like every other statement. Inside a transaction it runs on the
 * transaction's connection, through the ORM.
 */
export async function selectRows<R = Record<string, unknown>>(
  em: EntityManager,
  sql: string,
  params: unknown[],
): Promise<R[]> {
  const connection = em.getConnection();
  if (em.isInTransaction()) return connection.execute<R[]>(sql, params);
  const client = connection.getKnex().client as {
    acquireConnection(): Promise<DriverConnection>;
    releaseConnection(c: DriverConnection): Promise<void>;
  };
  const driver = await client.acquireConnection();
  const started = Date.now();
  try {
    return (await driver.query(numbered(sql), params)).rows as R[];
  } finally {
    void client.releaseConnection(driver);
    em.config.getLogger().logQuery({ query: sql, params, took: Date.now() - started, level: 'info' });
  }
}
