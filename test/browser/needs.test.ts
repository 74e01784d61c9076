import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Locator, Page } from 'playwright-core';
import { seriousViolations } from '../support/axe.js';
import { launchChromium, signedInChromium } from '../support/chromium.js';
import { useSeededServer } from '../support/fixtures.js';

const fx = useSeededServer('browser_needs');
const ARTIFACTS = path.join(import.meta.dirname, '../artifacts');
/** Two people, each in a browser of their own: the community committee's admin and a work unit's representative. */
let admin: { browser: BrowserContext; close(): Promise<void> };
let representative: { browser: BrowserContext; close(): Promise<void> };

beforeAll(async () => {
  admin = await signedInChromium(fx, 'community.admin@cobuild.demo');
  representative = await signedInChromium(fx, 'rep.water@cobuild.demo');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await admin?.close();
  await representative?.close();
});

async function open(chromium: { browser: BrowserContext }): Promise<{ page: Page; problems: string[] }> {
  const page = await chromium.browser.newPage();
  await page.setViewportSize({ width: 1280, height: 900 });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  await page.goto(`${fx.server.url}/needs`);
  return { page, problems };
}

/** The card of the need titled `title`. */
const card = (page: Page, title: string): Locator =>
  page.getByRole('listitem').filter({ has: page.getByRole('heading', { name: title, exact: true }) });

/** How many needs the database holds that the SQL condition keeps. */
async function count(where = 'true', params: unknown[] = []): Promise<number> {
  const [row] = await fx.db.query<{ n: number }>(
    `select count(*)::int as n from need n join region r on r.id = n.region_id where ${where}`,
    params,
  );
  return row.n;
}

