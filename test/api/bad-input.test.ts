import { describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';

const fx = useSeededServer('bad_input');

async function post(body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const res = await fetch(fx.server.graphqlUrl, { method: 'POST', headers, body });
  const text = await res.text();
  return {
    status: res.status,
    text,
    json: JSON.parse(text) as { errors?: { message: string; extensions?: { code?: string } }[] },
  };
}

function noInternals(text: string): void {
  expect(text).not.toMatch(/\bat .+\.(js|ts):\d+/);
  expect(text).not.toMatch(/stacktrace|node_modules|SyntaxError|TypeError/);
}

describe('bad requests get a coded error and the right HTTP status', () => {
  it('malformed JSON: 400 BAD_REQUEST', async () => {
    const res = await post('{"query": "{ projects { totalCount } }"');
    expect(res.status).toBe(400);
    expect(res.json.errors![0].extensions!.code).toBe('BAD_REQUEST');
    noInternals(res.text);
  });

  it('a JSON body that is not a GraphQL request: 400', async () => {
    for (const body of ['{"hello": "world"}', '[1,2,3]', '"text"', '{"query": 42}']) {
      const res = await post(body);
      expect(res.status, body).toBe(400);
      expect(res.json.errors![0].extensions!.code, body).toBe('BAD_REQUEST');
      noInternals(res.text);
    }
  });

  it('a query that does not parse: 400 GRAPHQL_PARSE_FAILED', async () => {
    const res = await gql(fx.server.graphqlUrl, '{ projects(first: 5) { totalCount ');
    expect(res.status).toBe(400);
    expect(errorCodes(res)).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  it('unknown fields and wrong argument types: 400 GRAPHQL_VALIDATION_FAILED', async () => {
    const unknown = await gql(fx.server.graphqlUrl, '{ projects { totalCount secretField } }');
    expect(unknown.status).toBe(400);
    expect(errorCodes(unknown)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const wrongType = await gql(fx.server.graphqlUrl, '{ projects(first: "five") { totalCount } }');
    expect(wrongType.status).toBe(400);
    expect(errorCodes(wrongType)).toEqual(['GRAPHQL_VALIDATION_FAILED']);
    const badVariable = await gql(fx.server.graphqlUrl, 'query($n: Int) { projects(first: $n) { totalCount } }', {
      n: 'lots',
    });
    expect(badVariable.status).toBe(400);
    expect(errorCodes(badVariable)).toEqual(['BAD_USER_INPUT']);
  });

  it('garbage and wrong-type global IDs: BAD_USER_INPUT', async () => {
    for (const id of [
      'garbage',
      '',
      '12345',
      Buffer.from('Nothing:1').toString('base64url'),
      Buffer.from('Project:not-a-uuid').toString('base64url'),
    ]) {
      const res = await gql(fx.server.graphqlUrl, 'query($id: ID!) { node(id: $id) { id } }', { id });
      expect(res.status, id).toBe(200);
      expect(errorCodes(res), id).toEqual(['BAD_USER_INPUT']);
    }
    const projects = await gql<any>(fx.server.graphqlUrl, '{ projects(first: 1) { nodes { id } } }');
    const projectId = projects.data.projects.nodes[0].id;
    const wrongType = await gql(
      fx.server.graphqlUrl,
      'query($id: ID) { projects(filter: { regionId: $id }) { totalCount } }',
      { id: projectId },
    );
    expect(errorCodes(wrongType)).toEqual(['BAD_USER_INPUT']);
    expect(wrongType.errors![0].message).toBe('"filter.regionId" must be the ID of a Region, not of a Project.');
  });

  it('a filter naming a region that does not exist: NOT_FOUND', async () => {
    const id = Buffer.from('Region:01900000-0000-7000-8000-000000000000').toString('base64url');
    const res = await gql(
      fx.server.graphqlUrl,
      'query($id: ID) { projects(filter: { regionId: $id }) { totalCount } }',
      {
        id,
      },
    );
    expect(errorCodes(res)).toEqual(['NOT_FOUND']);
  });

  it('an overlong search text: BAD_USER_INPUT from validation', async () => {
    const res = await gql(fx.server.graphqlUrl, 'query($t: String) { projects(filter: { text: $t }) { totalCount } }', {
      t: 'x'.repeat(101),
    });
    expect(errorCodes(res)).toEqual(['BAD_USER_INPUT']);
  });

  it('a body over the size limit: 413 PAYLOAD_TOO_LARGE', async () => {
    const res = await post(JSON.stringify({ query: `{ projects { totalCount } } #${'x'.repeat(1_100_000)}` }));
    expect(res.status).toBe(413);
    expect(res.json.errors![0].extensions!.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('a simple cross-site request (text/plain) is refused by CSRF prevention', async () => {
    const res = await fetch(fx.server.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: '{"query":"{ projects { totalCount } }"}',
    });
    expect(res.status).toBe(400);
    noInternals(await res.text());
  });

  it('never answers any of these with a 500 or logs an unexpected error', () => {
    const unexpected = fx.server.logs().filter((l) => l.level >= 50);
    expect(unexpected).toEqual([]);
  });
});

describe('health', () => {
  it('/healthz says the process is up and /readyz that the database is migrated', async () => {
    const health = await fetch(`${fx.server.url}/healthz`);
    expect(health.status).toBe(200);
    expect(await health.json()).toEqual({ status: 'ok' });
    const ready = await fetch(`${fx.server.url}/readyz`);
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready' });
  });
});
