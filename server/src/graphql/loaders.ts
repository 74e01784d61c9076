import DataLoader from 'dataloader';
import type { EntityManager } from '@mikro-orm/postgresql';
import { pgArray, pgTextArray } from '../modules/common/pg-array.js';
import type { Connection } from './relay/connection.types.js';
import type { ConnectionArgs } from './relay/connection.args.js';
import type { Node, NodeClass } from './relay/node.interface.js';
import { pageWindow, toConnection, type PageWindow, type SortKey } from './relay/paginate.js';
import { nodeRows, selectRows } from './rows.js';

/** A list of children under one parent, e.g. the participants of a project. */
export interface ChildListSpec<T extends Node> {
  /** Connection name, e.g. `Project.participants`; it is part of the cursors. */
  name: string;
  type: NodeClass<T>;
  /** The many-to-one property of the child's entity that points at the parent, e.g. `project`. */
  parent: string;
  orderBy: SortKey<T>[];
  /** Extra conditions: node property = value, e.g. `{ status: 'ACTIVE' }`; null means IS NULL. */
  where?: Record<string, string | null>;
}

/** A short list reached through a link table, e.g. the needs a project answers (via project_need). */
export interface LinkedListSpec<T extends Node> {
  name: string;
  type: NodeClass<T>;
  /** The link entity, its property pointing at the parent and the one pointing at the listed node. */
  link: abstract new (...args: never[]) => object;
  parent: string;
  child: string;
}

/**
 * The read path. Per request, each nested field asks for its parent's children or
 * references, and all requests of one GraphQL level run as one statement; rows stay plain
 * rows turned into node objects (no ORM entity, identity map or change set), so statements
 * per request follow the query's shape and CPU follows the rows returned.
 */
export class Loaders {
  private readonly loaders = new Map<string, DataLoader<string, unknown>>();

  constructor(private readonly em: EntityManager) {}

  private loader<V>(key: string, batch: (keys: readonly string[]) => Promise<V[]>): DataLoader<string, V> {
    let loader = this.loaders.get(key);
    if (!loader) {
      loader = new DataLoader<string, unknown>(batch, { maxBatchSize: 1000 });
      this.loaders.set(key, loader);
    }
    return loader as DataLoader<string, V>;
  }

  /** A node as a write just left it: forgets what this request read before, then reads it. */
  written<T extends Node>(type: NodeClass<T>, id: string): Promise<T> {
    this.loaders.clear();
    return this.node(type, id);
  }

  /** A node by database id, batched per type and level; null when there is none (or no id). */
  node<T extends Node>(type: NodeClass<T>, id: string): Promise<T>;
  node<T extends Node>(type: NodeClass<T>, id: string | null | undefined): Promise<T | null>;
  node<T extends Node>(type: NodeClass<T>, id: string | null | undefined): Promise<T | null> {
    if (id == null) return Promise.resolve(null);
    return this.byColumn(type, 'id', id);
  }

  /** A node by the value of a unique property (e.g. a region's code), batched; null when none. */
  byColumn<T extends Node>(type: NodeClass<T>, property: string, value: string): Promise<T | null> {
    return this.loader<T | null>(`column:${type.name}.${property}`, async (values) => {
      const rows = nodeRows(this.em, type);
      const column = rows.columns.get(property)!;
      const array = property === 'id' ? `?::${rows.idType}[]` : '?::text[]';
      const found = await selectRows(
        this.em,
        `select ${rows.select('e0')} from "${rows.table}" e0 where e0."${column}" = any(${array})`,
        [property === 'id' ? pgArray(values) : pgTextArray(values)],
      );
      const byValue = new Map(found.map((row) => [String(row[property]), rows.node(row)]));
      return values.map((v) => byValue.get(v) ?? null);
    }).load(value);
  }

  /** One page of a parent's children; pages of all parents at one level load together. */
  children<T extends Node>(spec: ChildListSpec<T>, parentId: string, args: ConnectionArgs): Promise<Connection<T>> {
    const window = pageWindow(spec.name, args, spec.orderBy);
    const key = `children:${spec.name}:${JSON.stringify(spec.where ?? {})}:${JSON.stringify(window)}`;
    return this.loader<Connection<T>>(key, async (parentIds) => {
      const rows = nodeRows(this.em, spec.type);
      const parentKey = `${spec.parent}Id`;
      const parentColumn = rows.columns.get(parentKey)!;
      const column = (property: string) => `e0."${rows.columns.get(property)}"`;
      const order = spec.orderBy
        .map((k) => `${column(k.property)} ${(k.direction === 'asc') === window.forward ? 'asc' : 'desc'}`)
        .join(', ');
      const [where, params] = childConditions(spec, window, column);
      // Each parent's first `limit + 1` children (one more tells whether a next page exists).
      const found = await selectRows(
        this.em,
        `select * from (
           select ${rows.select('e0')}, row_number() over (partition by e0."${parentColumn}" order by ${order}) as page_row
           from "${rows.table}" e0 where e0."${parentColumn}" = any(?::uuid[])${where}
         ) ranked where page_row <= ? order by page_row`,
        [pgArray(parentIds), ...params, window.limit + 1],
      );
      const grouped = new Map<string, T[]>();
      for (const row of found) {
        const parentId = String(row[parentKey]);
        let list = grouped.get(parentId);
        if (!list) grouped.set(parentId, (list = []));
        list.push(rows.node(row));
      }
      return parentIds.map((parentId) =>
        toConnection(spec.name, spec.orderBy, window, grouped.get(parentId) ?? [], () =>
          this.childCount(spec, parentId),
        ),
      );
    }).load(parentId);
  }

