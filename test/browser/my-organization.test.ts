import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { seriousViolations } from '../support/axe.js';
import { launchChromium, signedInChromium } from '../support/chromium.js';
import { useSeededServer } from '../support/fixtures.js';
import { gql } from '../support/graphql.js';
import { listFactories } from '../support/lists.js';
import { JINGHU, lookup } from '../support/lookup.js';

const fx = useSeededServer('browser_my_organization');
const make = listFactories(fx);
const ARTIFACTS = path.join(import.meta.dirname, '../artifacts');
/** Jinghu Water's representative, signed in. */
let representative: { browser: BrowserContext; close(): Promise<void> };
/** The representative's "My organization" screen, open through the whole story (never reloaded). */
let page: Page;
const problems: string[] = [];

beforeAll(async () => {
  representative = await signedInChromium(fx, 'rep.water@cobuild.demo');
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await representative?.close();
});

const resourcesNamed = async (titleEn: string) =>
  (await fx.db.query<{ n: number }>(`select count(*)::int as n from resource where title_en = $1`, [titleEn]))[0].n;
const card = (title: string) => page.locator('[data-resource]').filter({ hasText: title });
const commitmentRow = (text: string) => page.locator('[data-commitment]').filter({ hasText: text });

/** The page has not been reloaded since `markUnreloaded` (a reload forgets the mark). */
const markUnreloaded = () => page.evaluate(`window.__unreloaded = true`);
const unreloaded = () => page.evaluate(`window.__unreloaded === true`);

