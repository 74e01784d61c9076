import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launchChromium, signedInChromium } from '../support/chromium.js';
import { useSeededServer } from '../support/fixtures.js';
import { listFactories } from '../support/lists.js';

const fx = useSeededServer('browser');
const make = listFactories(fx);
/** Projects the page asks for at a time (PAGE_SIZE in client/src/lib/paged-list.svelte.ts). */
const PAGE_SIZE = 20;
const ARTIFACTS = path.join(import.meta.dirname, '../artifacts');
let chromium: { browser: BrowserContext; close(): Promise<void> };

beforeAll(async () => {
  chromium = await launchChromium();
});
afterAll(async () => {
  await chromium?.close();
});

describe('the web client in Chromium', () => {
  it('is served at / and lists the demo projects in Chinese, then in English, with status filter and paging', async () => {
    const page = await chromium.browser.newPage();
    const failed: string[] = [];
    page.on('requestfailed', (r) => failed.push(r.url()));
    page.on('pageerror', (e) => failed.push(e.message));
    // More projects than one page holds, so the list has a next page.
    for (let i = 0; i < PAGE_SIZE + 5; i++) await make.project();
    await page.goto(fx.server.url);
    await page.getByRole('heading', { name: '共建项目' }).waitFor();
    const newest = (
      await fx.db.query<{ zh: string }>(`select title_zh as zh from project order by id desc limit $1`, [2 * PAGE_SIZE])
    ).map((r) => r.zh);
    const [{ n }] = await fx.db.query<{ n: number }>(`select count(*)::int as n from project`);
    expect(n).toBeGreaterThan(PAGE_SIZE);
    await page.getByText(newest[0]).waitFor();
    expect(await page.getByText(`共 ${n} 个项目`).count()).toBe(1);

    // Paging: the first page, then "加载更多" appends the next one, newest first.
    const cards = page.locator('li.card');
    await page.getByText(`显示 ${PAGE_SIZE} / 共 ${n} 个项目`).waitFor();
    const before = await cards.locator('h3').allTextContents();
    expect(before).toEqual(newest.slice(0, PAGE_SIZE));
    await page.getByRole('button', { name: '加载更多' }).click();
    const shown = Math.min(n, 2 * PAGE_SIZE);
    await page.getByText(`显示 ${shown} / 共 ${n} 个项目`).waitFor();
    const after = await cards.locator('h3').allTextContents();
    expect(after.length).toBeGreaterThan(before.length);
    expect(after.slice(0, before.length)).toEqual(before);
    const added = after.slice(before.length);
    expect(added).toEqual(newest.slice(PAGE_SIZE, shown));
    expect(new Set(after).size).toBe(after.length);

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Shared projects' }).waitFor();
    await page.getByLabel('Status').selectOption('COMPLETED');
    const [{ completed }] = await fx.db.query<{ completed: number }>(
      `select count(*)::int as completed from project where status = 'COMPLETED'`,
    );
    await page.getByText(`Showing ${completed} of ${completed} projects`).waitFor();
    expect(await page.locator('li.card').count()).toBe(completed);
    expect(failed).toEqual([]);
    await page.close();
  });

  it('narrows by words, category and district in the address; the board follows a new project and its move live', async () => {
    // Live updates are for signed-in people: a district committee's admin watches the board.
    const watcher = await signedInChromium(fx, 'district.admin@cobuild.demo');
    const page = await watcher.browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${fx.server.url}/projects?view=board&q=${encodeURIComponent('灯会')}`);
    const proposed = page.getByRole('region', { name: /^提议/ });
    const consulting = page.getByRole('region', { name: /^协商中/ });
    await proposed.getByText('暂无').waitFor();
    await page.getByRole('status').filter({ hasText: '实时' }).waitFor();
    expect(await page.getByLabel('项目名称包含').inputValue()).toBe('灯会');

    // Someone else creates a matching project, then opens its consultation: the board follows.
    const projectId = await make.project({
      titleZh: '元宵灯会',
      titleEn: 'Lantern festival',
      category: 'CULTURE_AND_SPORTS',
    });
    await proposed.getByRole('link', { name: '元宵灯会' }).waitFor({ timeout: 3_000 });
    await make.moveProject(projectId, 'CONSULTING');
    await consulting.getByRole('link', { name: '元宵灯会' }).waitFor({ timeout: 3_000 });
    expect(await proposed.getByRole('link', { name: '元宵灯会' }).count()).toBe(0);
    fs.mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: path.join(ARTIFACTS, 'projects-board-zh.png'), fullPage: true });

    // The list: a category and a district narrow it, and the address keeps them.
    await page.getByRole('button', { name: '列表' }).click();
    await page.getByText('显示 1 / 共 1 个项目').waitFor();
    await page.getByLabel('类别').selectOption({ label: '为老服务' });
    await page.getByText('没有符合条件的项目。').waitFor();
    await page.getByLabel('类别').selectOption({ label: '文体' });
    await page.getByText('显示 1 / 共 1 个项目').waitFor();
    await page.getByLabel('区', { exact: true }).selectOption({ label: '徐汇区' });
    await page.getByText('没有符合条件的项目。').waitFor();
    await page.getByLabel('区', { exact: true }).selectOption({ label: '静安区' });
    await page.getByLabel('街道 / 镇').selectOption({ label: '曹家渡街道' });
    await page.getByText('显示 1 / 共 1 个项目').waitFor();
    const address = new URL(page.url());
    expect(address.searchParams.get('q')).toBe('灯会');
    expect(address.searchParams.get('category')).toBe('CULTURE_AND_SPORTS');
    expect(address.searchParams.get('view')).toBeNull();

    // The address is a link: opened afresh, the same filters show the same project.
    await page.reload();
    await page.getByText('显示 1 / 共 1 个项目').waitFor();
    expect(await page.getByLabel('街道 / 镇').inputValue()).toBe(address.searchParams.get('region'));
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: 'Board' }).click();
    await page
      .getByRole('region', { name: /^Consulting/ })
      .getByRole('link', { name: 'Lantern festival' })
      .waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'projects-board-en.png'), fullPage: true });
    expect(problems).toEqual([]);
    await watcher.close();
  });
});
