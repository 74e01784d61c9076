import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { signedInChromium } from '../support/chromium.js';
import { useSeededServer } from '../support/fixtures.js';
import { listFactories } from '../support/lists.js';

const fx = useSeededServer('browser_dashboard');
const make = listFactories(fx);
const ARTIFACTS = path.join(import.meta.dirname, '../artifacts');
let chromium: { browser: BrowserContext; close(): Promise<void> };

beforeAll(async () => {
  chromium = await signedInChromium(fx, 'district.admin@cobuild.demo');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await chromium?.close();
});

describe('the region dashboard', () => {
  it('drills down from the city to a community, and its counters follow what happens without a reload', async () => {
    const page = await chromium.browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${fx.server.url}/regions`);
    const [city] = await fx.db.query<{ zh: string }>(`select name_zh as zh from region where level = 'MUNICIPALITY'`);
    await page.getByRole('heading', { name: `区域概览 · ${city.zh}` }).waitFor();
    const firstData = await page.locator('[data-first-data-ms]').getAttribute('data-first-data-ms');
    console.log(`[dashboard] first data ${firstData} ms after the screen opened`);
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-zh.png'), fullPage: true });

    // Municipality › district › sub-district › community, by the links of the regions below.
    const trail = await fx.db.query<{ zh: string }>(
      `select name_zh as zh from region where code in ('310106', '310106002', '310106002002') order by code`,
    );
    for (const { zh } of trail) {
      await page.getByRole('link', { name: zh, exact: true }).click();
      await page.getByRole('heading', { name: `区域概览 · ${zh}` }).waitFor();
      if (zh !== trail[1].zh) continue;
      // The sub-district's coverage chart: a row per community, covered or not, in words.
      const communities = await fx.db.query<{ zh: string; covered: boolean }>(
        `select c.name_zh as zh, exists (select 1 from project p join region r on r.id = p.region_id
           where r.path like c.path || '%' and p.status in ('APPROVED', 'IN_PROGRESS')) as covered
         from region c where c.level = 'COMMUNITY' and c.path like (select path from region where code = '310106002') || '%'
         order by c.code`,
      );
      const chart = page.getByRole('figure', { name: '下级区域的社区覆盖率' });
      expect((await chart.getByRole('rowheader').allTextContents()).map((t) => t.trim())).toEqual(
        communities.map((c) => c.zh),
      );
      expect(await chart.locator('td.value').allTextContents()).toEqual(
        communities.map((c) => (c.covered ? '100 % · 1 / 1 个社区' : '0 % · 0 / 1 个社区')),
      );
      expect(communities.some((c) => c.covered)).toBe(true);
    }
    const crumbs = page.getByRole('navigation', { name: '区域层级' });
    expect(await crumbs.getByRole('link').allTextContents()).toEqual([city.zh, ...trail.slice(0, 2).map((t) => t.zh)]);

    // A project created elsewhere (through the API) shows in the counters live.
    const total = page.getByTestId('projects-total');
    const before = Number(await total.textContent());
    await make.project();
    await page
      .getByTestId('projects-total')
      .filter({ hasText: String(before + 1) })
      .waitFor({ timeout: 3_000 });

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: /^Regions · / }).waitFor();
    await page.getByText('Projects by status').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'dashboard-community-en.png'), fullPage: true });
    // Each chart's figures are written out (its text alternative), e.g. the status rows.
    expect(await page.getByRole('rowheader', { name: 'Proposed' }).count()).toBe(1);
    expect(problems).toEqual([]);
    await page.close();
  });
});
