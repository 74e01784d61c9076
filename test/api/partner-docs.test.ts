import { execFile, execFileSync, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { buildSchema, isEnumType } from 'graphql';
import { beforeAll, describe, expect, it } from 'vitest';
import { bearer, DEMO_PARTNER_TOKEN, sessionHeaders } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { gql } from '../support/graphql.js';
import { JINGHU, lookup } from '../support/lookup.js';

/**
 * docs/api.md, the partner's guide, shows the files of docs/examples/ as they are, and this
 * file runs those files against a real server with the demo data and checks what they print.
 */
const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const DOC = path.join(ROOT, 'docs/api.md');
const EXAMPLES = path.join(ROOT, 'docs/examples');

/** A small token budget (10 points a second), so the partner example meets a 429 and waits. */
const TOKEN_BUDGET = 600;
const fx = useSeededServer('partner_docs', { COST_BUDGET_TOKEN: String(TOKEN_BUDGET) });

/** Each example in the guide: a marker naming the file, then one fenced block holding it. */
function examplesInDoc(): Map<string, string> {
  const doc = fs.readFileSync(DOC, 'utf8');
  const shown = new Map<string, string>();
  for (const match of doc.matchAll(/<!-- example: docs\/examples\/([\w.-]+) -->\n\n```\w*\n([\s\S]*?)\n```\n/g)) {
    shown.set(match[1], match[2]);
  }
  return shown;
}

/** curl and jq run the shell examples: installed from Debian's packages when missing, as Chromium is for the browser tests. */
function ensureShellTools(): void {
  if (spawnSync('sh', ['-c', 'command -v curl && command -v jq'], { stdio: 'ignore' }).status === 0) return;
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'curl', 'jq'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}
beforeAll(ensureShellTools);

interface Run {
  lines: any[];
  ms: number;
}

/** Runs an example with only the environment it documents; its stdout is JSON lines. */
async function run(command: string, file: string, env: Record<string, string>): Promise<Run> {
  const started = Date.now();
  const { stdout } = await promisify(execFile)(command, [path.join(EXAMPLES, file)], {
    cwd: ROOT,
    env: { PATH: process.env.PATH, COBUILD_URL: fx.server.url, ...env },
    timeout: 50_000,
  });
  const lines = stdout
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => JSON.parse(line));
  return { lines, ms: Date.now() - started };
}

const steps = (lines: any[], step: string) => lines.filter((line) => line.step === step);
const only = (lines: any[], step: string) => {
  const found = steps(lines, step);
  expect(found, step).toHaveLength(1);
  return found[0];
};

/**
 * Spends a token's budget down to a point or two, with operations whose cost is exact: full
 * pages of objects that are never null, so nothing is refunded after them.
 */
async function spendBudget(token: string): Promise<number> {
  const url = fx.server.graphqlUrl;
  const counted = await gql<any>(url, '{ projects(first: 1) { totalCount } }', {}, bearer(token));
  const n = Math.min(100, counted.data.projects.totalCount);
  let remaining: number = counted.extensions!.cost.remaining;
  // Each page: 1 + n × (region + leadCommittee + its region).
  const page = (i: number) =>
    `p${i}: projects(first: ${n}) { nodes { region { id } leadCommittee { region { id } } } }`;
  while (remaining >= 2) {
    const pages = Math.min(15, Math.floor(remaining / (1 + 3 * n)));
    const query =
      pages > 0
        ? `{ ${Array.from({ length: pages }, (_, i) => page(i)).join(' ')} }`
        : `{ projects(first: ${Math.min(n, remaining - 1)}) { nodes { region { id } } } }`;
    const res = await gql<any>(url, query, {}, bearer(token));
    expect(res.status).toBe(200);
    expect(res.extensions!.cost.actual).toBe(res.extensions!.cost.requested);
    remaining = res.extensions!.cost.remaining;
  }
  return remaining;
}

