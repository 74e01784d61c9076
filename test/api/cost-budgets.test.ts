import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, DEMO_PARTNER_TOKEN, sessionHeaders } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
import { LiveSocket } from '../support/live.js';
import { startServer, type TestServer } from '../support/server.js';
import { lookup } from '../support/lookup.js';

// Small budgets, so a few queries spend them: points per minute (refilled per second).
const BUDGETS = {
  COST_BUDGET_ANONYMOUS: '1200',
  COST_BUDGET_USER: '3000',
  COST_BUDGET_TOKEN: '6000',
  EXPORTS_PER_MINUTE: '2',
};
const fx = useSeededServer('cost_budgets', BUDGETS);

/** Ten pages of 100 regions with their parent: requested 1,010 points; the demo's ~50 regions hold about half. */
const HEAVY = `{ ${Array.from({ length: 10 }, (_, i) => `r${i}: regions(first: 100) { nodes { parent { id } } }`).join(' ')} }`;
const RATE = '{ rateLimit { requested budget remaining resetAt } }';

/** What HEAVY's result holds: per page 1, plus 1 per region with a parent. */
const heavyActual = (data: Record<string, { nodes: { parent: unknown }[] }>) =>
  Object.values(data).reduce((sum, page) => sum + 1 + page.nodes.filter((n) => n.parent).length, 0);

/** An anonymous caller with an address of its own (the test server trusts X-Forwarded-For from loopback). */
const from = (ip: string) => ({ 'x-forwarded-for': ip });

let b: TestServer;
beforeAll(async () => {
  b = await startServer({ DATABASE_URL: fx.db.url, SEED_DEMO: 'false', ...BUDGETS });
});
afterAll(async () => {
  await b?.stop();
});

