import DataLoader from 'dataloader';
import { wrap, type EntityName, type FilterQuery } from '@mikro-orm/core';
import { raw, type EntityManager } from '@mikro-orm/postgresql';
import { pgArray } from '../modules/common/pg-array.js';
import type { Connection } from './relay/connection.types.js';
import type { ConnectionArgs } from './relay/connection.args.js';
import { keysetFilter, pageWindow, toConnection, type SortKey } from './relay/paginate.js';

interface Identified {
  id: string;
}

/** A list of children under one parent, e.g. the participants of a project. */
export interface ChildListSpec<T extends object> {
  /** Connection name, e.g. `Project.participants`; it is part of the cursors. */
  name: string;
  entity: EntityName<T> & (new (...args: never[]) => T);
  /** The many-to-one property that points at the parent. */
  parent: keyof T & string;
  orderBy: SortKey<T>[];
  where?: FilterQuery<T>;
}

/**
 * Per-request batching: each nested field asks for its parent's children and all requests of
 * one GraphQL level run as one statement, so statements per request follow the query's shape,
 * not the page size.
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

  /** The entity behind a many-to-one reference, loaded in one batch per type and level. */
  async load<T extends Identified>(entity: new (...args: never[]) => T, ref: T): Promise<T>;
  async load<T extends Identified>(entity: new (...args: never[]) => T, ref: T | null | undefined): Promise<T | null>;
  async load<T extends Identified>(entity: new (...args: never[]) => T, ref: T | null | undefined): Promise<T | null> {
    if (!ref) return null;
    if (wrap(ref, true).isInitialized()) return ref;
    return this.byId(entity, ref.id);
  }

  /** Any entity by its database id, batched; null when there is none. */
  byId<T extends Identified>(entity: new (...args: never[]) => T, id: string): Promise<T | null> {
    return this.byUnique(entity, 'id', id);
  }

  /** Any entity by the value of a unique property, batched; null when there is none. */
  byUnique<T extends object>(
    entity: new (...args: never[]) => T,
    property: keyof T & string,
    value: string,
  ): Promise<T | null> {
    return this.loader<T | null>(`unique:${entity.name}.${property}`, async (values) => {
      const rows = await this.em.find(entity, { [property]: { $in: [...values] } } as FilterQuery<T>);
      const byValue = new Map(rows.map((r) => [String(r[property]), r]));
      return values.map((v) => byValue.get(v) ?? null);
    }).load(value);
  }

  /** One page of a parent's children; pages of all parents at one level load together. */
  children<T extends object>(spec: ChildListSpec<T>, parentId: string, args: ConnectionArgs): Promise<Connection<T>> {
    const window = pageWindow(spec.name, args, spec.orderBy);
    const filterKey = JSON.stringify(spec.where ?? {});
    const key = `children:${spec.name}:${filterKey}:${JSON.stringify(window)}`;
    return this.loader<Connection<T>>(key, async (parentIds) => {
      const meta = this.em.getMetadata().get(spec.entity);
      const column = (prop: string) => meta.properties[prop as keyof typeof meta.properties].fieldNames[0];
      const parentColumn = column(spec.parent);
      const order = spec.orderBy
        .map((k) => `e0.${column(k.property)} ${(k.direction === 'asc') === window.forward ? 'asc' : 'desc'}`)
        .join(', ');
      const keyset = keysetFilter(spec.orderBy, window);
      const conditions = [{ [spec.parent]: { $in: [...parentIds] } }, spec.where ?? {}, keyset ?? {}];
      const qb = this.em
        .createQueryBuilder(spec.entity, 'e0')
        .select(['e0.*', raw(`row_number() over (partition by e0.${parentColumn} order by ${order}) as page_row`)])
        .where({ $and: conditions } as FilterQuery<T>);
      const knex = this.em.getKnex();
      const query = knex
        .select('*')
        .from(qb.getKnexQuery().as('ranked'))
        .where('page_row', '<=', window.limit + 1)
        .orderBy('page_row');
      const rows: Record<string, unknown>[] = await this.em.getConnection().execute(query);
      const grouped = new Map<string, T[]>();
      for (const row of rows) {
        const parentId = String(row[parentColumn]);
        delete row.page_row;
        const entity = this.em.map(spec.entity, row as never);
        const list = grouped.get(parentId) ?? [];
        list.push(entity);
        grouped.set(parentId, list);
      }
      return parentIds.map((parentId) =>
        toConnection(spec.name, spec.orderBy, window, grouped.get(parentId) ?? [], () =>
          this.childCount(spec, parentId),
        ),
      );
    }).load(parentId);
  }

  /**
   * All children of a parent for short lists bounded by the domain (e.g. the needs a project
   * answers), with `populate` loaded in the same batch.
   */
  all<T extends object>(
    spec: Omit<ChildListSpec<T>, 'orderBy'> & { orderBy: Record<string, 'asc' | 'desc'>; populate?: string[] },
    parentId: string,
  ): Promise<T[]> {
    const key = `all:${spec.name}:${JSON.stringify(spec.where ?? {})}`;
    return this.loader<T[]>(key, async (parentIds) => {
      const rows = await this.em.find(
        spec.entity,
        { $and: [{ [spec.parent]: { $in: [...parentIds] } }, spec.where ?? {}] } as FilterQuery<T>,
        { orderBy: spec.orderBy as never, populate: (spec.populate ?? []) as never },
      );
      const grouped = new Map<string, T[]>();
      for (const row of rows) {
        const parentId = (row[spec.parent] as Identified).id;
        grouped.set(parentId, [...(grouped.get(parentId) ?? []), row]);
      }
      return parentIds.map((id) => grouped.get(id) ?? []);
    }).load(parentId);
  }

  /**
   * A row of an aggregate query per id, batched: `sql` takes the ids as its one parameter
   * (a uuid[]) and returns rows with an `id` column. Missing ids get undefined.
   */
  aggregate<R extends { id: string }>(name: string, sql: string, id: string): Promise<R | undefined> {
    return this.loader<R | undefined>(`aggregate:${name}`, async (ids) => {
      const rows = await this.em.getConnection().execute<R[]>(sql, [pgArray(ids)]);
      const byId = new Map(rows.map((r) => [String(r.id), r]));
      return ids.map((i) => byId.get(i));
    }).load(id);
  }

  /** Number of a parent's children matching the spec's filter; one GROUP BY per level. */
  childCount<T extends object>(spec: ChildListSpec<T>, parentId: string): Promise<number> {
    const key = `count:${spec.name}:${JSON.stringify(spec.where ?? {})}`;
    return this.loader<number>(key, async (parentIds) => {
      const meta = this.em.getMetadata().get(spec.entity);
      const parentColumn = meta.properties[spec.parent as keyof typeof meta.properties].fieldNames[0];
      const rows: Record<string, unknown>[] = await this.em
        .createQueryBuilder(spec.entity, 'e0')
        .select([raw(`e0.${parentColumn} as parent_id`), raw('count(*)::int as n')])
        .where({ $and: [{ [spec.parent]: { $in: [...parentIds] } }, spec.where ?? {}] } as FilterQuery<T>)
        .groupBy(`e0.${parentColumn}`)
        .execute('all', false);
      const counts = new Map(rows.map((r) => [String(r.parent_id), Number(r.n)]));
      return parentIds.map((id) => counts.get(id) ?? 0);
    }).load(parentId);
  }
}