  /** All nodes linked to a parent, for short lists bounded by the domain; one statement per level. */
  linked<T extends Node>(spec: LinkedListSpec<T>, parentId: string): Promise<T[]> {
    return this.loader<T[]>(`linked:${spec.name}`, async (parentIds) => {
      const rows = nodeRows(this.em, spec.type);
      const link = this.em.getMetadata().get(spec.link.name);
      const column = (prop: string) => link.properties[prop as keyof typeof link.properties].fieldNames[0];
      const found = await selectRows(
        this.em,
        `select ${rows.select('e0')}, l."${column(spec.parent)}" as "__parent"
         from "${link.tableName}" l join "${rows.table}" e0 on e0.id = l."${column(spec.child)}"
         where l."${column(spec.parent)}" = any(?::uuid[]) order by l.created_at, e0.id`,
        [pgArray(parentIds)],
      );
      const grouped = new Map<string, T[]>();
      for (const row of found) {
        const parent = String(row.__parent);
        let list = grouped.get(parent);
        if (!list) grouped.set(parent, (list = []));
        list.push(rows.node(row));
      }
      return parentIds.map((id) => grouped.get(id) ?? []);
    }).load(parentId);
  }

  /**
   * A row of an aggregate query per id, batched: `sql` takes the ids as its one parameter
   * (a uuid[]) and returns rows with an `id` column; `params` follow it ($2, …) and are part of
   * the batch's key. Missing ids get undefined.
   */
  aggregate<R extends { id: string }>(
    name: string,
    sql: string,
    id: string,
    params: readonly unknown[] = [],
  ): Promise<R | undefined> {
    return this.loader<R | undefined>(`aggregate:${name}:${JSON.stringify(params)}`, async (ids) => {
      const rows = await selectRows<R>(this.em, sql, [pgArray(ids), ...params]);
      const byId = new Map(rows.map((r) => [String(r.id), r]));
      return ids.map((i) => byId.get(i));
    }).load(id);
  }

  /** Number of a parent's children matching the spec's conditions; one GROUP BY per level. */
  childCount<T extends Node>(spec: ChildListSpec<T>, parentId: string): Promise<number> {
    const key = `count:${spec.name}:${JSON.stringify(spec.where ?? {})}`;
    return this.loader<number>(key, async (parentIds) => {
      const rows = nodeRows(this.em, spec.type);
      const parentColumn = rows.columns.get(`${spec.parent}Id`)!;
      const [where, params] = childConditions(spec, null, (property) => `e0."${rows.columns.get(property)}"`);
      const counts = await selectRows<{ parent_id: string; n: number }>(
        this.em,
        `select e0."${parentColumn}" as parent_id, count(*)::int as n from "${rows.table}" e0
         where e0."${parentColumn}" = any(?::uuid[])${where} group by 1`,
        [pgArray(parentIds), ...params],
      );
      const byParent = new Map(counts.map((r) => [String(r.parent_id), r.n]));
      return parentIds.map((id) => byParent.get(id) ?? 0);
    }).load(parentId);
  }
}

/** ` and …` SQL for a child list's extra conditions and, with a window, its keyset (rows beyond the cursor). */
function childConditions<T extends Node>(
  spec: ChildListSpec<T>,
  window: PageWindow | null,
  column: (property: string) => string,
): [string, unknown[]] {
  const sql: string[] = [];
  const params: unknown[] = [];
  for (const [property, value] of Object.entries(spec.where ?? {})) {
    if (value === null) {
      sql.push(`${column(property)} is null`);
    } else {
      sql.push(`${column(property)} = ?`);
      params.push(value);
    }
  }
  if (window?.cursor) {
    const values = window.cursor;
    const branches = spec.orderBy.map((key, i) => {
      const equal = spec.orderBy.slice(0, i).map((k, j) => {
        params.push(values[j]);
        return `${column(k.property)} = ?`;
      });
      params.push(values[i]);
      const greater = (key.direction === 'asc') === window.forward;
      return `(${[...equal, `${column(key.property)} ${greater ? '>' : '<'} ?`].join(' and ')})`;
    });
    sql.push(`(${branches.join(' or ')})`);
  }
  return [sql.map((c) => ` and ${c}`).join(''), params];
}
