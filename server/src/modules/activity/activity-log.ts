import type { EntityManager } from '@mikro-orm/postgresql';
import { badUserInput } from '../../graphql/errors.js';
import type { Connection } from '../../graphql/relay/connection.types.js';
import type { ConnectionArgs } from '../../graphql/relay/connection.args.js';
import { decodeCursor, encodeCursor, type CursorValue } from '../../graphql/relay/cursor.js';
import { pageWindow, toConnection, type SortKey } from '../../graphql/relay/paginate.js';
import { nodeRows, selectRows } from '../../graphql/rows.js';
import { pgArray, pgTextArray } from '../common/pg-array.js';
import type { Viewer } from '../auth/viewer.js';
import { MembershipRole } from '../membership/membership.entity.js';
import { ActivityNode } from './activity.node.js';

/**
 * Reading the activity log in event order.
 *
 * Ids come from a sequence when a row is inserted, so a later id can commit first: two
 * transactions insert ids 10 and 11, and 11 commits while 10 is still in flight. A reader that
 * moved past 11 would never see 10. Events are therefore ordered by (xid, id), the writing
 * transaction's id first, and every read stops at the horizon: the oldest transaction still in
 * flight (`pg_snapshot_xmin(pg_current_snapshot())`). Every row below the horizon has committed
 * or never will; every row still to come belongs to a transaction at or above it, and so sorts
 * after everything a reader has seen. An event is held back only while an older transaction is
 * open, which for Cobuild's short transactions is milliseconds.
 */
export interface ActivityPosition {
  xid: string;
  id: string;
}

/** Names activity cursors: the `activity` query and both subscriptions share one position space. */
const CURSOR_NAME = 'Activity';
const KEYS: SortKey<ActivityNode>[] = [
  { property: 'xid', direction: 'desc' },
  { property: 'id', direction: 'desc' },
];
const DIGITS = /^[0-9]{1,20}$/;
const MAX_XID = 18_446_744_073_709_551_615n; // xid8: unsigned 64-bit
const MAX_ID = 9_223_372_036_854_775_807n; // bigint

/** Only rows of transactions older than every one still in flight (see above). */
const BELOW_HORIZON = 'a.xid < pg_snapshot_xmin(pg_current_snapshot())';

/** Subjects of an organization's account and administration events. */
export const ACCOUNT_SUBJECTS = ['Membership', 'Invitation', 'ApiToken'];

export function encodeActivityCursor(position: ActivityPosition): string {
  return encodeCursor(CURSOR_NAME, [position.xid, position.id]);
}

/** A cursor of the activity log, or BAD_USER_INPUT naming `argument`. */
export function decodeActivityCursor(cursor: string, argument: 'after' | 'before'): ActivityPosition {
  return checkedPosition(decodeCursor(CURSOR_NAME, cursor, 2, argument), argument);
}

/** A cursor's (xid, id) values as a position of the log, or BAD_USER_INPUT naming `argument`. */
function checkedPosition([xid, id]: CursorValue[], argument: 'after' | 'before'): ActivityPosition {
  if (
    typeof xid !== 'string' ||
    typeof id !== 'string' ||
    !DIGITS.test(xid) ||
    !DIGITS.test(id) ||
    BigInt(xid) > MAX_XID ||
    BigInt(id) > MAX_ID
  ) {
    throw badUserInput(`"${argument}" is not a valid cursor.`, argument);
  }
  return { xid, id };
}

export function positionOf(event: ActivityNode): ActivityPosition {
  return { xid: event.xid, id: event.id };
}

export function comparePositions(a: ActivityPosition, b: ActivityPosition): number {
  const byXid = BigInt(a.xid) - BigInt(b.xid);
  if (byXid !== 0n) return byXid < 0n ? -1 : 1;
  const byId = BigInt(a.id) - BigInt(b.id);
  return byId === 0n ? 0 : byId < 0n ? -1 : 1;
}

/** Which events a feed shows. Account events are shown only to admins of their organization. */
export interface ActivityFilter {
  /** The region's path: events anywhere in its subtree. */
  regionPath?: string;
  projectId?: string;
  /** Events of this acting organization. */
  organizationId?: string;
  types?: string[];
}

/** Organizations whose account events the viewer may see: those it administers. */
export function accountEventsVisibleTo(viewer: Viewer): string[] {
  return viewer.memberships.filter((m) => m.role === MembershipRole.ADMIN).map((m) => m.organization.id);
}

/** Whether the viewer may see the event (the same rule as `whereVisible`, for one event in memory). */
export function mayReadActivity(viewer: Viewer, event: ActivityNode): boolean {
  return (
    !ACCOUNT_SUBJECTS.includes(event.subjectType) ||
    (event.actorOrganizationId !== null && viewer.hasRole({ id: event.actorOrganizationId }, [MembershipRole.ADMIN]))
  );
}

