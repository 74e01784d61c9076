// A partner's client of the Cobuild API: Node 20+, `npm install graphql-ws ws`.
//   COBUILD_URL=http://localhost:4000 COBUILD_TOKEN=cbt_… node partner.mjs
// Reads with any token; with the `write:commitments` scope it also commits (idempotently) and
// follows the project's activity, resuming by cursor. Prints one JSON line per step.
import { randomUUID } from 'node:crypto';
import { createClient } from 'graphql-ws';
import WebSocket from 'ws';

const BASE = (process.env.COBUILD_URL ?? 'http://localhost:4000').replace(/\/$/, '');
const TOKEN = process.env.COBUILD_TOKEN;
if (!TOKEN) throw new Error('Set COBUILD_TOKEN to an API token (cbt_…).');
const HTTP_URL = `${BASE}/graphql`;
const WS_URL = HTTP_URL.replace(/^http/, 'ws');

const print = (line) => console.log(JSON.stringify(line));
const sleep = (seconds) => new Promise((resolve) => setTimeout(resolve, seconds * 1000));

/**
 * POSTs one operation with the token. On 429 (cost budget spent: nothing ran) and 503
 * (database unavailable: nothing changed, unless it failed right after a commit) it waits as
 * Retry-After says and sends the same request again. The mutations below carry an
 * idempotency key, so a retry has one effect whatever became of the first attempt.
 */
