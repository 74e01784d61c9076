import type { EntityManager, EventSubscriber, FlushEventArgs, TransactionEventArgs } from '@mikro-orm/postgresql';
import pg from 'pg';
import { currentTally, outsideRequests } from '../../database/statement-counter.js';
import type { Logger } from '../../logger.js';
import type { Viewer } from '../auth/viewer.js';
import { Activity } from './activity.entity.js';
import type { ActivityNode } from './activity.node.js';
import {
  ACCOUNT_SUBJECTS,
  activityHorizon,
  matchesFilter,
  mayReadActivity,
  readActivityAfter,
  type ActivityFilter,
  type ActivityPosition,
} from './activity-log.js';

/** The channel every instance LISTENs on; a notification carries event ids, never documents. */
export const ACTIVITY_CHANNEL = 'cobuild_activity';

/** Shown in pg_stat_activity, so an operator (or a test) can find the listener connections. */
export const LISTENER_APPLICATION_NAME = 'cobuild-activity-listener';

/** After this long of events held back by an older open transaction, the bus says so in the log. */
const HELD_BACK_WARNING_MS = 5_000;

/** Events read per statement. */
const PAGE = 500;

/** At most this many ids in one notification (~8 KB is PostgreSQL's limit; ids are hints). */
const MAX_HINTED_IDS = 200;

/** Someone who receives the events of a feed (a subscription). */
export interface ActivityListener {
  readonly filter: ActivityFilter;
  readonly viewer: Viewer;
  /** Called once for each new event of the feed the viewer may read, in event order. */
  deliver(event: ActivityNode): void;
  /** The viewer's own membership or token changed: what it may read is no longer known. */
  accessChanged(): void;
}

/** Whether an account event changes what the viewer may do: its own membership or token. */
function changesAccessOf(viewer: Viewer, event: ActivityNode): boolean {
  if (event.subjectType === 'Membership') return viewer.memberships.some((m) => m.id === event.subjectId);
  if (event.subjectType === 'ApiToken') return viewer.token?.id === event.subjectId;
  return false;
}

export interface ActivityBusOptions {
  /** Where the dedicated listener connection goes (the pool's database). */
  connectionString: string;
  logger: Logger;
  /** How often the bus reads the table even without a notification (bounds a lost hint's delay). */
  catchUpMs?: number;
  /** Told how many events each read of the log brought (for metrics). */
  onEventsRead?: (count: number) => void;
}

/**
 * One per server instance: the live-update bus.
 *
 * The activity table is the truth; a NOTIFY on `cobuild_activity` is only a wake-up hint.
 * The instance LISTENs on one dedicated connection (not from the pool), and on each hint, on
 * each local commit that wrote events, and every `catchUpMs` anyway, it reads the events after
 * its position once (see `activity-log.ts` for the order) and hands each to the listeners of
 * its region subtree and project that may read it.
 *
 * The hint is sent after commit, not inside the transaction: PostgreSQL serializes the
 * commits of transactions that NOTIFY. Commits that wrote events mark the bus dirty; one
 * NOTIFY at a time goes out on the listener connection with the ids written since the last,
 * so under load many commits share one notification.
 */
export class ActivityBus {
  /** Reads the log (plain statements, no unit of work): the bus's and its subscribers' feeds. */
  readonly em: EntityManager;
  private readonly logger: Logger;
  private readonly options: Required<Omit<ActivityBusOptions, 'logger' | 'onEventsRead'>>;
  private readonly onEventsRead: (count: number) => void;
  private position: ActivityPosition = { xid: '0', id: '0' };
  private listener: pg.Client | null = null;
  private closed = false;
  private reconnectDelay = 100;
  private catchUp: NodeJS.Timeout | undefined;
  private retry: NodeJS.Timeout | undefined;
  private retryDelay = 5;
  private waitingSince: number | null = null;
  private warnedHeldBack = false;
  private reconnecting: NodeJS.Timeout | undefined;
  private reading: Promise<void> | null = null;
  private readAgain = false;
  private hinted: string[] = [];
  private notifying = false;
  private readonly byRegion = new Map<string, Set<ActivityListener>>();
  private readonly byProject = new Map<string, Set<ActivityListener>>();
  private readonly written = new WeakMap<object, string[]>();