/** Whether the event belongs to the feed (in memory, for live events). */
export function matchesFilter(filter: ActivityFilter, event: ActivityNode): boolean {
  return (
    (filter.regionPath === undefined || event.regionPath.startsWith(filter.regionPath)) &&
    (filter.projectId === undefined || event.projectId === filter.projectId) &&
    (filter.organizationId === undefined || event.actorOrganizationId === filter.organizationId) &&
    (filter.types === undefined || filter.types.includes(event.type))
  );
}

function whereClause(filter: ActivityFilter, viewer: Viewer | null): { sql: string[]; params: unknown[] } {
  const sql = [BELOW_HORIZON];
  const params: unknown[] = [];
  if (filter.regionPath !== undefined) {
    sql.push(`a.region_path like ?`);
    params.push(`${filter.regionPath.replace(/[\\%_]/g, (c) => `\\${c}`)}%`);
  }
  if (filter.projectId !== undefined) {
    sql.push('a.project_id = ?');
    params.push(filter.projectId);
  }
  if (filter.organizationId !== undefined) {
    sql.push('a.actor_organization_id = ?');
    params.push(filter.organizationId);
  }
  if (filter.types !== undefined) {
    sql.push('a.type = any(?::text[])');
    params.push(pgTextArray(filter.types));
  }
  if (viewer) {
    sql.push('(a.subject_type <> all(?::text[]) or a.actor_organization_id = any(?::uuid[]))');
    params.push(pgTextArray(ACCOUNT_SUBJECTS), pgArray(accountEventsVisibleTo(viewer)));
  }
  return { sql, params };
}

const readTogether = new WeakMap<ActivityNode, object>();

/** The events of one read share one object: what they show is loaded together (see `fan-out.ts`). */
export function readWith(event: ActivityNode): object | undefined {
  return readTogether.get(event);
}

/**
 * Events after `after` in event order, oldest first, up to the horizon: what a subscriber
 * replays, and what the bus reads (with no viewer: it checks each subscriber itself).
 */
export async function readActivityAfter(
  em: EntityManager,
  after: ActivityPosition,
  filter: ActivityFilter,
  viewer: Viewer | null,
  limit: number,
): Promise<ActivityNode[]> {
  const rows = nodeRows(em, ActivityNode);
  const where = whereClause(filter, viewer);
  const found = await selectRows(
    em,
    `select ${rows.select('a')} from activity a
     where (a.xid, a.id) > (?::xid8, ?::bigint) and ${where.sql.join(' and ')}
     order by a.xid, a.id limit ${Number(limit)}`,
    [after.xid, after.id, ...where.params],
  );
  const read = {};
  return found.map((row) => {
    const event = rows.node(row);
    readTogether.set(event, read);
    return event;
  });
}

/**
 * The position of the newest event below the horizon, and whether committed events wait above
 * it (an older transaction is still open): then the reader should look again soon.
 */
export async function activityHorizon(em: EntityManager): Promise<{ position: ActivityPosition; waiting: boolean }> {
  const [row] = await selectRows<{ xid: string | null; id: string | null; waiting: boolean }>(
    em,
    `select t.xid::text as xid, t.id::text as id,
       coalesce((select max(m.xid) from activity m) >= pg_snapshot_xmin(pg_current_snapshot()), false) as waiting
     from (select 1) one
     left join lateral (
       select a.xid, a.id from activity a where ${BELOW_HORIZON} order by a.xid desc, a.id desc limit 1
     ) t on true`,
    [],
  );
  return { position: { xid: row.xid ?? '0', id: row.id ?? '0' }, waiting: row.waiting };
}

/** The `activity` query: the viewer's events newest first, with cursors shared with the subscriptions. */
export async function activityConnection(
  em: EntityManager,
  viewer: Viewer,
  filter: ActivityFilter,
  args: ConnectionArgs,
): Promise<Connection<ActivityNode>> {
  const window = pageWindow(CURSOR_NAME, args, KEYS);
  const cursor = window.cursor && checkedPosition(window.cursor, window.forward ? 'after' : 'before');
  const rows = nodeRows(em, ActivityNode);
  const where = whereClause(filter, viewer);
  // Newest first: forward pages go to older events, backward pages to newer ones.
  const keyset = cursor ? [`(a.xid, a.id) ${window.forward ? '<' : '>'} (?::xid8, ?::bigint)`] : [];
  const found = await selectRows(
    em,
    `select ${rows.select('a')} from activity a
     where ${[...keyset, ...where.sql].join(' and ')}
     order by a.xid ${window.forward ? 'desc' : 'asc'}, a.id ${window.forward ? 'desc' : 'asc'}
     limit ${window.limit + 1}`,
    [...(cursor ? [cursor.xid, cursor.id] : []), ...where.params],
  );
  return toConnection(
    CURSOR_NAME,
    KEYS,
    window,
    found.map((row) => rows.node(row)),
    async () => {
      const [count] = await selectRows<{ n: number }>(
        em,
        `select count(*)::int as n from activity a where ${where.sql.join(' and ')}`,
        where.params,
      );
      return count.n;
    },
  );
}