describe('the needs screen', () => {
  it('a committee reports a need; a work unit sees it live, supports it, filters the list and reads it in English', async () => {
    const total = await count();
    const committee = await open(admin);
    const unit = await open(representative);
    for (const { page } of [committee, unit]) {
      await page.getByRole('heading', { name: '居民需求', level: 2 }).waitFor();
      await page.getByText(`显示 ${Math.min(20, total)} / 共 ${total} 项需求`).waitFor();
      await page.getByRole('status').filter({ hasText: '实时' }).waitFor();
    }
    // Only committees report needs.
    expect(await unit.page.getByRole('button', { name: '登记需求' }).count()).toBe(0);

    // The committee's admin reports: a title of spaces alone is refused beside its field.
    await committee.page.getByRole('button', { name: '登记需求' }).click();
    const form = committee.page.getByRole('form', { name: '登记一项居民需求' });
    // The committee's one community is chosen; its grids are offered.
    await form.getByRole('option', { name: '长寿湾居民区第2网格' }).waitFor({ state: 'attached' });
    expect(await form.getByLabel('居民区').locator('option:checked').textContent()).toBe('长寿湾居民区');
    await form.getByLabel('网格').selectOption({ label: '长寿湾居民区第2网格' });
    await form.getByLabel('类别').selectOption({ label: '公共安全' });
    await form.getByLabel('中文标题').fill('弄堂口路灯不亮');
    await form.getByLabel('英文标题').fill('   ');
    await form.getByLabel('中文描述（选填）').fill('长寿路弄堂口两盏路灯坏了一个月，晚上回家的老人看不清台阶。');
    await form.getByRole('button', { name: '登记', exact: true }).click();
    const refusal = form.getByRole('alert').filter({ hasText: '请填写此项，不能只有空格。' });
    await refusal.waitFor();
    expect(await form.getByLabel('英文标题').getAttribute('aria-invalid')).toBe('true');
    expect(await form.getByLabel('英文标题').getAttribute('aria-describedby')).toBe(await refusal.getAttribute('id'));
    expect(await form.getByLabel('中文标题').inputValue()).toBe('弄堂口路灯不亮');
    expect(await form.getByLabel('中文描述（选填）').inputValue()).toContain('看不清台阶');
    expect(await count(`n.title_zh = '弄堂口路灯不亮'`)).toBe(0);

    await form.getByLabel('英文标题').fill('Lane-entrance street lamps out');
    const reportedAt = Date.now();
    await form.getByRole('button', { name: '登记', exact: true }).click();
    await form.getByRole('status').filter({ hasText: '已登记「弄堂口路灯不亮」。' }).waitFor();
    expect(await count(`n.title_zh = '弄堂口路灯不亮' and r.code = '310106002002-G02'`)).toBe(1);
    await card(committee.page, '弄堂口路灯不亮').waitFor();

    // The representative's open page shows it without a reload.
    const reported = card(unit.page, '弄堂口路灯不亮');
    await reported.waitFor({ timeout: 3_000 });
    console.log(`[needs] the unit's page showed the reported need ${Date.now() - reportedAt} ms after the submit`);
    await unit.page.getByText(`共 ${total + 1} 项需求`).waitFor();
    expect(await reported.getByText('待回应').count()).toBe(1);
    expect(await reported.getByText('长寿湾居民区第2网格').count()).toBe(1);
    expect(await reported.getByText('0 个单位支持').count()).toBe(1);

    // …and supports it: the count goes up, the button becomes the organization's support, on both pages.
    await reported.getByRole('button', { name: '支持' }).click();
    await reported.getByText('已由「静沪水务运营有限公司」支持').waitFor();
    await reported.getByText('1 个单位支持').waitFor();
    expect(await reported.getByRole('button').count()).toBe(0);
    await card(committee.page, '弄堂口路灯不亮').getByText('1 个单位支持').waitFor({ timeout: 3_000 });
    await unit.page.screenshot({ path: path.join(ARTIFACTS, 'needs-zh.png'), fullPage: true });
    await committee.page.screenshot({ path: path.join(ARTIFACTS, 'needs-report-zh.png'), fullPage: true });

    // Filters narrow the list. Status: only resolved needs.
    const resolved = await count(`n.status = 'RESOLVED'`);
    expect(resolved).toBeGreaterThan(0);
    await unit.page.getByLabel('状态').selectOption({ label: '已解决' });
    await unit.page.getByText(`显示 ${Math.min(20, resolved)} / 共 ${resolved} 项需求`).waitFor();
    const badges = unit.page.locator('[data-need] [data-status]');
    expect(new Set(await badges.allTextContents())).toEqual(new Set(['已解决']));

    // Region: Jing'an's Caojiadu subdistrict, then one of its communities (status back to all).
    await unit.page.getByLabel('状态').selectOption({ label: '全部状态' });
    await unit.page.getByLabel('区', { exact: true }).selectOption({ label: '静安区' });
    await unit.page.getByLabel('街道').selectOption({ label: '曹家渡街道' });
    const inCaojiadu = await count(`r.code like '310106002%'`);
    await unit.page.getByText(`共 ${inCaojiadu} 项需求`).waitFor();
    await unit.page.getByLabel('居民区').selectOption({ label: '万航渡居民区' });
    const inWanhangdu = await count(`r.code like '310106002001%'`);
    expect(inWanhangdu).toBeLessThan(inCaojiadu);
    await unit.page.getByText(`共 ${inWanhangdu} 项需求`).waitFor();
    expect(await reported.count()).toBe(0);
    // Support of the unit, as a filter: only the needs it supports.
    await unit.page.getByRole('button', { name: '清除筛选' }).click();
    await unit.page.getByLabel('只看「静沪水务运营有限公司」支持的').check();
    const supported = await fx.db.query<{ n: number }>(
      `select count(*)::int as n from need_support s join organization o on o.id = s.organization_id
       where o.name_zh = '静沪水务运营有限公司'`,
    );
    await unit.page.getByText(`共 ${supported[0].n} 项需求`).waitFor();
    await reported.waitFor();
    await unit.page.getByRole('button', { name: '清除筛选' }).click();
    await unit.page.getByText(`显示 ${Math.min(20, total + 1)} / 共 ${total + 1} 项需求`).waitFor();

    // English: titles, descriptions, words and dates in English.
    await unit.page.getByRole('button', { name: 'English' }).click();
    await unit.page.getByRole('heading', { name: 'Residents’ needs', level: 2 }).waitFor();
    const english = card(unit.page, 'Lane-entrance street lamps out');
    await english.getByText('Supported by Jinghu Water Operations Co., Ltd.').waitFor();
    expect(await english.getByText('Open', { exact: true }).count()).toBe(1);
    expect(await english.getByText('Public safety').count()).toBe(1);
    expect(await english.getByText('1 organization supports it').count()).toBe(1);
    // Described in Chinese only: the Chinese description rather than none.
    expect(await english.getByText('长寿路弄堂口两盏路灯坏了一个月').count()).toBe(1);
    await unit.page.getByText(`Showing ${Math.min(20, total + 1)} of ${total + 1} needs`).waitFor();
    await unit.page.screenshot({ path: path.join(ARTIFACTS, 'needs-en.png'), fullPage: true });
    await committee.page.setViewportSize({ width: 390, height: 844 });
    await committee.page.screenshot({ path: path.join(ARTIFACTS, 'needs-narrow-zh.png') });

    // No serious or critical accessibility problem, on either page (the form open on the committee's).
    expect(await seriousViolations(unit.page)).toEqual([]);
    expect(await seriousViolations(committee.page)).toEqual([]);
    expect([...committee.problems, ...unit.problems]).toEqual([]);
    await committee.page.close();
    await unit.page.close();
  });

  it('offers people who are not signed in the list and a way to sign in to support', async () => {
    const visitor = await launchChromium();
    try {
      const { page, problems } = await open(visitor);
      await page.getByRole('heading', { name: '居民需求', level: 2 }).waitFor();
      const first = page.locator('[data-need]').first();
      await first.getByRole('link', { name: '登录后可表示支持' }).click();
      await page.waitForURL(/\/login\?next=\/needs$/);
      expect(await page.getByRole('button', { name: '登记需求' }).count()).toBe(0);
      expect(problems).toEqual([]);
    } finally {
      await visitor.close();
    }
  });
});
