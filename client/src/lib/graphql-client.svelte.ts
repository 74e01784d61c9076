import { Client, cacheExchange, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';

/** Whether the live connection is up, for the indicator in the header. */
export class LiveStatus {
  /** `signedOut`: the server refused the connection for want of (valid) credentials; live updates need a session. */
  state = $state<'connecting' | 'live' | 'offline' | 'signedOut'>('connecting');
}

/** The server's close codes for no (4401) or bad (4403) credentials: retrying cannot help. */
const REFUSED = new Set([4401, 4403]);

/** Where a subscription's results go. */
interface Sink<Result> {
  next(value: Result): void;
  error(error: unknown): void;
  complete(): void;
}

/** The `cursor` of a live feed's event (the first field of a subscription's data), if any. */
function cursorOf(data: unknown): string | null {
  const event = data && typeof data === 'object' ? Object.values(data)[0] : null;
  const cursor = event && typeof event === 'object' ? (event as { cursor?: unknown }).cursor : null;
  return typeof cursor === 'string' ? cursor : null;
}

/**
 * A subscription that resumes after a reconnect: graphql-ws sends the subscription again on
 * each new socket, reading its payload then, so a feed declaring `$after` asks for the events
 * after the last one it got (the server replays them: nothing is missed, nothing repeats).
 * One that got no event yet has no place to resume from: its sink gets a result anyway (urql
 * hands it on with the last data it had), the sign for `followLive` to read the screen again.
 */
export function resumable<Result extends { data?: unknown }>(
  request: { query?: string; variables?: Record<string, unknown>; operationName?: string; extensions?: unknown },
  sink: Sink<Result>,
): [payload: Parameters<WsClient['subscribe']>[0], sink: Sink<Result>] {
  const query = request.query || '';
  const takesCursor = /\$after\b/.test(query);
  let cursor = (request.variables?.after as string | undefined) ?? null;
  let sent = 0;
  const payload = {
    query,
    operationName: request.operationName,
    extensions: request.extensions as Record<string, unknown> | undefined,
    get variables() {
      return takesCursor && cursor ? { ...request.variables, after: cursor } : request.variables;
    },
    /** graphql-ws writes the payload once per (re)sent subscription: the count tells a resend. */
    toJSON() {
      sent += 1;
      if (sent > 1 && !(takesCursor && cursor)) queueMicrotask(() => sink.next({ data: null } as Result));
      return { query, operationName: this.operationName, extensions: this.extensions, variables: this.variables };
    },
  };
  return [
    payload,
    {
      next(result) {
        cursor = cursorOf(result.data) ?? cursor;
        sink.next(result);
      },
      error: (error) => sink.error(error),
      complete: () => sink.complete(),
    },
  ];
}

/**
 * The browser's GraphQL client: queries and mutations POST to the same origin (Apollo's CSRF
 * rules refuse plain GETs); subscriptions go over graphql-ws on the same path, with the
 * session cookie and the page's language, reconnecting on their own and resuming from the last
 * event they got (`resumable`).
 */
export function createGraphqlClient(
  url = '/graphql',
  live = new LiveStatus(),
  locale: () => string = () => 'ZH',
): { client: Client; live: LiveStatus; ws: WsClient | null } {
  const ws =
    typeof WebSocket === 'undefined'
      ? null
      : createWsClient({
          url: () => `${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}${url}`,
          connectionParams: () => ({ locale: locale() }),
          retryAttempts: Infinity,
          shouldRetry: (event) => !REFUSED.has((event as CloseEvent).code),
          lazy: true,
          on: {
            connecting: () => (live.state = 'connecting'),
            connected: () => (live.state = 'live'),
            closed: (event) => (live.state = REFUSED.has((event as CloseEvent).code) ? 'signedOut' : 'offline'),
          },
        });
  const exchanges = [cacheExchange, fetchExchange];
  if (ws) {
    exchanges.push(
      subscriptionExchange({
        forwardSubscription(request) {
          return { subscribe: (sink) => ({ unsubscribe: ws.subscribe(...resumable(request, sink)) }) };
        },
      }),
    );
  }
  return { client: new Client({ url, exchanges, preferGetMethod: false }), live, ws };
}