async function graphql(query, variables = {}) {
  for (let attempt = 1; ; attempt++) {
    const response = await fetch(HTTP_URL, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${TOKEN}` },
      body: JSON.stringify({ query, variables }),
    });
    if ((response.status === 429 || response.status === 503) && attempt < 5) {
      const retryAfter = Number(response.headers.get('retry-after') ?? 5);
      print({ step: 'retry', status: response.status, retryAfter, attempt });
      await sleep(retryAfter);
      continue;
    }
    const body = await response.json();
    if (body.errors?.length) {
      // INTERNAL_SERVER_ERROR and SERVICE_UNAVAILABLE carry a requestId: quote it to support.
      const requestId = response.headers.get('x-request-id');
      const codes = body.errors.map((e) => `${e.extensions?.code}: ${e.message}`).join('; ');
      throw new Error(`HTTP ${response.status} (request ${requestId}): ${codes}`);
    }
    return { data: body.data, cost: body.extensions?.cost };
  }
}

// 1. Who am I? The token's scopes and organization, and the cost budget.
const VIEWER = `{
  viewer { apiToken { name scopes organization { id nameEn } } }
  rateLimit { budget remaining resetAt }
}`;
const { data: me } = await graphql(VIEWER);
const { apiToken } = me.viewer;
print({ step: 'viewer', name: apiToken.name, scopes: apiToken.scopes, rateLimit: me.rateLimit });

// 2. Every project, page by page (at most 100 a page); extensions.cost says what each cost.
const PROJECTS = `query Projects($after: String) {
  projects(first: 10, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    nodes { id titleEn status region { nameEn } leadCommittee { nameEn } }
  }
}`;
let after = null;
let seen = 0;
do {
  const { data, cost } = await graphql(PROJECTS, { after });
  const { totalCount, pageInfo, nodes } = data.projects;
  seen += nodes.length;
  print({ step: 'page', items: nodes.length, totalCount, cost });
  after = pageInfo.hasNextPage ? pageInfo.endCursor : null;
} while (after);
print({ step: 'projects', seen });

if (!apiToken.scopes.includes('write:commitments')) {
  print({ step: 'done', writes: 'skipped: the token has no write:commitments scope' });
  process.exit(0);
}

// 3. An open requirement to commit to (a real integration knows which one it answers).
const OPEN = `{
  projects(first: 20, filter: { status: [PROPOSED, CONSULTING, APPROVED, IN_PROGRESS] }) {
    nodes { id requirements(first: 10) { nodes { id open unit } } }
  }
}`;
const { data: open } = await graphql(OPEN);
const project = open.projects.nodes.find((p) => p.requirements.nodes.some((r) => r.open >= 2));
const requirement = project.requirements.nodes.find((r) => r.open >= 2);

// 4. Where the project's activity log stands now: its newest event (the list is newest first).
const NEWEST = `query Newest($projectId: ID!) {
  activity(filter: { projectId: $projectId }, first: 1) { edges { cursor } }
}`;
const { data: log } = await graphql(NEWEST, { projectId: project.id });
const newestCursor = log.activity.edges[0]?.cursor ?? null;

/** Close codes after which a client reconnects and resumes from the last cursor it saw. */
const RESUMABLE = new Set([1001, 1006, 1013, 4410, 4503]);
const FOLLOW = `subscription Follow($projectId: ID!, $after: String) {
  projectActivity(projectId: $projectId, after: $after) {
    cursor
    activity { id type actor subject { id } }
  }
}`;

/**
 * Follows the project's events after `cursor` until `until(activity)` holds; returns the last
 * cursor. graphql-ws would resubscribe with the first cursor, so it does not retry by itself:
 * this loop reconnects with the newest one, and nothing is lost or repeated.
 */
async function follow(cursor, until) {
  for (let attempt = 1; ; attempt++) {
    const client = createClient({
      url: WS_URL,
      webSocketImpl: WebSocket,
      connectionParams: { authorization: `Bearer ${TOKEN}` },
      retryAttempts: 0,
    });
    try {
      for await (const result of client.iterate({
        query: FOLLOW,
        variables: { projectId: project.id, after: cursor },
      })) {
        if (!result.data) throw new Error(JSON.stringify(result.errors));
        const { cursor: position, activity } = result.data.projectActivity;
        cursor = position; // keep the last one
        print({ step: 'event', type: activity.type, subjectId: activity.subject?.id, activityId: activity.id });
        if (until(activity)) return cursor;
      }
    } catch (error) {
      // 4401/4403 (credentials) and GraphQL errors (an array) are not cured by reconnecting.
      if (!RESUMABLE.has(error?.code) || attempt === 5) throw error;
      print({ step: 'reconnect', code: error.code });
      await sleep(error.code === 1013 ? 5 : attempt);
    } finally {
      await client.dispose();
    }
  }
}
const pledgedByUs = (activity) => activity.type === 'commitment.pledged' && activity.actor === apiToken.name;

// 5. Follow the project from its newest event while committing: the pledge arrives live, or
//    from the log if it committed before the subscription started; either way exactly once.
const following = follow(newestCursor, pledgedByUs);

// 6. Commit with an idempotency key, made once per intended commitment and kept with it.
const COMMIT = `mutation Commit($input: CommitResourceInput!) {
  commitResource(input: $input) {
    commitment { id status quantity }
    userErrors { field message code }
  }
}`;
const commit = async (input) => (await graphql(COMMIT, { input })).data.commitResource;
const input = {
  requirementId: requirement.id,
  organizationId: apiToken.organization.id,
  quantity: 1,
  unit: requirement.unit,
  idempotencyKey: randomUUID(),
};
const first = await commit(input);
print({ step: 'commit', key: input.idempotencyKey, commitment: first.commitment, userErrors: first.userErrors });
// A retry (say, the response was lost) with the same key and input: the same commitment, once.
const retried = await commit(input);
print({ step: 'commit-retried', commitment: retried.commitment, userErrors: retried.userErrors });
// The same key with another input is refused.
const reused = await commit({ ...input, quantity: 2 });
print({ step: 'commit-key-reused', commitment: reused.commitment, userErrors: reused.userErrors });

const lastCursor = await following;

// 7. Offline for a while: something happens meanwhile; reconnect with the last cursor and the
//    missed event comes first, with nothing repeated.
const second = await commit({ ...input, idempotencyKey: randomUUID() });
print({ step: 'commit-while-away', commitment: second.commitment, userErrors: second.userErrors });
await follow(lastCursor, pledgedByUs);
print({ step: 'done' });
