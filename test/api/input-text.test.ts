import { beforeAll, describe, expect, it } from 'vitest';
import type { Headers } from '../support/accounts.js';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
import { listFactories } from '../support/lists.js';
import { JINGHU, lookup } from '../support/lookup.js';
import { rowCounts } from '../support/row-counts.js';

const fx = useSeededServer('input_text');
const make = listFactories(fx);
let rep: Headers;
let jinghu: string;

beforeAll(async () => {
  rep = await make.representative();
  jinghu = await lookup(fx.server.graphqlUrl).organization(JINGHU);
});

const BAD = {
  NUL: 'Water\u0000works',
  'a C0 control': 'Water\u0007works',
  'a bidirectional override': 'Water\u202Eskrow',
  'an unpaired surrogate': 'Water\uD800works',
};

describe('text with control, bidirectional-override or unpaired surrogate characters', () => {
  it('is refused with BAD_USER_INPUT before anything runs, in variables and in the query, and writes nothing', async () => {
    const before = await rowCounts(fx.db);
    for (const [what, text] of Object.entries(BAD)) {
      const search = await gql<any>(
        fx.server.graphqlUrl,
        `query($s: String) { projects(filter: { text: $s }) { totalCount } }`,
        { s: text },
      );
      expect(errorCodes(search), what).toEqual(['BAD_USER_INPUT']);
      expect(search.errors![0].message).toMatch(/U\+[0-9A-F]{4}/);
      const login = await gql<any>(
        fx.server.graphqlUrl,
        `mutation($e: String!) { login(input: { email: $e, password: "x" }) { userErrors { code } } }`,
        { e: `rep${text}@cobuild.demo` },
      );
      expect(errorCodes(login), what).toEqual(['BAD_USER_INPUT']);
      const publish = await gql<any>(
        fx.server.graphqlUrl,
        `mutation($o: ID!, $t: String!) { publishResource(input: { organizationId: $o, kind: VENUE, unit: HOUR, capacity: 1, titleZh: "室", titleEn: $t }) { resource { id } } }`,
        { o: jinghu, t: text },
        rep,
      );
      expect(errorCodes(publish), what).toEqual(['BAD_USER_INPUT']);
    }
    const literal = await gql<any>(fx.server.graphqlUrl, `{ projects(filter: { text: "a\\u0000b" }) { totalCount } }`);
    expect(errorCodes(literal)).toEqual(['BAD_USER_INPUT']);
    expect(await rowCounts(fx.db)).toEqual(before);
  });

  it('keeps newlines, tabs and any script', async () => {
    const ok = await gql<any>(
      fx.server.graphqlUrl,
      `query($s: String) { projects(filter: { text: $s }) { totalCount } }`,
      { s: '静安\n公园\tparc ✓ 🌳' },
    );
    expect(errorCodes(ok)).toEqual([]);
  });
});
