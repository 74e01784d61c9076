import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { useSeededServer } from '../support/fixtures.js';
import { listFactories } from '../support/lists.js';

const fx = useSeededServer('browser');
const make = listFactories(fx);
/** Projects the page asks for at a time (client/src/routes/projects/project-list.svelte.ts). */
const PAGE_SIZE = 20;
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
});
