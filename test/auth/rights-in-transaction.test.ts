import pg from 'pg';
import { beforeAll, describe, expect, it } from 'vitest';
import { sessionHeaders, type Headers } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
import { listFactories } from '../support/lists.js';
import { JINGHU, lookup } from '../support/lookup.js';

const fx = useSeededServer('rights_in_transaction');
const make = listFactories(fx);
let jinghu: string;

beforeAll(async () => {
  jinghu = await lookup(fx.server.graphqlUrl).organization(JINGHU);
});

const COMMIT = `mutation($i: CommitResourceInput!) { commitResource(input: $i) { commitment { id } userErrors { code } } }`;
const rowId = (globalId: string) => Buffer.from(globalId, 'base64url').toString().split(':')[1];

/** Opens a transaction of the test's own that has done `sql` and not committed yet. */
async function pendingTransaction(sql: string, params: unknown[]): Promise<{ commit(): Promise<void> }> {
  const client = new pg.Client({ connectionString: fx.db.url });
  await client.connect();
  await client.query('begin');
  await client.query(sql, params);
  return {
    async commit() {
      await client.query('commit');
      await client.end();
    },
  };
}

describe('rights are read inside the mutation’s transaction', () => {
  it('a representative removed while their commitment is on its way gets FORBIDDEN, and nothing is committed', async () => {
    const requirementId = await make.requirement(await make.project(), { quantity: 100 });
    const rep: Headers = await sessionHeaders(fx.db, 'rep.water@cobuild.demo');
    // The removal is under way (its row lock taken, not committed) when the request arrives:
    // the request authenticates as a member, then its transaction reads the rights again and
    // waits for the removal.
    const removal = await pendingTransaction(
      `delete from membership where user_id = (select id from app_user where email = $1)
       and organization_id = (select id from organization where name_en = $2)`,
      ['rep.water@cobuild.demo', JINGHU],
    );
    let settled = false;
    const committing = gql<any>(
      fx.server.graphqlUrl,
      COMMIT,
      { i: { requirementId, organizationId: jinghu, quantity: 5, unit: 'PERSON_HOUR' } },
      rep,
    ).finally(() => (settled = true));
    await new Promise((resolve) => setTimeout(resolve, 500));
    expect(settled).toBe(false);
    await removal.commit();
    const res = await committing;
    expect(errorCodes(res)).toEqual(['FORBIDDEN']);
    const [{ n }] = await fx.db.query<{ n: number }>(
      `select count(*)::int as n from commitment where requirement_id = $1`,
      [rowId(requirementId)],
    );
    expect(n).toBe(0);
  });

  it('a token revoked while its write is on its way gets UNAUTHENTICATED, and nothing is written', async () => {
    const unitAdmin = await sessionHeaders(fx.db, 'unit.admin@cobuild.demo');
    const created = await gql<any>(
      fx.server.graphqlUrl,
      `mutation($i: CreateApiTokenInput!) { createApiToken(input: $i) { secret apiToken { id } } }`,
      { i: { organizationId: jinghu, name: 'Revoked mid-flight', scopes: ['write:commitments'] } },
      unitAdmin,
    );
    const { secret, apiToken } = created.data.createApiToken;
    const requirementId = await make.requirement(await make.project(), { quantity: 100 });
    const revocation = await pendingTransaction(`update api_token set revoked_at = now() where id = $1`, [
      rowId(apiToken.id),
    ]);
    const committing = gql<any>(
      fx.server.graphqlUrl,
      COMMIT,
      { i: { requirementId, organizationId: jinghu, quantity: 5, unit: 'PERSON_HOUR' } },
      { authorization: `Bearer ${secret}` },
    );
    await new Promise((resolve) => setTimeout(resolve, 500));
    await revocation.commit();
    expect(errorCodes(await committing)).toEqual(['UNAUTHENTICATED']);
    const [{ n }] = await fx.db.query<{ n: number }>(
      `select count(*)::int as n from commitment where requirement_id = $1`,
      [rowId(requirementId)],
    );
    expect(n).toBe(0);
  });
});
