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
      expect(search.status, what).toBe(400);
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
    // Nothing of the refused text reaches the log either.
    expect(fx.server.output()).not.toContain('rep\u0000');
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

const PUBLISH = `mutation($i: PublishResourceInput!) { publishResource(input: $i) { resource { id titleZh titleEn descriptionEn } userErrors { field code message } } }`;

describe('text normalization', () => {
  const input = (over: Record<string, unknown>) => ({
    i: {
      organizationId: jinghu,
      kind: 'VENUE',
      unit: 'HOUR',
      capacity: 1,
      titleZh: '活动室',
      titleEn: 'Room',
      ...over,
    },
  });

  it('stores text as Unicode NFC, trimmed, from variables and from the query alike', async () => {
    // "Café" with a combining acute accent (e + U+0301), and spaces around.
    const decomposed = '  Cafe\u0301 hall \n';
    const res = await gql<any>(
      fx.server.graphqlUrl,
      PUBLISH,
      input({ titleEn: decomposed, descriptionEn: ' Open\tdaily. ' }),
      rep,
    );
    expect(res.data.publishResource.userErrors).toEqual([]);
    expect(res.data.publishResource.resource.titleEn).toBe('Caf\u00e9 hall');
    expect(res.data.publishResource.resource.descriptionEn).toBe('Open\tdaily.');
    const [row] = await fx.db.query<{ title_en: string }>(
      `select title_en from resource where title_en like 'Caf%hall'`,
    );
    expect(row.title_en).toBe('Caf\u00e9 hall');
    expect(row.title_en).toHaveLength(9);

    const literal = await gql<any>(
      fx.server.graphqlUrl,
      `mutation { publishResource(input: { organizationId: "${jinghu}", kind: VENUE, unit: HOUR, capacity: 1, titleZh: "  会议室 ", titleEn: "Cafe\\u0301 room  " }) { resource { titleZh titleEn } userErrors { code } } }`,
      {},
      rep,
    );
    expect(literal.data.publishResource.resource).toEqual({ titleZh: '会议室', titleEn: 'Caf\u00e9 room' });

    // Search finds the composed text whichever form is typed.
    const found = await gql<any>(
      fx.server.graphqlUrl,
      `query($s: String) { resources(filter: { search: $s }) { nodes { titleEn } } }`,
      {
        s: 'Cafe\u0301 h',
      },
    );
    expect(found.data.resources.nodes.map((n: any) => n.titleEn)).toContain('Caf\u00e9 hall');
  });

  it('refuses a title of only spaces, or of more than one line, naming the field; nothing is written', async () => {
    const before = await rowCounts(fx.db);
    for (const [titleEn, message] of [
      ['   ', /must not be empty/],
      ['\u3000\t ', /must not be empty/],
      ['Two\nlines', /one line/],
    ] as const) {
      const res = await gql<any>(fx.server.graphqlUrl, PUBLISH, input({ titleEn }), rep);
      expect(res.data.publishResource.resource).toBeNull();
      expect(res.data.publishResource.userErrors).toEqual([
        { field: ['input', 'titleEn'], code: 'INVALID', message: expect.stringMatching(message) },
      ]);
    }
    expect(await rowCounts(fx.db)).toEqual(before);
  });
});
