import type { Configuration, EntityManager } from '@mikro-orm/postgresql';
import { badUserInput } from '../../graphql/errors.js';
import { selectRows } from '../../graphql/rows.js';
import type { ReadyEvents } from '../../websocket/fan-out.js';
import { AccessChangedError } from '../../websocket/graphql-websocket.js';
import type { Viewer } from '../auth/viewer.js';
import type { ActivityBus, ActivityListener } from './activity-bus.js';
import { ActivityEvent } from './activity-event.js';
import type { ActivityNode } from './activity.node.js';
import {
  activityHorizon,
  comparePositions,
  positionOf,
  readActivityAfter,
  type ActivityFilter,
  type ActivityPosition,
} from './activity-log.js';

/**
 * Live events kept in memory for a subscriber that has not taken them yet, at most. A
 * subscriber further behind (a burst larger than this, or a slow connection) drops its queue
 * and reads on from the table by its position, at its own pace: memory stays bounded and the
 * bus never waits for anyone. (A connection that takes nothing at all is closed: see
 * `websocket/graphql-websocket.ts`.)
 */
export const SUBSCRIBER_QUEUE_LIMIT = 1_000;

/** Events replayed per statement. */
const REPLAY_PAGE = 200;

// One wrapper per event object, so every subscriber of a live event yields the same object
// (the fan-out executes each selection once per event object).
const events = new WeakMap<ActivityNode, ActivityEvent>();

function eventOf(node: ActivityNode): ActivityEvent {
  let event = events.get(node);
  if (!event) events.set(node, (event = new ActivityEvent(node)));
  return event;
}

const buses = new WeakMap<Configuration, ActivityBus>();

/** Makes `bus` the one that serves subscriptions on this ORM's EntityManagers. */
export function serveSubscriptionsWith(em: EntityManager, bus: ActivityBus): void {
  buses.set(em.config, bus);
}

/** A cursor the subscriber passed must name an event of the log. */
async function checkedPosition(em: EntityManager, position: ActivityPosition): Promise<ActivityPosition> {
  const found = await selectRows(em, 'select 1 from activity where xid = ?::xid8 and id = ?::bigint', [
    position.xid,
    position.id,
  ]);
  if (!found.length) throw badUserInput('"after" names no event of the activity log.', 'after');
  return position;
}

/**
 * A subscriber's feed: with `after`, first every event after it from the table, then the live
 * events the bus delivers, with no gap and no repeat at the seam. Live events are queued from
 * the moment of subscribing; anything at or before the last event yielded is skipped.
 */
export async function openActivityFeed(
  em: EntityManager,
  viewer: Viewer,
  filter: ActivityFilter,
  after: ActivityPosition | null,
): Promise<AsyncIterableIterator<ActivityEvent>> {
  const bus = buses.get(em.config);
  if (!bus) throw new Error('No activity bus serves subscriptions on this database');
  const from = after && (await checkedPosition(em, after));
  const feed = new ActivityFeed(bus.em, bus, viewer, filter, from);
  // Without a cursor the feed starts at the newest event now in the table, whether or not the
  // bus has dispatched it yet: the subscriber gets what commits after it subscribed.
  try {
    if (!from) feed.skipThrough((await activityHorizon(em)).position);
  } catch (error) {
    await feed.return();
    throw error;
  }
  return feed;
}

/**
 * A hand-written iterator rather than an async generator: `return()` (the client completes or
 * disconnects) must end a feed that is waiting for its next event, which a suspended
 * generator cannot do until that event arrives.
 */
class ActivityFeed implements ActivityListener, AsyncIterableIterator<ActivityEvent>, ReadyEvents {
  private readonly queue: ActivityNode[] = [];
  private replayed: ActivityNode[] = [];
  /** Reading from the table: first after the subscriber's cursor, then whenever the queue overflowed. */
  private replaying: boolean;
  /** Counts queue overflows, so a table read that raced with one is followed by another. */
  private drops = 0;
  private last: ActivityPosition;
  private done = false;
  /** Why the feed ends early (its subscriber's access changed), thrown by the next `next`. */
  private failure: Error | null = null;
  private waiting: {
    resolve: (result: IteratorResult<ActivityEvent>) => void;
    reject: (error: unknown) => void;
  } | null = null;
  private readonly remove: () => void;

  constructor(
    private readonly em: EntityManager,
    bus: ActivityBus,
    readonly viewer: Viewer,
    readonly filter: ActivityFilter,
    after: ActivityPosition | null,
  ) {
    // Registered before the replay reads, so nothing committed meanwhile is missed.
    this.remove = bus.add(this);
    this.replaying = after !== null;
    this.last = after ?? bus.current;
  }

  skipThrough(position: ActivityPosition): void {
    if (comparePositions(position, this.last) > 0) this.last = position;
  }

  [Symbol.asyncIterator](): this {
    return this;
  }

  deliver(event: ActivityNode): void {
    if (this.done) return;
    if (this.queue.length >= SUBSCRIBER_QUEUE_LIMIT) {
      // Everything queued is in the table: read on from there.
      this.queue.length = 0;
      this.replaying = true;
      this.drops++;
    }
    this.queue.push(event);
    this.wake();
  }

  accessChanged(): void {
    this.failure ??= new AccessChangedError("The subscriber's membership or token changed.");
    this.wake();
  }

  private wake(): void {
    const waiting = this.waiting;
    if (!waiting) return;
    this.waiting = null;
    this.next().then(waiting.resolve, waiting.reject);
  }

  async next(): Promise<IteratorResult<ActivityEvent>> {
    if (this.done) return { value: undefined, done: true };
    if (this.failure) {
      this.finish();
      throw this.failure;
    }
    while (this.replaying && !this.replayed.length) {
      // The queue holds every live event since the last drop; the read covers everything
      // before it, unless the queue dropped again meanwhile.
      const drops = this.drops;
      this.replayed = await readActivityAfter(this.em, this.last, this.filter, this.viewer, REPLAY_PAGE);
      if (this.replayed.length < REPLAY_PAGE && drops === this.drops) this.replaying = false;
      if (this.done) return { value: undefined, done: true };
    }
    const replayedEvent = this.replayed.shift();
    if (replayedEvent) return this.yield(replayedEvent);
    while (this.queue.length) {
      const event = this.queue.shift()!;
      if (comparePositions(positionOf(event), this.last) > 0) return this.yield(event);
    }
    return new Promise((resolve, reject) => (this.waiting = { resolve, reject }));
  }

  /** The events that `next` would yield now without waiting, up to `max`. */
  takeReady(max: number): ActivityEvent[] {
    const taken: ActivityEvent[] = [];
    while (taken.length < max && !this.done && !this.failure) {
      const event = this.replayed.shift() ?? (this.replaying ? undefined : this.queue.shift());
      if (!event) break;
      if (comparePositions(positionOf(event), this.last) > 0) taken.push(this.yield(event).value as ActivityEvent);
    }
    return taken;
  }

  async return(): Promise<IteratorResult<ActivityEvent>> {
    this.finish();
    return { value: undefined, done: true };
  }

  private yield(event: ActivityNode): IteratorResult<ActivityEvent> {
    this.last = positionOf(event);
    return { value: eventOf(event), done: false };
  }

  private finish(): void {
    if (this.done) return;
    this.done = true;
    this.remove();
    this.queue.length = 0;
    const waiting = this.waiting;
    this.waiting = null;
    waiting?.resolve({ value: undefined, done: true });
  }
}
