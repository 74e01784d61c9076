import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { bearer, DEMO_PARTNER_TOKEN } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
import { listFactories } from '../support/lists.js';
import { about, EVENT_FIELDS, LiveSocket } from '../support/live.js';
import { JINGAN, lookup } from '../support/lookup.js';

// A browser origin allowed to call /graphql: it gets no more of /metrics than any other site.
const PARTNER = 'https://partner.example';
const fx = useSeededServer('metrics', { CORS_ORIGINS: PARTNER });
const make = listFactories(fx);
const metricsUrl = () => `${fx.server.url}/metrics`;
const sockets: LiveSocket[] = [];
let jingan: string;

beforeAll(async () => {
  jingan = await lookup(fx.server.graphqlUrl).region(JINGAN);
});

afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

type Labels = Record<string, string>;

/** One scrape of /metrics, parsed: every sample with its labels. */
class Scrape {
  constructor(readonly samples: { name: string; labels: Labels; value: number }[]) {}

  /** The sum of the samples named `name` that carry at least `labels` (0 when there is none). */
  sum(name: string, labels: Labels = {}): number {
    return this.samples
      .filter((s) => s.name === name && Object.entries(labels).every(([k, v]) => s.labels[k] === v))
      .reduce((total, s) => total + s.value, 0);
  }

  has(name: string): boolean {
    return this.samples.some((s) => s.name === name);
  }
}

