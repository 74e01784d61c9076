import { GraphQLError, parse, type ExecutionArgs, type ExecutionResult } from 'graphql';
import type { Context as WsContext, ServerOptions } from 'graphql-ws';
import { describe, expect, it } from 'vitest';
import { Metrics } from './metrics.js';
import { meteredWebSocketOptions } from './websocket-metrics.js';

type Options = ServerOptions<Record<string, unknown> | undefined, unknown>;

async function sample(metrics: Metrics, name: string, labels: Record<string, string> = {}): Promise<number> {
  // Histograms list their _bucket, _sum and _count samples under the histogram's name.
  const values = (await metrics.registry.getMetricsAsJSON()).flatMap((m) =>
    (m.values as { labels: Record<string, unknown>; value: number; metricName?: string }[]).filter(
      (v) => (v.metricName ?? m.name) === name,
    ),
  );
  return values
    .filter((v) => Object.entries(labels).every(([k, want]) => String(v.labels[k]) === want))
    .reduce((sum, v) => sum + v.value, 0);
}

const QUERY = 'query Regions { regions { totalCount } }';
const FEED = 'subscription Feed { regionActivity(regionId: "r") { cursor } }';
const documents = new Map([QUERY, FEED].map((text) => [text, parse(text)]));

function setUp(hooks: Partial<Options> = {}) {
  const metrics = new Metrics();
  const options = meteredWebSocketOptions<Record<string, unknown> | undefined, unknown>(
    { schema: undefined, ...hooks },
    metrics,
    (query) => documents.get(query),
  );
  const ctx = {} as WsContext<Record<string, unknown> | undefined, unknown>;
  const args = {} as ExecutionArgs;
  return { metrics, options, ctx, args };
}

const requests = (metrics: Metrics, labels: Record<string, string> = {}) =>
  sample(metrics, 'cobuild_graphql_requests_total', labels);

describe('meteredWebSocketOptions', () => {
  it('counts an operation refused before it runs, with the code of its first error', async () => {
    const refusal = [new GraphQLError('no', { extensions: { code: 'QUERY_TOO_COMPLEX' } })];
    const { metrics, options, ctx } = setUp({ onSubscribe: () => refusal });
    expect(await options.onSubscribe!(ctx, '1', { query: QUERY })).toBe(refusal);
    expect(
      await requests(metrics, {
        operation: 'Regions',
        operation_type: 'query',
        transport: 'websocket',
        outcome: 'QUERY_TOO_COMPLEX',
      }),
    ).toBe(1);
    // A document never parsed (a parse failure): the name the client gave, of no known type.
    await options.onSubscribe!(ctx, '2', { query: '{', operationName: 'Broken' });
    expect(await requests(metrics, { operation: 'Broken', operation_type: 'unknown' })).toBe(1);
  });

  it('counts a query once, when its result is sent', async () => {
    const { metrics, options, ctx, args } = setUp({ onSubscribe: () => ({}) as ExecutionArgs });
    await options.onSubscribe!(ctx, '1', { query: QUERY });
    expect(await requests(metrics)).toBe(0);
    const result: ExecutionResult = {
      data: null,
      errors: [new GraphQLError('x', { extensions: { code: 'NOT_FOUND' } })],
    };
    expect(await options.onOperation!(ctx, '1', { query: QUERY }, args, result)).toBeUndefined();
    await options.onNext!(ctx, '1', { query: QUERY }, args, result);
    await options.onComplete!(ctx, '1', { query: QUERY });
    expect(await requests(metrics, { operation: 'Regions', outcome: 'NOT_FOUND' })).toBe(1);
    expect(await requests(metrics)).toBe(1);
    expect(await sample(metrics, 'cobuild_graphql_request_duration_seconds_count')).toBe(1);
  });

  it('does not count an operation the client completed before it was answered', async () => {
    const { metrics, options, ctx, args } = setUp({ onSubscribe: () => ({}) as ExecutionArgs });
    await options.onSubscribe!(ctx, '1', { query: QUERY });
    await options.onComplete!(ctx, '1', { query: QUERY });
    await options.onNext!(ctx, '1', { query: QUERY }, args, { data: {} });
    expect(await requests(metrics)).toBe(0);
  });

  it('counts a subscription when its feed starts, and holds it active until the feed ends', async () => {
    let returned = 0;
    const feed: AsyncIterableIterator<ExecutionResult> = {
      [Symbol.asyncIterator]() {
        return this;
      },
      next: () => new Promise(() => undefined),
      async return() {
        returned++;
        return { value: undefined, done: true };
      },
    };
    const { metrics, options, ctx, args } = setUp({
      onSubscribe: () => ({}) as ExecutionArgs,
      onOperation: () => feed,
    });
    await options.onSubscribe!(ctx, '1', { query: FEED });
    const started = (await options.onOperation!(ctx, '1', { query: FEED }, args, feed)) as AsyncGenerator;
    expect(await requests(metrics, { operation: 'Feed', operation_type: 'subscription', outcome: 'ok' })).toBe(1);
    expect(await sample(metrics, 'cobuild_websocket_subscriptions')).toBe(1);
    await started.return(undefined);
    await started.return(undefined);
    expect(returned).toBe(2);
    expect(await sample(metrics, 'cobuild_websocket_subscriptions')).toBe(0);
  });

  it('ends an active subscription whose feed finishes by itself', async () => {
    const feed = (async function* () {
      yield { data: {} };
    })();
    const { metrics, options, ctx, args } = setUp({ onSubscribe: () => ({}) as ExecutionArgs });
    await options.onSubscribe!(ctx, '1', { query: FEED });
    const started = (await options.onOperation!(ctx, '1', { query: FEED }, args, feed)) as AsyncIterable<unknown>;
    expect(await sample(metrics, 'cobuild_websocket_subscriptions')).toBe(1);
    const seen: unknown[] = [];
    for await (const result of started) seen.push(result);
    expect(seen).toHaveLength(1);
    expect(await sample(metrics, 'cobuild_websocket_subscriptions')).toBe(0);
  });
});
