import { describe, expect, it } from 'vitest';
import type { Context } from '../graphql/context.js';
import type { PendingCharge } from '../modules/rate-limit/cost-budget.js';
import { MAX_OPERATION_NAMES, Metrics, OperationNames, outcomeOf } from './metrics.js';

/** The value of one sample of the exposition, by name and labels. */
async function sample(metrics: Metrics, name: string, labels: Record<string, string> = {}): Promise<number | null> {
  const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
  for (const line of (await metrics.exposition()).split('\n')) {
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match || match[1] !== name) continue;
    const have = match[2] ? match[2].split(',') : [];
    if (wanted.length === have.length && wanted.every((w) => have.includes(w))) return Number(match[3]);
  }
  return null;
}

describe('OperationNames', () => {
  it('keeps well-formed names, calls unnamed operations anonymous and anything else other', () => {
    const names = new OperationNames();
    expect(names.label('ProjectList')).toBe('ProjectList');
    expect(names.label('_private9')).toBe('_private9');
    expect(names.label(null)).toBe('anonymous');
    expect(names.label(undefined)).toBe('anonymous');
    expect(names.label('')).toBe('anonymous');
    expect(names.label('9lives')).toBe('other');
    expect(names.label('with-dash')).toBe('other');
    expect(names.label('a'.repeat(64))).toBe('a'.repeat(64));
    expect(names.label('a'.repeat(65))).toBe('other');
    expect(names.label('x"} 1\nevil')).toBe('other');
  });

  it(`keeps at most ${MAX_OPERATION_NAMES} distinct names; later ones are other, known ones stay`, () => {
    const names = new OperationNames();
    for (let i = 0; i < MAX_OPERATION_NAMES; i++) expect(names.label(`Op${i}`)).toBe(`Op${i}`);
    expect(names.label('OneTooMany')).toBe('other');
    expect(names.label('Op0')).toBe('Op0');
    expect(names.label(`Op${MAX_OPERATION_NAMES - 1}`)).toBe(`Op${MAX_OPERATION_NAMES - 1}`);
    expect(names.label(null)).toBe('anonymous');
  });
});

describe('outcomeOf', () => {
  it('is ok without errors, else the first error code', () => {
    expect(outcomeOf(undefined)).toBe('ok');
    expect(outcomeOf([])).toBe('ok');
    expect(outcomeOf([{ extensions: { code: 'BAD_USER_INPUT' } }, { extensions: { code: 'NOT_FOUND' } }])).toBe(
      'BAD_USER_INPUT',
    );
    expect(outcomeOf([{ extensions: {} }])).toBe('INTERNAL_SERVER_ERROR');
    expect(outcomeOf([{}])).toBe('INTERNAL_SERVER_ERROR');
    expect(outcomeOf([{ extensions: { code: 'not a code' } }])).toBe('other');
  });
});