async function scrape(): Promise<Scrape> {
  const res = await fetch(metricsUrl());
  expect(res.status).toBe(200);
  const samples = [];
  for (const line of (await res.text()).split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][a-zA-Z0-9_:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample: ${line}`);
    const labels: Labels = {};
    for (const [, key, value] of (match[2] ?? '').matchAll(/([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\]|\\.)*)"/g)) {
      labels[key] = value;
    }
    samples.push({ name: match[1], labels, value: Number(match[3]) });
  }
  return new Scrape(samples);
}

/** Scrapes until `condition` holds (rejects after `timeoutMs`). */
async function scrapeUntil(condition: (s: Scrape) => boolean, timeoutMs = 5_000): Promise<Scrape> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const s = await scrape();
    if (condition(s)) return s;
    if (Date.now() > deadline) throw new Error(`metrics did not reach the expected state in ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const REQUESTS = 'cobuild_graphql_requests_total';
const DURATION_COUNT = 'cobuild_graphql_request_duration_seconds_count';

/** How much a counter (or a histogram's _count/_sum) grew between two scrapes. */
const delta = (before: Scrape, after: Scrape, name: string, labels: Labels = {}) =>
  after.sum(name, labels) - before.sum(name, labels);

const requests = (operation: string, operation_type: string, transport: string, outcome: string) => ({
  operation,
  operation_type,
  transport,
  outcome,
});

describe('GET /metrics', () => {
  it("answers in Prometheus's text format with prom-client's content type, and is not counted itself", async () => {
    const first = await scrape();
    const res = await fetch(metricsUrl());
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
    const text = await res.text();
    expect(text).toContain('# TYPE cobuild_graphql_requests_total counter');
    expect(text).toContain('# TYPE cobuild_graphql_request_duration_seconds histogram');
    // The default metrics of the process.
    expect(text).toMatch(/^process_cpu_user_seconds_total /m);
    expect(text).toMatch(/^nodejs_eventloop_lag_seconds /m);
    const second = await scrape();
    // Two scrapes later, no GraphQL request was added.
    expect(second.sum(REQUESTS)).toBe(first.sum(REQUESTS));
    expect(second.sum(DURATION_COUNT)).toBe(first.sum(DURATION_COUNT));
  });

  it('is not exposed to browsers on other origins, even one allowed to call /graphql', async () => {
    for (const origin of [PARTNER, 'https://evil.example']) {
      const res = await fetch(metricsUrl(), { headers: { origin, 'sec-fetch-site': 'cross-site' } });
      expect(res.status).toBe(403);
      expect(res.headers.get('access-control-allow-origin')).toBeNull();
      // Without Sec-Fetch-Site (older browsers), the Origin alone tells.
      const bare = await fetch(metricsUrl(), { headers: { origin } });
      expect(bare.status).toBe(403);
      const preflight = await fetch(metricsUrl(), {
        method: 'OPTIONS',
        headers: { origin, 'access-control-request-method': 'GET' },
      });
      expect(preflight.headers.get('access-control-allow-origin')).toBeNull();
    }
    const scraper = await fetch(metricsUrl());
    expect(scraper.status).toBe(200);
    expect(scraper.headers.get('access-control-allow-origin')).toBeNull();
    expect(scraper.headers.get('cross-origin-resource-policy')).toBe('same-origin');
  });
});

describe('GraphQL requests over HTTP', () => {
  it('counts each request by operation name, type and outcome, with its latency and cost', async () => {
    const before = await scrape();
    // 1 for the page, 1 for each of its five projects' committee.
    const ok = await gql<any>(
      fx.server.graphqlUrl,
      'query MetricsProjects { projects(first: 5) { nodes { id leadCommittee { id } } } }',
    );
    expect(errorCodes(ok)).toEqual([]);
    expect(ok.data.projects.nodes).toHaveLength(5);
    expect(ok.extensions!.cost).toMatchObject({ requested: 6, actual: 6 });
    const afterOk = await scrape();
    expect(delta(before, afterOk, REQUESTS, requests('MetricsProjects', 'query', 'http', 'ok'))).toBe(1);
    expect(delta(before, afterOk, REQUESTS)).toBe(1);
    expect(delta(before, afterOk, DURATION_COUNT, { operation_type: 'query', transport: 'http' })).toBe(1);
    expect(delta(before, afterOk, DURATION_COUNT)).toBe(1);
    // Its cost: requested and actual, once settled.
    expect(delta(before, afterOk, 'cobuild_graphql_cost_requested_count', { transport: 'http' })).toBe(1);
    expect(delta(before, afterOk, 'cobuild_graphql_cost_requested_sum', { transport: 'http' })).toBe(6);
    expect(delta(before, afterOk, 'cobuild_graphql_cost_actual_count', { transport: 'http' })).toBe(1);
    expect(delta(before, afterOk, 'cobuild_graphql_cost_actual_sum', { transport: 'http' })).toBe(6);
    expect(delta(before, afterOk, 'cobuild_graphql_cost_requested_bucket', { transport: 'http', le: '5' })).toBe(0);
    expect(delta(before, afterOk, 'cobuild_graphql_cost_requested_bucket', { transport: 'http', le: '10' })).toBe(1);

    const badPage = await gql(fx.server.graphqlUrl, 'query MetricsBadPage { projects(first: 0) { totalCount } }');
    expect(errorCodes(badPage)).toEqual(['BAD_USER_INPUT']);
    const tooDeep = await gql(
      fx.server.graphqlUrl,
      `query MetricsTooDeep { projects(first: 1) { nodes { requirements(first: 1) { nodes { project {
        requirements(first: 1) { nodes { project { region { parent { parent { id } } } } } } } } } } } }`,
    );
    expect(errorCodes(tooDeep)).toEqual(['QUERY_TOO_COMPLEX']);
    const after = await scrape();
    expect(delta(afterOk, after, REQUESTS, requests('MetricsBadPage', 'query', 'http', 'BAD_USER_INPUT'))).toBe(1);
    expect(delta(afterOk, after, REQUESTS, requests('MetricsTooDeep', 'query', 'http', 'QUERY_TOO_COMPLEX'))).toBe(1);
    expect(delta(afterOk, after, REQUESTS, { operation: 'MetricsProjects' })).toBe(0);
    expect(delta(afterOk, after, REQUESTS)).toBe(2);
    expect(delta(afterOk, after, DURATION_COUNT, { operation_type: 'query', transport: 'http' })).toBe(2);
  });

  it('counts requests refused before GraphQL runs: a token flood, bad credentials', async () => {
    const before = await scrape();
    const flood = `query MetricsFlood { ${Array.from({ length: 2_100 }, () => '__typename').join(' ')} }`;
    const res = await fetch(fx.server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: flood, operationName: 'MetricsFlood' }),
    });
    expect(res.status).toBe(400);
    const unknownToken = await gql(
      fx.server.graphqlUrl,
      '{ projects(first: 1) { totalCount } }',
      {},
      bearer('cbt_nope'),
    );
    expect(unknownToken.status).toBe(401);
    const after = await scrape();
    expect(delta(before, after, REQUESTS, requests('MetricsFlood', 'unknown', 'http', 'QUERY_TOO_COMPLEX'))).toBe(1);
    expect(delta(before, after, REQUESTS, requests('anonymous', 'unknown', 'http', 'UNAUTHENTICATED'))).toBe(1);
    expect(delta(before, after, REQUESTS)).toBe(2);
    expect(delta(before, after, DURATION_COUNT, { operation_type: 'unknown', transport: 'http' })).toBe(2);
  });
});