describe('cost budgets', () => {
  it('reports the cost of every response in extensions.cost, and the same numbers in rateLimit', async () => {
    const started = Date.now();
    const res = await gql<any>(
      fx.server.graphqlUrl,
      `{ rateLimit { requested budget remaining resetAt } projects(first: 5) { nodes { id } } }`,
      {},
      from('203.0.113.1'),
    );
    expect(res.status).toBe(200);
    // rateLimit (1) + projects (1; its nodes' scalar fields cost nothing).
    expect(res.data.rateLimit).toMatchObject({ requested: 2, budget: 1200, remaining: 1198 });
    expect(res.extensions!.cost).toMatchObject({ requested: 2, budget: 1200 });
    const { actual, remaining, resetAt } = res.extensions!.cost;
    expect(actual).toBe(2);
    expect(remaining).toBe(1198);
    // A full minute refills 1,200 points: two take about 0.1 s.
    const reset = Date.parse(resetAt) - started;
    expect(reset).toBeGreaterThan(0);
    expect(reset).toBeLessThan(1_000);
    expect(Date.parse(res.data.rateLimit.resetAt)).toBe(Date.parse(resetAt));
  });

  it('refunds what the result did not hold', async () => {
    const ip = from('203.0.113.2');
    // Up to 50 projects with up to 10 requirements each, each with its first commitment:
    // requested 1 + 50 × (1 + 10 × 1) = 551 points; the demo holds far fewer.
    const query = `{ projects(first: 50) { nodes { requirements(first: 10) { nodes { commitments(first: 1) { nodes { id } } } } } } }`;
    const first = await gql<any>(fx.server.graphqlUrl, query, {}, ip);
    expect(first.status).toBe(200);
    const { requested, actual, remaining } = first.extensions!.cost;
    expect(requested).toBe(551);
    const projects: any[] = first.data.projects.nodes;
    const requirements = projects.reduce((sum, p) => sum + p.requirements.nodes.length, 0);
    expect(actual).toBe(1 + projects.length + requirements);
    expect(actual).toBeLessThan(requested);
    expect(remaining).toBe(1200 - actual);
    await new Promise((resolve) => setTimeout(resolve, 200));
    const next = await gql<any>(fx.server.graphqlUrl, RATE, {}, ip);
    // Charged `requested`, then refunded: 1,200 − actual − 1 (plus what refilled since, ≤ 20/s).
    expect(next.data.rateLimit.remaining).toBeGreaterThanOrEqual(1200 - actual - 1);
  });

  it('refuses a spent budget with HTTP 429 RATE_LIMITED and Retry-After, then refills over time', async () => {
    const ip = from('203.0.113.3');
    const spent = await gql<any>(fx.server.graphqlUrl, HEAVY, {}, ip);
    expect(spent.status).toBe(200);
    expect(spent.extensions!.cost.requested).toBe(1010);
    const actual = heavyActual(spent.data);
    expect(spent.extensions!.cost).toMatchObject({ actual, remaining: 1200 - actual });
    // The next one needs 1,010 points and fewer are left (the refund has landed by then or not).
    const refused = await gql<any>(fx.server.graphqlUrl, HEAVY, {}, ip);
    expect(refused.status).toBe(429);
    expect(errorCodes(refused)).toEqual(['RATE_LIMITED']);
    expect(refused.data).toBeUndefined();
    const retryAfter = Number(refused.headers.get('retry-after'));
    // What is missing, at 20 points a second (a little has refilled since).
    const missing = 1010 - (1200 - actual);
    expect(retryAfter).toBeGreaterThanOrEqual(Math.ceil(missing / 20) - 1);
    expect(retryAfter).toBeLessThanOrEqual(Math.ceil(missing / 20));
    expect(refused.errors![0].extensions).toMatchObject({ retryAfter, cost: { requested: 1010, budget: 1200 } });

    // Small operations still pass, and the budget refills at 20 points a second.
    const before = (await gql<any>(fx.server.graphqlUrl, RATE, {}, ip)).data.rateLimit.remaining;
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const after = (await gql<any>(fx.server.graphqlUrl, RATE, {}, ip)).data.rateLimit.remaining;
    expect(after - before).toBeGreaterThanOrEqual(28);
    expect(after - before).toBeLessThanOrEqual(60);
  });

  it('refuses an operation larger than the whole budget with QUERY_TOO_COMPLEX, as waiting would not help', async () => {
    const res = await gql<any>(
      fx.server.graphqlUrl,
      `{ projects(first: 100) { nodes { participants(first: 20) { nodes { organization { id } } } } } }`,
      {},
      from('203.0.113.4'),
    );
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(['QUERY_TOO_COMPLEX']);
    expect(res.errors![0].extensions).toMatchObject({ limit: 'budget', value: 2101, maximum: 1200 });
  });

  it('is shared by every instance on the database', async () => {
    const ip = from('203.0.113.5');
    await gql<any>(fx.server.graphqlUrl, HEAVY, {}, ip);
    const onB = await gql<any>(b.graphqlUrl, HEAVY, {}, ip);
    expect(onB.status).toBe(429);
    expect(errorCodes(onB)).toEqual(['RATE_LIMITED']);
  });

  it('keeps one budget per API token, per signed-in user and per anonymous address', async () => {
    const ip = from('203.0.113.6');
    await gql<any>(fx.server.graphqlUrl, HEAVY, {}, ip);
    expect((await gql<any>(fx.server.graphqlUrl, HEAVY, {}, ip)).status).toBe(429);
    // The same address with a token, or signed in, spends budgets of their own.
    const token = await gql<any>(fx.server.graphqlUrl, HEAVY, {}, { ...ip, ...bearer(DEMO_PARTNER_TOKEN) });
    expect(token.status).toBe(200);
    expect(token.extensions!.cost.budget).toBe(6000);
    const session = await sessionHeaders(fx.db, 'district.admin@cobuild.demo');
    const user = await gql<any>(fx.server.graphqlUrl, HEAVY, {}, { ...ip, ...session });
    expect(user.status).toBe(200);
    expect(user.extensions!.cost.budget).toBe(3000);
  });

  it('charges operations sent over WebSocket to the same budget', async () => {
    const socket = await LiveSocket.open(fx.server.graphqlUrl, { token: DEMO_PARTNER_TOKEN });
    try {
      const results: any[] = [];
      for (let i = 0; i < 20 && !results.some((r) => r.errors); i++) {
        const sub = socket.subscribe(HEAVY);
        await sub.ended();
        results.push(sub.errors ? { errors: sub.errors } : sub.results[0]);
      }
      const last = results.at(-1);
      expect(errorCodes(last)).toEqual(['RATE_LIMITED']);
      expect(last.errors[0].extensions.retryAfter).toBeGreaterThan(0);
      // Each costs what it held (~530 points) of the 6,000 (less the ~530 spent over HTTP above).
      const ok = results.slice(0, -1);
      const spent = ok.reduce((sum, r) => sum + r.extensions.cost.actual, heavyActual(ok[0].data));
      expect(spent).toBeGreaterThan(6000 - 1010);
      expect(spent).toBeLessThanOrEqual(6000 + 1010);
      for (const r of ok) {
        expect(r.extensions.cost).toMatchObject({ requested: 1010, actual: heavyActual(r.data), budget: 6000 });
      }
    } finally {
      socket.close();
    }
  });
});

describe('CSV exports', () => {
  it('are limited per caller a minute: then HTTP 429 RATE_LIMITED with Retry-After; others are not held back', async () => {
    const region = await lookup(fx.server.graphqlUrl).region('310106');
    const url = `${fx.server.url}/export/projects.csv?regionId=${region}`;
    const token = bearer(DEMO_PARTNER_TOKEN);
    const statuses = [];
    for (let i = 0; i < 3; i++) statuses.push((await fetch(url, { headers: token })).status);
    expect(statuses).toEqual([200, 200, 429]);
    const refused = await fetch(url, { headers: token });
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await refused.json()) as any).errors[0].extensions.code).toBe('RATE_LIMITED');
    // Another caller has its own allowance.
    const person = await sessionHeaders(fx.db, 'district.admin@cobuild.demo');
    expect((await fetch(url, { headers: person })).status).toBe(200);
  });
});
