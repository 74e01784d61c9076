import WebSocket from 'ws';
import type { Headers } from './accounts.js';

/** One message of the graphql-transport-ws protocol as the server sent it. */
export interface WsMessage {
  id?: string;
  type: string;
  payload?: any;
}

/** One event of an activity subscription (`data.<field>` of a result). */
export interface LiveEvent {
  cursor: string;
  activity: any;
}

/**
 * Matches the events about these objects (the activity's subject). A region's feed also
 * carries what other tests write at the same time; a test asserts on its own objects.
 */
export function about(...subjectIds: string[]): (event: LiveEvent) => boolean {
  return (event) => subjectIds.includes(event.activity?.subject?.id);
}

/** What one subscription received. */
export interface LiveSubscription {
  id: string;
  /** Payloads of `next` messages, in order. */
  results: any[];
  /** Payload of an `error` message, if one came. */
  errors: any[] | null;
  completed: boolean;
  /** The `activity` events of the results (`data.<field>`), in order. */
  events(): LiveEvent[];
  /** Resolves once `count` results have arrived (rejects after `timeoutMs`). */
  waitFor(count: number, timeoutMs?: number): Promise<any[]>;
  /**
   * Resolves with the first `count` events that `match`, once they have arrived, whatever
   * else arrived meanwhile (rejects after `timeoutMs`). Each event is tested once, in order.
   */
  waitForEvents(match: (event: LiveEvent) => boolean, count?: number, timeoutMs?: number): Promise<LiveEvent[]>;
  /** Resolves when the subscription ends with an error or a complete. */
  ended(timeoutMs?: number): Promise<void>;
  complete(): void;
}

/**
 * A raw graphql-transport-ws client, so tests see exactly what the server sends: every
 * message, every close code, and it can stop reading (a slow consumer).
 */
export class LiveSocket {
  readonly closed: Promise<{ code: number; reason: string }>;
  private readonly subscriptions = new Map<string, LiveSubscription>();
  private readonly waiters = new Set<() => void>();
  private nextId = 0;

  private constructor(readonly ws: WebSocket) {
    this.closed = new Promise((resolve) =>
      ws.once('close', (code, reason) => {
        resolve({ code, reason: String(reason) });
        this.wake();
      }),
    );
    ws.on('message', (data) => {
      const message = JSON.parse(String(data)) as WsMessage;
      const sub = message.id !== undefined ? this.subscriptions.get(message.id) : undefined;
      if (sub && message.type === 'next') sub.results.push(message.payload);
      if (sub && message.type === 'error') sub.errors = message.payload;
      if (sub && (message.type === 'complete' || message.type === 'error')) sub.completed = true;
      this.wake();
    });
  }

  /**
   * Connects and completes connection_init with a token or the upgrade's headers (a session
   * cookie); `params` adds to connection_init's payload (e.g. a `locale`).
   */
  static async open(
    graphqlUrl: string,
    credentials: { headers?: Headers; token?: string; params?: Record<string, unknown> },
  ): Promise<LiveSocket> {
    const ws = new WebSocket(graphqlUrl.replace(/^http/, 'ws'), 'graphql-transport-ws', {
      headers: credentials.headers,
    });
    const socket = new LiveSocket(ws);
    await new Promise<void>((resolve, reject) => {
      ws.once('error', reject);
      ws.once('open', () => {
        ws.send(
          JSON.stringify({
            type: 'connection_init',
            payload: {
              ...credentials.params,
              ...(credentials.token ? { authorization: `Bearer ${credentials.token}` } : {}),
            },
          }),
        );
      });
      const onMessage = (data: WebSocket.RawData) => {
        if ((JSON.parse(String(data)) as WsMessage).type === 'connection_ack') {
          ws.off('message', onMessage);
          resolve();
        }
      };
      ws.on('message', onMessage);
      ws.once('close', (code) => reject(new Error(`closed with ${code} before connection_ack`)));
    });
    return socket;
  }

  subscribe(query: string, variables: Record<string, unknown> = {}): LiveSubscription {
    const id = String(++this.nextId);
    const sub: LiveSubscription = {
      id,
      results: [],
      errors: null,
      completed: false,
      events: () => sub.results.filter((r) => r.data).map((r) => Object.values(r.data)[0] as LiveEvent),
      waitFor: (count, timeoutMs = 5_000) =>
        this.until(() => sub.results.length >= count, timeoutMs, `${count} results on ${id}`).then(() =>
          sub.results.slice(0, count),
        ),
      waitForEvents: (match, count = 1, timeoutMs = 5_000) => {
        // Scanned as results come, so a burst of thousands costs one pass.
        const matched: LiveEvent[] = [];
        let scanned = 0;
        const enough = () => {
          for (; scanned < sub.results.length; scanned++) {
            const data = sub.results[scanned].data;
            const event = data ? (Object.values(data)[0] as LiveEvent) : undefined;
            if (event && match(event)) matched.push(event);
          }
          return matched.length >= count;
        };
        return this.until(enough, timeoutMs, `${count} matching events on ${id}`).then(() => matched.slice(0, count));
      },
      ended: (timeoutMs = 5_000) => this.until(() => sub.completed, timeoutMs, `the end of ${id}`),
      complete: () => this.ws.send(JSON.stringify({ id, type: 'complete' })),
    };
    this.subscriptions.set(id, sub);
    this.ws.send(JSON.stringify({ id, type: 'subscribe', payload: { query, variables } }));
    return sub;
  }

  /** Resolves when `condition` holds, checked after every message. */
  until(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
    if (condition()) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const check = () => {
        if (!condition()) return;
        clearTimeout(timer);
        this.waiters.delete(check);
        resolve();
      };
      const timer = setTimeout(() => {
        this.waiters.delete(check);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for ${what}`));
      }, timeoutMs);
      this.waiters.add(check);
    });
  }

  close(): void {
    this.ws.close();
  }

  private wake(): void {
    for (const check of [...this.waiters]) check();
  }
}

/** The selection the live tests ask of each event. */
export const EVENT_FIELDS = `cursor activity { id type subjectType actor actorOrganization { nameEn } changes
  subject { __typename id } project { id progress fillRate } }`;

export const REGION_ACTIVITY = `subscription($r: ID!, $after: String) { regionActivity(regionId: $r, after: $after) { ${EVENT_FIELDS} } }`;
export const PROJECT_ACTIVITY = `subscription($p: ID!, $after: String) { projectActivity(projectId: $p, after: $after) { ${EVENT_FIELDS} } }`;
