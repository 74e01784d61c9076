import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { DEMO_PASSWORD } from '../support/accounts.js';
import { launchChromium } from '../support/chromium.js';
import { useSeededServer } from '../support/fixtures.js';
import { listFactories } from '../support/lists.js';

const fx = useSeededServer('browser_routes');
const make = listFactories(fx);
/** Screenshots of the screens, kept as test artifacts (test/artifacts/, ignored by git). */
const ARTIFACTS = path.join(import.meta.dirname, '../artifacts');
let chromium: { browser: BrowserContext; close(): Promise<void> };

beforeAll(async () => {
  chromium = await launchChromium();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await chromium?.close();
});

/** A page that records what went wrong in it: failed requests and script errors. */
async function openPage(): Promise<{ page: Page; problems: string[] }> {
  const page = await chromium.browser.newPage();
  const problems: string[] = [];
  page.on('requestfailed', (r) => {
    // Requests a full page load cuts short (the test's own goto) are not failures.
    if (r.failure()?.errorText !== 'net::ERR_ABORTED') problems.push(`${r.url()} ${r.failure()?.errorText}`);
  });
  page.on('pageerror', (e) => problems.push(e.message));
  return { page, problems };
}

describe('signing in and the routes of the web client', () => {
  it('signs a committee admin in from a deep link, shows who they are and where they act, and signs out', async () => {
    const { page, problems } = await openPage();
    await page.goto(`${fx.server.url}/login?next=/projects`);
    await page.getByRole('heading', { name: '登录' }).waitFor();
    await page.getByLabel('邮箱').fill('community.admin@cobuild.demo');
    await page.getByLabel('密码').fill('not-the-password');
    await page.getByRole('button', { name: '登录' }).click();
    // The refusal is shown beside the form, in the page's language; what was typed stays.
    await page.getByRole('alert').filter({ hasText: '邮箱或密码不正确。' }).waitFor();
    expect(await page.getByLabel('邮箱').inputValue()).toBe('community.admin@cobuild.demo');
    expect(await page.getByLabel('密码').getAttribute('aria-invalid')).toBe('true');

    await page.getByLabel('密码').fill(DEMO_PASSWORD);
    await page.getByRole('button', { name: '登录' }).click();
    await page.waitForURL(`${fx.server.url}/projects`);
    await page.getByRole('heading', { name: '共建项目' }).waitFor();
    const [{ name }] = await fx.db.query<{ name: string }>(
      `select display_name as name from app_user where email = 'community.admin@cobuild.demo'`,
    );
    await page.getByText(name).waitFor();
    await page.getByText('代表单位').first().waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'projects-signed-in-zh.png'), fullPage: true });

    await page.getByRole('button', { name: '退出' }).click();
    await page.getByRole('link', { name: '登录' }).waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });

  it('opens a project from its card, keeps its address on reload, and answers unknown addresses with a 404 screen', async () => {
    const { page, problems } = await openPage();
    const projectId = await make.project({ titleZh: '苏州河畔口袋公园', titleEn: 'Suzhou Creek pocket park' });
    await make.requirement(projectId, { titleZh: '植树志愿者', titleEn: 'Tree planters', quantity: 40 });
    await page.goto(fx.server.url);
    await page.getByRole('link', { name: '苏州河畔口袋公园' }).click();
    await page.waitForURL(`${fx.server.url}/projects/${projectId}`);
    const heading = page.getByRole('heading', { name: '苏州河畔口袋公园' });
    await heading.waitFor();
    // Navigation moves the focus to the new screen's heading.
    expect(await heading.evaluate((h) => h === h.ownerDocument.activeElement)).toBe(true);
    await page.getByText('已认领 0 / 需要 40').waitFor();

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { name: 'Suzhou Creek pocket park' }).waitFor();
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.reload();
    // The language is remembered and set before the app draws (the page's first paint).
    expect(await page.locator('html').getAttribute('lang')).toBe('en');
    await page.getByRole('heading', { name: 'Suzhou Creek pocket park' }).waitFor();
    await page.getByText('0 of 40 committed').waitFor();
    await page.screenshot({ path: path.join(ARTIFACTS, 'project-en.png'), fullPage: true });

    await page.goBack();
    await page.getByRole('heading', { name: 'Shared projects' }).waitFor();

    await page.goto(`${fx.server.url}/no/such/page`);
    await page.getByRole('heading', { name: 'Page not found' }).waitFor();
    await page.getByRole('link', { name: 'Back to the projects' }).click();
    await page.getByRole('heading', { name: 'Shared projects' }).waitFor();
    await page.goto(`${fx.server.url}/projects/not-a-project`);
    await page.getByText('There is no such project.').waitFor();
    expect(problems).toEqual([]);
    await page.close();
  });
});
