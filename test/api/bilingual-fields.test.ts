import { describe, expect, it } from 'vitest';
import { useSeededServer } from '../support/fixtures.js';
import { errorCodes, gql } from '../support/graphql.js';
import { listFactories } from '../support/lists.js';
import { LiveSocket } from '../support/live.js';

const fx = useSeededServer('bilingual_fields');
const make = listFactories(fx);

const PROJECT = `query($id: ID!, $l: Locale) { node(id: $id) { ... on Project {
  title summary zh: title(locale: ZH) en: title(locale: EN) asked: title(locale: $l)
  region { name } leadCommittee { name description } requirements(first: 1) { nodes { title } } } } }`;

describe('bilingual fields', () => {
  it('answer in the language of Accept-Language, or of a locale argument, falling back to the other', async () => {
    const projectId = await make.project({
      titleZh: '社区花园',
      titleEn: 'Community garden',
      summaryZh: '把空地变成花园。',
    });
    await make.requirement(projectId, { titleZh: '志愿者', titleEn: 'Volunteers' });
    const ask = async (headers: Record<string, string>, l?: string) => {
      const res = await gql<any>(fx.server.graphqlUrl, PROJECT, { id: projectId, l }, headers);
      expect(errorCodes(res), JSON.stringify(res.errors)).toEqual([]);
      return res.data.node;
    };
    const english = await ask({ 'accept-language': 'en-GB,en;q=0.9,zh-CN;q=0.5' });
    expect(english).toMatchObject({
      title: 'Community garden',
      // No English summary: the Chinese one rather than nothing.
      summary: '把空地变成花园。',
      zh: '社区花园',
      en: 'Community garden',
      asked: 'Community garden',
      region: { name: 'Changshouwan Residential Community' },
      leadCommittee: { name: 'Changshouwan Residential Community Co-building Committee' },
      requirements: { nodes: [{ title: 'Volunteers' }] },
    });
    const chinese = await ask({ 'accept-language': 'zh-CN,zh;q=0.9' });
    expect(chinese).toMatchObject({ title: '社区花园', requirements: { nodes: [{ title: '志愿者' }] } });
    expect(chinese.region.name).toMatch(/[\u4e00-\u9fff]/);
    // Without Accept-Language: Chinese; the argument wins over the header.
    expect((await ask({})).title).toBe('社区花园');
    expect((await ask({ 'accept-language': 'zh-CN' }, 'EN')).asked).toBe('Community garden');
  });

  it('work in the partner example query, and over WebSocket in the language of connection_init', async () => {
    const res = await gql<any>(
      fx.server.graphqlUrl,
      `{ projects(first: 5) { nodes { id title } } }`,
      {},
      { 'accept-language': 'en' },
    );
    expect(errorCodes(res)).toEqual([]);
    expect(res.data.projects.nodes).toHaveLength(5);
    for (const p of res.data.projects.nodes) expect(p.title).toMatch(/[A-Za-z]/);

    const TITLE = `subscription($p: ID!) { projectActivity(projectId: $p) { activity { type project { title } } } }`;
    const projectId = await make.project({ titleZh: '口袋公园', titleEn: 'Pocket park' });
    const lead = await make.committeeAdmin();
    const sockets = [
      await LiveSocket.open(fx.server.graphqlUrl, { headers: lead, params: { locale: 'EN' } }),
      await LiveSocket.open(fx.server.graphqlUrl, { headers: { ...lead, 'accept-language': 'en-US' } }),
      await LiveSocket.open(fx.server.graphqlUrl, { headers: lead }),
    ];
    try {
      const feeds = sockets.map((s) => s.subscribe(TITLE, { p: projectId }));
      await new Promise((resolve) => setTimeout(resolve, 300));
      await make.requirement(projectId);
      const titles = await Promise.all(
        feeds.map(async (f) => (await f.waitForEvents(() => true, 1, 10_000))[0].activity.project.title),
      );
      expect(titles).toEqual(['Pocket park', 'Pocket park', '口袋公园']);
    } finally {
      for (const s of sockets) s.close();
    }
  });
});
