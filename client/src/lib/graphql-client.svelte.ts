import { Client, cacheExchange, fetchExchange, subscriptionExchange } from '@urql/core';
import { createClient as createWsClient, type Client as WsClient } from 'graphql-ws';

/** Whether the live connection is up, for the indicator in the header. */
export class LiveStatus {
  /** `signedOut`: the server refused the connection for want of (valid) credentials; live updates need a session. */
  state = $state<'connecting' | 'live' | 'offline' | 'signedOut'>('connecting');
}

/** The server's close codes for no (4401) or bad (4403) credentials: retrying cannot help. */
const REFUSED = new Set([4401, 4403]);

/**
 * The browser's GraphQL client: queries and mutations POST to the same origin (Apollo's CSRF
 * rules refuse plain GETs); subscriptions go over graphql-ws on the same path, with the
 * session cookie and the page's language, reconnecting on their own.
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
          const input = { ...request, query: request.query || '' };
          return { subscribe: (sink) => ({ unsubscribe: ws.subscribe(input, sink) }) };
        },
      }),
    );
  }
  return { client: new Client({ url, exchanges, preferGetMethod: false }), live, ws };
}