describe('GraphQL over WebSocket', () => {
  it('counts operations, shows the open connection and subscription, and counts the events sent', async () => {
    const before = await scrape();
    const socket = await LiveSocket.open(fx.server.graphqlUrl, { token: DEMO_PARTNER_TOKEN });
    sockets.push(socket);
    const feed = socket.subscribe(
      `subscription MetricsFeed($r: ID!) { regionActivity(regionId: $r) { ${EVENT_FIELDS} } }`,
      { r: jingan },
    );
    // A query on the socket, and a subscription that cannot start (a malformed region ID).
    const query = socket.subscribe('query MetricsOverSocket { regions(first: 2) { nodes { id parent { id } } } }');
    const [result] = await query.waitFor(1);
    expect(result.errors).toBeUndefined();
    const broken = socket.subscribe('subscription MetricsBrokenFeed { regionActivity(regionId: "nope") { cursor } }');
    await broken.ended();
    const open = await scrapeUntil((s) => s.sum('cobuild_websocket_subscriptions') === 1);
    expect(open.sum('cobuild_websocket_connections')).toBe(1);
    expect(open.sum('cobuild_websocket_subscriptions')).toBe(1);
    expect(delta(before, open, REQUESTS, requests('MetricsFeed', 'subscription', 'websocket', 'ok'))).toBe(1);
    expect(delta(before, open, REQUESTS, requests('MetricsOverSocket', 'query', 'websocket', 'ok'))).toBe(1);
    const brokenOutcome = broken.results[0]?.errors?.[0]?.extensions?.code ?? broken.errors?.[0]?.extensions?.code;
    expect(brokenOutcome).toBe('BAD_USER_INPUT');
    expect(
      delta(before, open, REQUESTS, requests('MetricsBrokenFeed', 'subscription', 'websocket', 'BAD_USER_INPUT')),
    ).toBe(1);
    expect(delta(before, open, REQUESTS)).toBe(3);
    expect(delta(before, open, DURATION_COUNT, { transport: 'websocket' })).toBe(3);
    expect(delta(before, open, DURATION_COUNT, { operation_type: 'subscription', transport: 'websocket' })).toBe(2);
    // The costs of the query (3) and of the subscription that did not start (1) were settled; a
    // live subscription is charged when it starts and never settled.
    expect(delta(before, open, 'cobuild_graphql_cost_requested_count', { transport: 'websocket' })).toBe(2);
    expect(delta(before, open, 'cobuild_graphql_cost_requested_sum', { transport: 'websocket' })).toBe(4);

    // An event of the region reaches the one subscriber: one frame.
    const resourceId = await make.resource({ titleEn: 'Metrics hours' });
    await feed.waitForEvents(about(resourceId));
    const sent = await scrape();
    expect(delta(open, sent, 'cobuild_live_events_fanned_out_total')).toBe(1);
    expect(delta(open, sent, 'cobuild_activity_events_read_total')).toBeGreaterThanOrEqual(1);

    socket.close();
    await socket.closed;
    const closed = await scrapeUntil(
      (s) => s.sum('cobuild_websocket_connections') === 0 && s.sum('cobuild_websocket_subscriptions') === 0,
    );
    expect(closed.sum('cobuild_websocket_connections')).toBe(0);
  });
});

describe('the database pool', () => {
  it('reports connections in use, free, pending and the maximum at each scrape', async () => {
    const s = await scrape();
    for (const name of [
      'cobuild_db_pool_connections_used',
      'cobuild_db_pool_connections_free',
      'cobuild_db_pool_pending_acquires',
      'cobuild_db_pool_pending_creates',
      'cobuild_db_pool_connections_max',
    ]) {
      expect(s.has(name), name).toBe(true);
    }
    expect(s.sum('cobuild_db_pool_connections_max')).toBe(10);
    const used = s.sum('cobuild_db_pool_connections_used');
    const free = s.sum('cobuild_db_pool_connections_free');
    expect(used).toBeGreaterThanOrEqual(0);
    expect(free).toBeGreaterThanOrEqual(0);
    // The activity bus reads every second: the pool holds at least that connection.
    expect(used + free).toBeGreaterThanOrEqual(1);
    expect(used + free).toBeLessThanOrEqual(10);
    expect(s.sum('cobuild_db_pool_pending_acquires')).toBeGreaterThanOrEqual(0);
  });
});
