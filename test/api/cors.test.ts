import { describe, expect, it } from 'vitest';
import { DEMO_PARTNER_TOKEN } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';

const PARTNER = 'https://partner.example';
const fx = useSeededServer('cors', { CORS_ORIGINS: `${PARTNER}, http://localhost:5173` });

const preflight = (origin: string) =>
  fetch(fx.server.graphqlUrl, {
    method: 'OPTIONS',
    headers: {
      origin,
      'access-control-request-method': 'POST',
      'access-control-request-headers': 'authorization, content-type',
    },
  });

describe('CORS: an allow-list of origins (CORS_ORIGINS)', () => {
  it("answers a listed origin's preflight and lets its page read the answer", async () => {
    const res = await preflight(PARTNER);
    expect(res.status).toBe(204);
    expect(res.headers.get('access-control-allow-origin')).toBe(PARTNER);
    expect(res.headers.get('access-control-allow-headers')).toMatch(/authorization/);
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    const post = await fetch(fx.server.graphqlUrl, {
      method: 'POST',
      headers: { origin: PARTNER, 'content-type': 'application/json', authorization: `Bearer ${DEMO_PARTNER_TOKEN}` },
      body: JSON.stringify({ query: '{ projects(first: 1) { totalCount } }' }),
    });
    expect(post.status).toBe(200);
    expect(post.headers.get('access-control-allow-origin')).toBe(PARTNER);
    expect(post.headers.get('vary')).toMatch(/Origin/);
  });

  it('gives any other origin no CORS headers', async () => {
    const res = await preflight('https://evil.example');
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    const post = await fetch(fx.server.graphqlUrl, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ projects(first: 1) { totalCount } }' }),
    });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
  });
});
