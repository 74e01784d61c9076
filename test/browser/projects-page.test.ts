import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launchChromium } from '../support/chromium.js';
import { useSeededServer } from '../support/fixtures.js';

const fx = useSeededServer('browser');
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
    await page.goto(fx.server.url);
    await page.getByRole('heading', { name: '共建项目' }).waitFor();
    const [{ n, zh }] = await fx.db.query<{ n: number; zh: string }>(
      `select count(*)::int as n, (array_agg(title_zh order by id desc))[1] as zh from project`,
    );
    await page.getByText(zh).waitFor();
    expect(await page.getByText(`共 ${n} 个项目`).count()).toBe(1);

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
