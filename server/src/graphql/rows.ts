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
  const keys = [...columns.keys()];
  return {
    table: meta.tableName,
    // A sequence key is declared `bigserial`; its values are bigint.
    idType: meta.properties[meta.primaryKeys[0] as keyof typeof meta.properties].columnTypes[0].replace(
      'bigserial',
      'bigint',
    ),
    columns,
    select: (alias) => [...columns].map(([property, column]) => `${alias}."${column}" as "${property}"`).join(', '),
    node(row) {
      const node = new type() as unknown as Record<string, unknown>;
      for (const key of keys) node[key] = row[key];
      // The driver hands timestamps over as text; the read model carries Dates.
      for (const key of dates) if (node[key] != null) node[key] = new Date(node[key] as string);
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
  const found = await em
    .getConnection()
    .execute<Record<string, unknown>[]>(
      `select ${rows.select('e0')} from "${rows.table}" e0 where e0.id = any(?::${rows.idType}[])`,
      [pgArray(ids)],
    );
  return found.map((row) => rows.node(row));
}

/** One node by database id, read outside a request's loaders (e.g. a filter's region); null when none. */
export async function readNode<T extends Node>(em: EntityManager, type: NodeClass<T>, id: string): Promise<T | null> {
  return (await readNodes(em, type, [id]))[0] ?? null;
}
