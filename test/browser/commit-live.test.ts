import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { signedInChromium } from '../support/chromium.js';
import { useSeededServer } from '../support/fixtures.js';
import { listFactories } from '../support/lists.js';
import { COMMUNITY, lookup } from '../support/lookup.js';

const fx = useSeededServer('browser_commit_live');
const make = listFactories(fx);
const ARTIFACTS = path.join(import.meta.dirname, '../artifacts');
/** Two people, each in a browser of their own: the committee admin and a work unit's representative. */
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

async function open(chromium: { browser: BrowserContext }, url: string): Promise<{ page: Page; problems: string[] }> {
  const page = await chromium.browser.newPage();
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  await page.goto(url);
  return { page, problems };
}

describe('committing a resource in the browser', () => {
  it("shows on the committee's open project page within 2 s, without reload; a refusal shows beside its field", async () => {
    const projectId = await make.project({ titleZh: '河岸清洁日', titleEn: 'Riverbank clean-up day' });
    await make.requirement(projectId, { titleZh: '清洁志愿者', titleEn: 'Clean-up volunteers', quantity: 50 });
    await make.resource({ titleZh: '周末志愿队', titleEn: 'Weekend crew', capacity: 100 });
    const url = `${fx.server.url}/projects/${projectId}`;

    const watching = await open(admin, url);
    await watching.page.getByText('已认领 0 / 需要 50').waitFor();
    await watching.page.getByRole('status').filter({ hasText: '实时' }).waitFor();

    const acting = await open(representative, url);
    await acting.page.getByText('代表单位 静沪水务运营有限公司').waitFor();
    await acting.page.getByRole('button', { name: '认领' }).click();
    const form = acting.page.getByRole('form', { name: '认领「清洁志愿者」' });
    // The matching suggests the unit's crew; taking the suggestion fills resource and quantity.
    await form.getByRole('button', { name: '用「周末志愿队」认领 50 人·小时' }).click();
    expect(await form.getByLabel('数量').inputValue()).toBe('50');
    await form.getByLabel('使用资源').selectOption({ label: '周末志愿队 · 剩余 100' });

    // More than still needed: refused beside the quantity, what was typed stays, nothing written.
    await form.getByLabel('数量').fill('1000');
    await form.getByRole('button', { name: '提交认领' }).click();
    await form.getByRole('alert').filter({ hasText: '超过了尚缺的数量。' }).waitFor();
    expect(await form.getByLabel('数量').inputValue()).toBe('1000');
    expect(await form.getByLabel('数量').getAttribute('aria-invalid')).toBe('true');
    const commitments = async () =>
      (
        await fx.db.query<{ n: number }>(
          `select count(*)::int as n from commitment c join requirement q on q.id = c.requirement_id
           where q.title_en = 'Clean-up volunteers'`,
        )
      )[0].n;
    expect(await commitments()).toBe(0);

    // A double click commits once (one idempotency key per entered commitment).
    await form.getByLabel('数量').fill('30');
    const submitted = Date.now();
    await form.getByRole('button', { name: '提交认领' }).dblclick();
    await acting.page.getByText('已认领 30 / 需要 50').waitFor();

    // The committee's page follows without a reload.
    await watching.page.getByText('已认领 30 / 需要 50').waitFor({ timeout: 2_000 });
    const seenAfter = Date.now() - submitted;
    await watching.page.getByTestId('fill-rate').filter({ hasText: '60 %' }).waitFor({ timeout: 2_000 });
    console.log(`[commit-live] the committee's page showed the commitment ${seenAfter} ms after the submit`);
    expect(await commitments()).toBe(1);

    // Each sees only the actions they may take: the committee confirms, the unit may withdraw.
    const row = (page: Page) => page.locator('[data-commitment]');
    await row(watching.page).getByRole('button', { name: '确认' }).waitFor();
    expect(await row(watching.page).getByRole('button').allTextContents()).toEqual(['确认']);
    expect(await row(acting.page).getByRole('button').allTextContents()).toEqual(['撤回']);
    await row(watching.page).getByRole('button', { name: '确认' }).click();
    // Confirmed on both pages, live on the unit's.
    await row(watching.page).getByText('已确认').waitFor();
    await row(acting.page).getByText('已确认').waitFor({ timeout: 2_000 });
    await watching.page.screenshot({ path: path.join(ARTIFACTS, 'project-live-zh.png'), fullPage: true });
    expect([...watching.problems, ...acting.problems]).toEqual([]);
    await watching.page.close();
    await acting.page.close();
  });

  it('shows the lifecycle moves only to the lead, explains a refused move, and tells the story in the activity feed', async () => {
    const projectId = await make.project({ titleZh: '弄堂微更新', titleEn: 'Lane micro-renewal' });
    const milestoneRes = await make.run(
      `mutation($i: AddMilestoneInput!) { addMilestone(input: $i) { milestone { id } userErrors { field code } } }`,
      { projectId, titleZh: '方案征询', titleEn: 'Plan survey' },
      await make.committeeAdmin(),
      'addMilestone',
    );
    expect(milestoneRes.milestone.id).toBeTruthy();
    const url = `${fx.server.url}/projects/${projectId}`;
    const lead = await open(admin, url);
    await lead.page.getByRole('heading', { name: '弄堂微更新' }).waitFor();
    await lead.page.getByText('方案征询').waitFor();
    await lead.page.getByRole('button', { name: '改为「协商中」' }).click();
    await lead.page.getByText('协商中', { exact: true }).first().waitFor();
    await lead.page.getByRole('button', { name: '改为「已批准」' }).click();
    await lead.page
      .getByRole('alert')
      .filter({ hasText: '协商规则尚未满足：The consultation rule is not met: 0 of 1 participants support it' })
      .waitFor();
    await lead.page.getByText('变更了项目状态').first().waitFor();
    await lead.page.getByText('→ 协商中').waitFor();
    await lead.page.screenshot({ path: path.join(ARTIFACTS, 'project-lifecycle-zh.png'), fullPage: true });

    const other = await open(representative, url);
    await other.page.getByRole('heading', { name: '弄堂微更新' }).waitFor();
    expect(await other.page.getByRole('heading', { name: '项目流程' }).count()).toBe(0);
    expect([...lead.problems, ...other.problems]).toEqual([]);
    await lead.page.close();
    await other.page.close();
  });

  it('lets participants discuss a project: a comment with a mention shows on the other open page, live', async () => {
    const projectId = await make.joinedProject();
    const url = `${fx.server.url}/projects/${projectId}`;
    const lead = await open(admin, url);
    await lead.page
      .getByTestId('consultation-summary')
      .filter({ hasText: '支持 0 · 反对 0 · 弃权 0（共 2 个参与单位）' })
      .waitFor();
    const unit = await open(representative, url);
    await unit.page.getByLabel('发表评论').fill('周末可以派 @静沪水务运营有限公司 的泵站班组来帮忙。');
    await unit.page.getByRole('button', { name: '发表' }).click();
    // The mention is marked as a link to the organization; the committee's page gets it live.
    await unit.page.locator('mark').filter({ hasText: '@静沪水务运营有限公司' }).waitFor();
    await lead.page.getByText('的泵站班组来帮忙。').waitFor({ timeout: 2_000 });
    expect(await unit.page.getByLabel('发表评论').inputValue()).toBe('');
    await lead.page.screenshot({ path: path.join(ARTIFACTS, 'project-consultation-zh.png'), fullPage: true });
    expect([...lead.problems, ...unit.problems]).toEqual([]);
    await lead.page.close();
    await unit.page.close();
  });

  it('takes positions, answers an objection with a reply, and lets authors edit and the lead remove comments, live', async () => {
    const projectId = await make.joinedProject();
    await make.moveProject(projectId, 'CONSULTING');
    const url = `${fx.server.url}/projects/${projectId}`;
    const lead = await open(admin, url);
    const unit = await open(representative, url);
    const summary = (page: Page) => page.getByTestId('consultation-summary');
    await summary(lead.page).getByText('尚未表态：长寿湾居民区区域化共建委员会、静沪水务运营有限公司').waitFor();

    // The unit objects, with its reason; the lead's open page shows the objection waits for a reply.
    const position = unit.page.getByRole('form', { name: /本单位立场/ });
    await position.getByLabel('反对').check();
    await position.getByLabel('理由').fill('施工噪音会影响夜班职工休息。');
    await position.getByRole('button', { name: '表明立场' }).click();
    await position.getByText('当前：反对').waitFor();
    await summary(lead.page).getByText('等待牵头单位回复的反对意见：静沪水务运营有限公司').waitFor({ timeout: 2_000 });
    await summary(lead.page).getByText('支持 0 · 反对 1 · 弃权 0（共 2 个参与单位）').waitFor();
    // A standing statement is neither edited nor removed: no such buttons on it.
    const statement = (page: Page) => page.locator('ol.comments > li').filter({ hasText: '施工噪音' });
    await statement(unit.page).getByText('反对', { exact: true }).waitFor();
    expect(await statement(unit.page).getByRole('button', { name: '编辑' }).count()).toBe(0);
    expect(await statement(unit.page).getByRole('button', { name: '删除' }).count()).toBe(0);

    // The lead replies to the objection; the unit's page shows the reply, the summary clears.
    await statement(lead.page).getByRole('button', { name: '回复' }).click();
    await lead.page.getByRole('textbox', { name: '回复 静沪水务运营有限公司' }).fill('我们会把夜间施工改到白天。');
    await lead.page.getByRole('button', { name: '发表回复' }).click();
    await statement(unit.page).getByText('我们会把夜间施工改到白天。').waitFor({ timeout: 2_000 });
    await summary(lead.page).getByText('支持 0 / 需要 2').waitFor();
    expect(await summary(lead.page).getByText('等待牵头单位回复').count()).toBe(0);

    // The unit edits its own comment within the window; the lead removes it; both pages follow.
    await unit.page.getByLabel('发表评论').fill('我们周六上午有空。');
    await unit.page.getByRole('button', { name: '发表', exact: true }).click();
    const own = (page: Page) => page.locator('ol.comments > li').filter({ hasText: '周六' });
    await own(unit.page).getByRole('button', { name: '编辑' }).click();
    // The form stays open while the page follows live events: the lead comments meanwhile.
    await make.run(
      `mutation($i: PostCommentInput!) { postComment(input: $i) { comment { id } userErrors { code } } }`,
      { projectId, organizationId: await lookup(fx.server.graphqlUrl).committee(COMMUNITY), text: '好的，到时见。' },
      await make.committeeAdmin(),
      'postComment',
    );
    await unit.page.getByText('好的，到时见。').waitFor({ timeout: 3_000 });
    await unit.page.getByRole('form', { name: '编辑评论' }).getByRole('textbox').fill('我们周六全天有空。');
    await unit.page.getByRole('button', { name: '保存' }).click();
    await own(lead.page).getByText('我们周六全天有空。').waitFor({ timeout: 2_000 });
    await own(lead.page).getByText('（已编辑）').waitFor();
    await own(lead.page).getByRole('button', { name: '删除' }).click();
    await own(lead.page).getByText('确定删除这条评论？').waitFor();
    await own(lead.page).getByRole('button', { name: '删除' }).click();
    await unit.page.locator('ol.comments > li').filter({ hasText: '（该评论已删除）' }).waitFor({ timeout: 2_000 });
    expect(await unit.page.getByText('我们周六全天有空。').count()).toBe(0);
    await lead.page.screenshot({ path: path.join(ARTIFACTS, 'project-positions-zh.png'), fullPage: true });
    expect([...lead.problems, ...unit.problems]).toEqual([]);
    await lead.page.close();
    await unit.page.close();
  });
});