describe('Metrics', () => {
  it('keeps a registry per instance: two in one process neither clash nor share', async () => {
    const a = new Metrics();
    const b = new Metrics();
    a.graphqlRequest({ operationName: 'Q', operationType: 'query', transport: 'http', outcome: 'ok', seconds: 0.02 });
    const labels = { operation: 'Q', operation_type: 'query', transport: 'http', outcome: 'ok' };
    expect(await sample(a, 'cobuild_graphql_requests_total', labels)).toBe(1);
    expect(await sample(b, 'cobuild_graphql_requests_total', labels)).toBeNull();
    expect(
      await sample(a, 'cobuild_graphql_request_duration_seconds_count', { operation_type: 'query', transport: 'http' }),
    ).toBe(1);
    expect(
      await sample(a, 'cobuild_graphql_request_duration_seconds_bucket', {
        operation_type: 'query',
        transport: 'http',
        le: '0.025',
      }),
    ).toBe(1);
    expect(
      await sample(a, 'cobuild_graphql_request_duration_seconds_bucket', {
        operation_type: 'query',
        transport: 'http',
        le: '0.01',
      }),
    ).toBe(0);
    // The default metrics of the process are there too.
    expect(await a.exposition()).toMatch(/^process_cpu_user_seconds_total /m);
    expect(a.contentType).toMatch(/^text\/plain; version=0\.0\.4/);
  });

  it('counts an unknown operation type as unknown', async () => {
    const metrics = new Metrics();
    metrics.graphqlRequest({
      operationName: 'X',
      operationType: null,
      transport: 'websocket',
      outcome: 'GRAPHQL_PARSE_FAILED',
      seconds: 0,
    });
    expect(
      await sample(metrics, 'cobuild_graphql_requests_total', {
        operation: 'X',
        operation_type: 'unknown',
        transport: 'websocket',
        outcome: 'GRAPHQL_PARSE_FAILED',
      }),
    ).toBe(1);
  });

  it('records requested and actual cost when a charge is settled', async () => {
    const metrics = new Metrics();
    const pending = (requested: number): PendingCharge => ({
      requested,
      actual: null,
      budget: 1000,
      remaining: 1000 - requested,
      resetAt: new Date(),
      settle: (actual) => ({ requested, actual, budget: 1000, remaining: 1000 - actual, resetAt: new Date() }),
    });
    const charge = metrics.meteredCharge(async (_context, requested) => pending(requested));
    const charged = await charge({ http: null } as Context, 40);
    expect(charged.requested).toBe(40);
    expect(await sample(metrics, 'cobuild_graphql_cost_requested_count', { transport: 'websocket' })).toBeNull();
    expect(charged.settle(7)).toMatchObject({ requested: 40, actual: 7 });
    expect(await sample(metrics, 'cobuild_graphql_cost_requested_sum', { transport: 'websocket' })).toBe(40);
    expect(await sample(metrics, 'cobuild_graphql_cost_requested_count', { transport: 'websocket' })).toBe(1);
    expect(await sample(metrics, 'cobuild_graphql_cost_actual_sum', { transport: 'websocket' })).toBe(7);
    expect(await sample(metrics, 'cobuild_graphql_cost_actual_bucket', { transport: 'websocket', le: '10' })).toBe(1);
  });

  it('tracks connections and subscriptions once each, however often they are ended', async () => {
    const metrics = new Metrics();
    const closeA = metrics.webSocketOpened();
    const closeB = metrics.webSocketOpened();
    const end = metrics.subscriptionStarted();
    expect(await sample(metrics, 'cobuild_websocket_connections')).toBe(2);
    expect(await sample(metrics, 'cobuild_websocket_subscriptions')).toBe(1);
    closeA();
    closeA();
    end();
    end();
    expect(await sample(metrics, 'cobuild_websocket_connections')).toBe(1);
    expect(await sample(metrics, 'cobuild_websocket_subscriptions')).toBe(0);
    closeB();
    expect(await sample(metrics, 'cobuild_websocket_connections')).toBe(0);
  });

  it('reads the database pool at each scrape, and reports 0 without one', async () => {
    let used = 3;
    let pool: object | undefined = {
      numUsed: () => used,
      numFree: () => 2,
      numPendingAcquires: () => 1,
      numPendingCreates: () => 0,
      max: 10,
    };
    const metrics = new Metrics({ pool: () => pool as never });
    expect(await sample(metrics, 'cobuild_db_pool_connections_used')).toBe(3);
    expect(await sample(metrics, 'cobuild_db_pool_connections_free')).toBe(2);
    expect(await sample(metrics, 'cobuild_db_pool_pending_acquires')).toBe(1);
    expect(await sample(metrics, 'cobuild_db_pool_pending_creates')).toBe(0);
    expect(await sample(metrics, 'cobuild_db_pool_connections_max')).toBe(10);
    used = 5;
    expect(await sample(metrics, 'cobuild_db_pool_connections_used')).toBe(5);
    pool = undefined;
    expect(await sample(metrics, 'cobuild_db_pool_connections_used')).toBe(0);
  });

  it('counts live events and activity events read', async () => {
    const metrics = new Metrics();
    metrics.liveEventsFannedOut(3);
    metrics.liveEventsFannedOut(0);
    metrics.activityEventsRead(2);
    expect(await sample(metrics, 'cobuild_live_events_fanned_out_total')).toBe(3);
    expect(await sample(metrics, 'cobuild_activity_events_read_total')).toBe(2);
  });
});