  constructor(em: EntityManager, options: ActivityBusOptions) {
    this.em = em.fork();
    this.logger = options.logger.child({ component: 'activity-bus' });
    this.options = { connectionString: options.connectionString, catchUpMs: options.catchUpMs ?? 1_000 };
    this.onEventsRead = options.onEventsRead ?? (() => undefined);
  }

  /** Starts at the newest event, listens, and hooks the ORM so local commits wake the bus. */
  async start(): Promise<void> {
    this.position = (await activityHorizon(this.em)).position;
    await this.listen();
    this.em.getEventManager().registerSubscriber(this.commitHook());
    this.catchUp = setInterval(() => this.read(), this.options.catchUpMs).unref();
  }

  /** Where the bus has read to: events after this position will be delivered live. */
  get current(): ActivityPosition {
    return this.position;
  }

  /** Registers a listener of a region subtree (by path) or of a project; returns its removal. */
  add(listener: ActivityListener): () => void {
    const { regionPath, projectId } = listener.filter;
    const [index, key] = projectId !== undefined ? [this.byProject, projectId] : [this.byRegion, regionPath ?? '/'];
    let set = index.get(key);
    if (!set) index.set(key, (set = new Set()));
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && index.get(key) === set) index.delete(key);
    };
  }

  /** Reads new events now (coalesced: one read at a time, one more if asked meanwhile). */
  read(): void {
    if (this.closed) return;
    // A commit sets the read off, but it is not the request's work (nor counted as such).
    if (currentTally()) return outsideRequests(() => this.read());
    if (this.reading) {
      this.readAgain = true;
      return;
    }
    this.reading = this.readUntilCaughtUp()
      .catch((error: unknown) => this.logger.warn({ err: error }, 'reading activity failed; retrying'))
      .finally(() => {
        this.reading = null;
        if (this.readAgain) {
          this.readAgain = false;
          this.read();
        }
      });
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.catchUp);
    clearTimeout(this.retry);
    clearTimeout(this.reconnecting);
    await this.reading;
    const listener = this.listener;
    this.listener = null;
    await listener?.end().catch(() => undefined);
  }

  private async readUntilCaughtUp(): Promise<void> {
    for (;;) {
      const events = await readActivityAfter(this.em, this.position, {}, null, PAGE);
      this.onEventsRead(events.length);
      for (const event of events) this.dispatch(event);
      if (events.length) this.position = { xid: events.at(-1)!.xid, id: events.at(-1)!.id };
      if (events.length < PAGE) break;
    }
    // Committed events above the horizon wait for an older transaction: look again soon.
    clearTimeout(this.retry);
    if ((await activityHorizon(this.em)).waiting) {
      this.waitingSince ??= Date.now();
      if (Date.now() - this.waitingSince > HELD_BACK_WARNING_MS && !this.warnedHeldBack) {
        this.warnedHeldBack = true;
        this.logger.warn(
          { heldBackMs: Date.now() - this.waitingSince },
          'live events are held back by a long-open transaction (see pg_stat_activity; idle_in_transaction_session_timeout)',
        );
      }
      this.retry = setTimeout(() => this.read(), this.retryDelay).unref();
      this.retryDelay = Math.min(this.retryDelay * 2, 200);
    } else {
      this.waitingSince = null;
      this.warnedHeldBack = false;
      this.retryDelay = 5;
    }
  }

  private dispatch(event: ActivityNode): void {
    if (ACCOUNT_SUBJECTS.includes(event.subjectType)) {
      for (const index of [this.byRegion, this.byProject]) {
        for (const set of index.values()) {
          for (const listener of set) if (changesAccessOf(listener.viewer, event)) listener.accessChanged();
        }
      }
    }
    const candidates: Set<ActivityListener>[] = [];
    if (event.projectId !== null) {
      const set = this.byProject.get(event.projectId);
      if (set) candidates.push(set);
    }
    // Region listeners of the event's region and of every region above it.
    for (let end = event.regionPath.indexOf('/', 1); end > 0; end = event.regionPath.indexOf('/', end + 1)) {
      const set = this.byRegion.get(event.regionPath.slice(0, end + 1));
      if (set) candidates.push(set);
    }
    for (const set of candidates) {
      for (const listener of set) {
        if (matchesFilter(listener.filter, event) && mayReadActivity(listener.viewer, event)) listener.deliver(event);
      }
    }
  }

  /** Marks transactions that wrote events; after they commit, wakes this and every instance. */
  private commitHook(): EventSubscriber {
    return {
      afterFlush: ({ em, uow }: FlushEventArgs) => {
        const ids: string[] = [];
        for (const change of uow.getChangeSets()) {
          if (change.entity instanceof Activity && change.type === 'create') ids.push(change.entity.id);
        }
        if (!ids.length) return;
        // A flush outside a transaction committed in its own, already over.
        if (!em.isInTransaction()) return this.committed(ids);
        this.written.set(em, [...(this.written.get(em) ?? []), ...ids]);
      },
      afterTransactionCommit: ({ em }: TransactionEventArgs) => {
        const ids = this.written.get(em);
        if (!ids) return;
        this.written.delete(em);
        this.committed(ids);
      },
      afterTransactionRollback: ({ em }: TransactionEventArgs) => {
        this.written.delete(em);
      },
    };
  }

  private committed(ids: string[]): void {
    this.read();
    this.hint(ids);
  }

  /** Sends one NOTIFY at a time on the listener connection, with the ids written since the last. */
  private hint(ids: string[]): void {
    this.hinted.push(...ids);
    if (this.notifying) return;
    this.notifying = true;
    void (async () => {
      try {
        while (this.hinted.length && this.listener && !this.closed) {
          const batch = this.hinted.splice(0);
          const payload = batch.length > MAX_HINTED_IDS ? `${batch[0]}..${batch.at(-1)}` : batch.join(',');
          await this.listener.query('select pg_notify($1, $2)', [ACTIVITY_CHANNEL, payload]);
        }
      } catch (error) {
        // Other instances catch up on their next periodic read.
        this.logger.warn({ err: error }, 'activity notification failed');
      } finally {
        this.hinted = [];
        this.notifying = false;
      }
    })();
  }

  /** Opens the listener connection; when it drops, reconnects and catches up from the table. */
  private async listen(): Promise<void> {
    const client = new pg.Client({
      connectionString: this.options.connectionString,
      application_name: LISTENER_APPLICATION_NAME,
      keepAlive: true,
    });
    client.on('notification', () => this.read());
    client.on('error', (error) => this.logger.warn({ err: error }, 'activity listener connection failed'));
    client.on('end', () => {
      if (this.listener !== client || this.closed) return;
      this.listener = null;
      this.logger.warn('activity listener connection lost; reconnecting');
      this.reconnect();
    });
    try {
      await client.connect();
      if (this.closed) throw new Error('the bus closed');
      await client.query(`listen ${ACTIVITY_CHANNEL}`);
    } catch (error) {
      await client.end().catch(() => undefined);
      throw error;
    }
    this.listener = client;
    this.reconnectDelay = 100;
    // Whatever was written while nobody listened is in the table.
    this.read();
  }

  private reconnect(): void {
    if (this.closed) return;
    this.reconnecting = setTimeout(() => {
      this.listen().catch((error: unknown) => {
        if (this.closed) return;
        this.logger.warn({ err: error }, 'activity listener could not reconnect');
        this.reconnectDelay = Math.min(this.reconnectDelay * 2, 5_000);
        this.reconnect();
      });
    }, this.reconnectDelay).unref();
  }
}