describe('my organization, in the browser', () => {
  it('asks a visitor who is not signed in to sign in first', async () => {
    const visitor = await launchChromium();
    try {
      const anonymous = await visitor.browser.newPage();
      await anonymous.goto(`${fx.server.url}/organization`);
      await anonymous.getByRole('heading', { name: '我的单位' }).waitFor();
      const link = anonymous.getByRole('main').getByRole('link', { name: '登录' });
      expect(await link.getAttribute('href')).toBe('/login?next=/organization');
    } finally {
      await visitor.close();
    }
  });

  it('publishes a resource: a refused one first (beside its field, what was typed kept), then once on a double click', async () => {
    page = await representative.browser.newPage();
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(`${fx.server.url}/organization`);
    await page.getByRole('heading', { level: 2, name: '静沪水务运营有限公司' }).waitFor();
    await page.getByText('你的角色：联络人').waitFor();
    await markUnreloaded();

    await page.getByRole('button', { name: '发布资源' }).click();
    const form = page.getByRole('form', { name: '发布新资源' });
    await form.getByLabel('资源类型').selectOption({ label: '场地' });
    expect(await form.getByLabel('计量单位').locator('option').allTextContents()).toEqual([
      '场',
      '平方米',
      '个座位',
      '小时',
    ]);
    await form.getByLabel('资源类型').selectOption({ label: '资金' });
    expect(await form.getByLabel('计量单位').locator('option').allTextContents()).toEqual(['元']);

    await form.getByLabel('总量').fill('0');
    await form.getByLabel('中文标题').fill('社区微基金');
    await form.getByLabel('英文标题').fill('Community micro-fund');
    await form.getByLabel('中文说明（可选）').fill('用于社区照明、绿化等小型改造。');
    await form.getByLabel('结束日期（可选）').fill('2027-06-30');
    await form.getByRole('button', { name: '发布' }).click();
    const refusal = form.getByRole('alert').filter({ hasText: '总量须是 1 到 1,000,000,000 之间的整数。' });
    await refusal.waitFor();
    const capacity = form.getByLabel('总量');
    expect(await capacity.getAttribute('aria-invalid')).toBe('true');
    expect(await capacity.getAttribute('aria-describedby')).toBe(await refusal.getAttribute('id'));
    expect(await capacity.inputValue()).toBe('0');
    expect(await form.getByLabel('中文标题').inputValue()).toBe('社区微基金');
    expect(await form.getByLabel('英文标题').inputValue()).toBe('Community micro-fund');
    expect(await form.getByLabel('计量单位').inputValue()).toBe('YUAN');
    expect(await form.getByLabel('结束日期（可选）').inputValue()).toBe('2027-06-30');
    expect(await resourcesNamed('Community micro-fund')).toBe(0);
    await form.screenshot({ path: path.join(ARTIFACTS, 'organization-form-refused-zh.png') });

    await capacity.fill('5000');
    await form.getByRole('button', { name: '发布' }).dblclick();
    await page.getByRole('status').filter({ hasText: '已发布「社区微基金」。' }).waitFor();
    const published = card('社区微基金');
    await published.getByTestId('capacity').filter({ hasText: '5,000 元' }).waitFor();
    await published.getByText('资金 · 元').waitFor();
    await published.getByText('可用', { exact: true }).waitFor();
    await published.getByText(`至 ${new Intl.DateTimeFormat('zh-CN').format(Date.parse('2027-06-30'))}`).waitFor();
    expect(await form.count()).toBe(0);
    expect(await resourcesNamed('Community micro-fund')).toBe(1);
  });

  it('lists a commitment made through the API, follows the committee confirming it, and refuses a capacity below it', async () => {
    const projectId = await make.project({ titleZh: '滨河步道夜间照明', titleEn: 'Riverside path lighting' });
    const requirementId = await make.requirement(projectId, {
      kind: 'FUNDS',
      unit: 'YUAN',
      quantity: 10_000,
      titleZh: '照明设备款',
      titleEn: 'Lighting equipment funds',
    });
    const found = await gql<any>(
      fx.server.graphqlUrl,
      `query($s: String) { resources(filter: { search: $s }) { nodes { id } } }`,
      { s: 'Community micro-fund' },
    );
    const resourceId = found.data.resources.nodes[0].id;
    const commitmentId = await make.commitment({ requirementId, resourceId, quantity: 3000, unit: 'YUAN' });

    // The pledge shows without a reload, in the list and on the resource it draws on.
    const row = commitmentRow('滨河步道夜间照明');
    await row.waitFor({ timeout: 3_000 });
    expect(await row.getByRole('link', { name: '滨河步道夜间照明' }).getAttribute('href')).toBe(
      `/projects/${projectId}`,
    );
    await row.getByText('照明设备款').waitFor();
    await row.getByText('3,000 元').waitFor();
    await row.getByText('社区微基金').waitFor();
    await row.getByText('已认领', { exact: true }).waitFor();
    await card('社区微基金').getByText('2,000', { exact: true }).waitFor();

    // The lead committee confirms: the status follows, live.
    await make.run(
      `mutation($i: CommitmentActionInput!) { confirmCommitment(input: $i) { commitment { id } userErrors { field code } } }`,
      { commitmentId },
      await make.committeeAdmin(),
      'confirmCommitment',
    );
    const confirmedAt = Date.now();
    await row.getByText('已确认', { exact: true }).waitFor({ timeout: 3_000 });
    console.log(`[my-organization] the confirmation showed ${Date.now() - confirmedAt} ms after the mutation`);

    // Editing: a capacity below what is committed is refused beside the field, then a fitting one saved.
    await page.getByRole('button', { name: '编辑「社区微基金」' }).click();
    const edit = page.getByRole('form', { name: '编辑「社区微基金」' });
    await edit.getByText('已认领 3,000，总量不能低于这个数。').waitFor();
    await edit.getByLabel('总量').fill('2000');
    await edit.getByRole('button', { name: '保存' }).click();
    await edit.getByRole('alert').filter({ hasText: '总量不能低于已认领的数量。' }).waitFor();
    expect(await edit.getByLabel('总量').inputValue()).toBe('2000');
    expect(await edit.getByLabel('总量').getAttribute('aria-invalid')).toBe('true');
    await edit.screenshot({ path: path.join(ARTIFACTS, 'organization-edit-refused-zh.png') });
    await edit.getByLabel('总量').fill('8000');
    await edit.getByRole('button', { name: '保存' }).click();
    await page.getByRole('status').filter({ hasText: '已保存「社区微基金」。' }).waitFor();
    await card('社区微基金').getByTestId('capacity').filter({ hasText: '8,000 元' }).waitFor();
    const [saved] = await fx.db.query<{ capacity: number }>(
      `select capacity from resource where title_en = 'Community micro-fund'`,
    );
    expect(saved.capacity).toBe(8000);

    // Following the project link is in-app navigation.
    expect(await unreloaded()).toBe(true);
  });

  it('shows the needs the organization supports, with the projects answering them', async () => {
    const needId = await make.need({
      titleZh: '老旧小区加装电梯',
      titleEn: 'Lifts for old housing',
      category: 'ELDERLY_CARE',
    });
    const jinghu = await lookup(fx.server.graphqlUrl).organization(JINGHU);
    await make.run(
      `mutation($i: SupportNeedInput!) { supportNeed(input: $i) { need { id } userErrors { field code } } }`,
      { needId, organizationId: jinghu },
      await make.representative(),
      'supportNeed',
    );
    const projectId = await make.project({
      titleZh: '加装电梯协调小组',
      titleEn: 'Lift retrofit working group',
      needIds: [needId],
    });
    const need = page.locator('[data-need]').filter({ hasText: '老旧小区加装电梯' });
    await need.waitFor({ timeout: 3_000 });
    await need.getByText('为老服务').waitFor();
    const link = need.getByRole('link', { name: '加装电梯协调小组' });
    await link.waitFor();
    expect(await link.getAttribute('href')).toBe(`/projects/${projectId}`);
    const status = await need.locator('[data-status]').textContent();
    expect(['待回应', '已对接', '已解决']).toContain(status);
    expect(await unreloaded()).toBe(true);
  });

  it('reads well in both languages, with no serious accessibility violation (screenshots)', async () => {
    await page.evaluate(`scrollTo(0, 0)`);
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'organization-zh.png'), fullPage: true });

    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('heading', { level: 2, name: 'Jinghu Water Operations Co., Ltd.' }).waitFor();
    await page.getByRole('heading', { name: /Resources/ }).waitFor();
    await page.getByRole('heading', { name: /Commitments/ }).waitFor();
    await page.getByRole('heading', { name: /Supported needs/ }).waitFor();
    await card('Community micro-fund').getByTestId('capacity').filter({ hasText: '8,000 yuan' }).waitFor();
    await commitmentRow('Riverside path lighting').getByText('Confirmed').waitFor();
    await page.locator('[data-need]').filter({ hasText: 'Lifts for old housing' }).getByText('Elderly care').waitFor();
    const text = (await page.getByRole('main').textContent()) ?? '';
    for (const raw of [
      'PLEDGED',
      'CONFIRMED',
      'FUNDS',
      'YUAN',
      'PERSON_HOUR',
      'ACTIVE',
      'WORK_UNIT',
      'REPRESENTATIVE',
      'OPEN',
      'MATCHED',
    ]) {
      expect(text, raw).not.toContain(raw);
    }
    expect(await seriousViolations(page)).toEqual([]);
    await page.screenshot({ path: path.join(ARTIFACTS, 'organization-en.png'), fullPage: true });

    // The publish form too.
    await page.getByRole('button', { name: 'Publish a resource' }).click();
    await page.getByRole('form', { name: 'Publish a new resource' }).waitFor();
    expect(await seriousViolations(page)).toEqual([]);
    await page.getByRole('button', { name: 'Cancel' }).click();
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('heading', { level: 2, name: '静沪水务运营有限公司' }).waitFor();

    // On a phone's width: the cards stack and each commitment reads as labelled lines.
    await page.setViewportSize({ width: 390, height: 844 });
    await page.screenshot({ path: path.join(ARTIFACTS, 'organization-mobile-zh.png'), fullPage: true });
    await page.setViewportSize({ width: 1280, height: 720 });
  });

  it('retires a resource after a confirmation; retired ones show on request', async () => {
    await page.getByRole('button', { name: '停用「社区微基金」' }).click();
    const confirm = page.getByRole('group', { name: '停用「社区微基金」' });
    await confirm.getByText('停用「社区微基金」？停用后不再接受新的认领，已有的认领保持不变。').waitFor();
    // Cancelling changes nothing.
    await confirm.getByRole('button', { name: '取消' }).click();
    expect(await confirm.count()).toBe(0);
    await page.getByRole('button', { name: '停用「社区微基金」' }).click();
    await confirm.getByRole('button', { name: '确认停用' }).click();
    await page.getByRole('status').filter({ hasText: '已停用「社区微基金」。' }).waitFor();
    await card('社区微基金').waitFor({ state: 'detached' });
    const [row] = await fx.db.query<{ status: string }>(
      `select status from resource where title_en = 'Community micro-fund'`,
    );
    expect(row.status).toBe('RETIRED');

    await page.getByLabel('显示已停用的资源').check();
    await card('社区微基金').getByText('已停用').waitFor();
    expect(await card('社区微基金').getByRole('button').count()).toBe(0);
    // The commitment drawn on it stays.
    await commitmentRow('滨河步道夜间照明').getByText('已确认').waitFor();
  });

  it('filters the commitments by status and loads more, page by page', async () => {
    const projectId = await make.project({ titleZh: '社区花园认养', titleEn: 'Community garden adoption' });
    const requirementId = await make.requirement(projectId, { titleZh: '园艺志愿者', titleEn: 'Garden volunteers' });
    for (let i = 0; i < 21; i++) await make.commitment({ requirementId, quantity: 1 });
    await commitmentRow('社区花园认养').first().waitFor({ timeout: 3_000 });

    const total = await fx.db.query<{ n: number }>(
      `select count(*)::int as n from commitment c join organization o on o.id = c.organization_id where o.name_en = $1`,
      [JINGHU],
    );
    await page.getByText(`显示 20 / 共 ${total[0].n} 条`).waitFor({ timeout: 3_000 });
    await page.getByRole('button', { name: '加载更多' }).click();
    await page.getByText(`显示 ${Math.min(40, total[0].n)} / 共 ${total[0].n} 条`).waitFor();

    await page.getByLabel('按状态筛选认领').selectOption({ label: '已确认' });
    await commitmentRow('社区花园认养').first().waitFor({ state: 'detached' });
    await commitmentRow('滨河步道夜间照明').waitFor();
    const statuses = await page.locator('[data-commitment] [data-status]').allTextContents();
    expect(new Set(statuses)).toEqual(new Set(['已确认']));

    expect(await unreloaded()).toBe(true);
    expect(problems).toEqual([]);
    await page.close();
  });
});