describe('docs/api.md', () => {
  it('shows every file of docs/examples as it is run', () => {
    const shown = examplesInDoc();
    const files = fs.readdirSync(EXAMPLES).filter((file) => /\.(sh|mjs)$/.test(file));
    expect([...shown.keys()].sort()).toEqual(files.sort());
    for (const file of files) {
      const text = fs.readFileSync(path.join(EXAMPLES, file), 'utf8').replace(/\n$/, '');
      expect(shown.get(file), `docs/api.md shows docs/examples/${file} as it is (copy the file into the guide)`).toBe(
        text,
      );
    }
  });

  it('lists every UserErrorCode of the schema and every error code of the server', () => {
    const doc = fs.readFileSync(DOC, 'utf8');
    const schema = buildSchema(fs.readFileSync(path.join(ROOT, 'schema/schema.graphql'), 'utf8'));
    const userErrorCode = schema.getType('UserErrorCode');
    if (!isEnumType(userErrorCode)) throw new Error('no UserErrorCode enum');
    for (const { name } of userErrorCode.getValues()) expect(doc).toMatch(new RegExp(`^\\| \`${name}\` +\\|`, 'm'));
    // server/src/graphql/errors.ts and the codes graphql-js reports before anything runs.
    const errors = fs.readFileSync(path.join(ROOT, 'server/src/graphql/errors.ts'), 'utf8');
    const codes = [...errors.matchAll(/^ {2}([A-Z_]+) = '\1',$/gm)].map((m) => m[1]);
    expect(codes).toContain('SERVICE_UNAVAILABLE');
    for (const code of [...codes, 'GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED']) {
      expect(doc).toMatch(new RegExp(`^\\| \`${code}\` +\\|`, 'm'));
    }
  });

  it('states the query limits and the WebSocket close codes of the server', () => {
    const doc = fs.readFileSync(DOC, 'utf8');
    const limits = fs.readFileSync(path.join(ROOT, 'server/src/graphql/query-limits.ts'), 'utf8');
    const block = /QUERY_LIMITS = \{([^}]*)\}/.exec(limits)![1];
    const entries = [...block.matchAll(/(\w+): ([\d_]+),/g)].map(
      (m) => [m[1], Number(m[2].replace(/_/g, ''))] as const,
    );
    expect(entries.length).toBeGreaterThanOrEqual(6);
    for (const [limit, maximum] of entries) {
      expect(doc).toMatch(new RegExp(`^\\| \`${limit}\` +\\| +${maximum.toLocaleString('en-US')} \\|`, 'm'));
    }
    const websocket = fs.readFileSync(path.join(ROOT, 'server/src/websocket/graphql-websocket.ts'), 'utf8');
    const closeCodes = [.../WS_CLOSE = \{([^}]*)\}/.exec(websocket)![1].matchAll(/: (\d{4}),/g)].map((m) => m[1]);
    expect(closeCodes.length).toBeGreaterThanOrEqual(4);
    for (const code of [...closeCodes, '4401', '4403']) expect(doc).toMatch(new RegExp(`^\\| ${code} +\\|`, 'm'));
  });
});

describe('the examples of docs/api.md against a seeded server', () => {
  it('curl.sh reads with the demo partner token (needs curl and jq)', async () => {
    const { lines } = await run('sh', 'curl.sh', { COBUILD_TOKEN: DEMO_PARTNER_TOKEN });
    expect(lines).toHaveLength(5);
    const [viewer, first, second, one, wrong] = lines;
    expect(viewer.data.viewer.apiToken).toEqual({
      name: 'Demo partner (read only)',
      scopes: ['read'],
      organization: { nameEn: JINGHU },
    });
    expect(viewer.data.rateLimit.budget).toBe(TOKEN_BUDGET);
    expect(first.data.projects.nodes).toHaveLength(5);
    expect(first.data.projects.pageInfo.hasNextPage).toBe(true);
    expect(first.extensions.cost).toMatchObject({ requested: 1, actual: 1, budget: TOKEN_BUDGET });
    // The second page follows the first, without overlap.
    expect(second.data.projects.nodes).toHaveLength(5);
    const ids = [...first.data.projects.nodes, ...second.data.projects.nodes].map((p: { id: string }) => p.id);
    expect(new Set(ids).size).toBe(10);
    expect(one.data.node.id).toBe(first.data.projects.nodes[0].id);
    expect(one.data.node.titleEn).toBe(first.data.projects.nodes[0].titleEn);
    expect(wrong).toEqual({
      status: 401,
      body: {
        errors: [{ message: 'The API token is unknown, expired or revoked.', extensions: { code: 'UNAUTHENTICATED' } }],
      },
    });
  });

  it('create-token.sh signs in as an admin and creates a working write token', async () => {
    const { lines } = await run('sh', 'create-token.sh', {
      COBUILD_EMAIL: 'unit.admin@cobuild.demo',
      COBUILD_PASSWORD: 'cobuild-demo-2026',
    });
    expect(lines).toHaveLength(3);
    expect(lines[0].data.login.userErrors).toEqual([]);
    const created = lines[2].data.createApiToken;
    expect(created.userErrors).toEqual([]);
    expect(created.secret).toMatch(/^cbt_/);
    expect(created.apiToken).toMatchObject({ name: 'Volunteer platform sync', scopes: ['read', 'write:commitments'] });
    const viewer = await gql<any>(fx.server.graphqlUrl, '{ viewer { apiToken { id } } }', {}, bearer(created.secret));
    expect(viewer.data.viewer.apiToken.id).toBe(created.apiToken.id);
  });

  it('partner.mjs pages through every project with the read-only token, waiting as Retry-After says on 429', async () => {
    const total = (await gql<any>(fx.server.graphqlUrl, '{ projects { totalCount } }')).data.projects.totalCount;
    expect(await spendBudget(DEMO_PARTNER_TOKEN)).toBeLessThan(2);
    const { lines, ms } = await run(process.execPath, 'partner.mjs', { COBUILD_TOKEN: DEMO_PARTNER_TOKEN });

    const retries = steps(lines, 'retry');
    expect(retries.length).toBeGreaterThan(0);
    for (const retry of retries) {
      expect(retry.status).toBe(429);
      expect(retry.retryAfter).toBeGreaterThanOrEqual(1);
    }
    // It waited what the server asked for (less a moment for the last second's rounding).
    const waited = retries.reduce((sum, retry) => sum + retry.retryAfter * 1000, 0);
    expect(ms).toBeGreaterThanOrEqual(waited - 100);

    expect(only(lines, 'viewer')).toMatchObject({ name: 'Demo partner (read only)', scopes: ['read'] });
    const pages = steps(lines, 'page');
    expect(pages.reduce((sum, page) => sum + page.items, 0)).toBe(total);
    expect(pages.length).toBe(Math.ceil(total / 10));
    for (const page of pages) {
      expect(page.totalCount).toBe(total);
      // 1 + 10 × (region + leadCommittee).
      expect(page.cost).toMatchObject({ requested: 21, actual: 1 + 2 * page.items, budget: TOKEN_BUDGET });
    }
    expect(only(lines, 'projects').seen).toBe(total);
    expect(only(lines, 'done').writes).toMatch(/skipped/);
  });

  it('partner.mjs commits once per idempotency key, follows the project live and resumes by cursor (write:commitments)', async () => {
    const admin = await sessionHeaders(fx.db, 'unit.admin@cobuild.demo');
    const created = await gql<any>(
      fx.server.graphqlUrl,
      `mutation($input: CreateApiTokenInput!) { createApiToken(input: $input) { secret userErrors { code } } }`,
      {
        input: {
          organizationId: await lookup(fx.server.graphqlUrl).organization(JINGHU),
          name: 'Partner docs',
          scopes: ['write:commitments'],
        },
      },
      admin,
    );
    expect(created.data.createApiToken.userErrors).toEqual([]);
    const before = await fx.db.query<{ n: number }>(`select count(*)::int as n from commitment`);

    const { lines } = await run(process.execPath, 'partner.mjs', { COBUILD_TOKEN: created.data.createApiToken.secret });

    expect(only(lines, 'viewer').scopes).toEqual(['read', 'write:commitments']);
    const commit = only(lines, 'commit');
    expect(commit.userErrors).toEqual([]);
    expect(commit.commitment).toMatchObject({ status: 'PLEDGED', quantity: 1 });
    // The retry with the same key and input is the same commitment; another input is refused.
    expect(only(lines, 'commit-retried')).toMatchObject({ commitment: commit.commitment, userErrors: [] });
    expect(only(lines, 'commit-key-reused')).toMatchObject({
      commitment: null,
      userErrors: [{ field: ['input', 'idempotencyKey'], code: 'IDEMPOTENCY_KEY_REUSED' }],
    });
    const away = only(lines, 'commit-while-away');
    expect(away.userErrors).toEqual([]);
    expect(away.commitment.id).not.toBe(commit.commitment.id);
    // Three calls with the first key and one with the second: two commitments.
    const after = await fx.db.query<{ n: number }>(`select count(*)::int as n from commitment`);
    expect(after[0].n - before[0].n).toBe(2);

    // The first follow ends with the pledge (and the participation it brought), once; the
    // resumed one starts right after it with the pledge made while away, and nothing else.
    const awayAt = lines.indexOf(away);
    const live = lines.slice(0, awayAt).filter((line) => line.step === 'event');
    const resumed = lines.slice(awayAt).filter((line) => line.step === 'event');
    expect(live.filter((e) => e.type === 'commitment.pledged')).toEqual([
      expect.objectContaining({ subjectId: commit.commitment.id }),
    ]);
    expect(live.at(-1).subjectId).toBe(commit.commitment.id);
    expect(new Set(live.map((e) => e.activityId)).size).toBe(live.length);
    expect(resumed).toHaveLength(1);
    expect(resumed[0]).toMatchObject({ type: 'commitment.pledged', subjectId: away.commitment.id });
    expect(steps(lines, 'reconnect')).toEqual([]);
    expect(lines.at(-1)).toEqual({ step: 'done' });
  });
});
