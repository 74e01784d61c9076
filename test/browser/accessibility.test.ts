import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { seriousViolations } from '../support/axe.js';
import { signedInChromium } from '../support/chromium.js';
import { useSeededServer } from '../support/fixtures.js';
import { listFactories } from '../support/lists.js';

const fx = useSeededServer('browser_accessibility');
const make = listFactories(fx);
let chromium: { browser: BrowserContext; close(): Promise<void> };

beforeAll(async () => {
  chromium = await signedInChromium(fx, 'rep.water@cobuild.demo');
});
afterAll(async () => {
  await chromium?.close();
});

describe('accessibility (axe-core, WCAG 2.1 A and AA)', () => {
  it('finds no serious or critical violation on the main screens, in both languages', async () => {
    const projectId = await make.project({ titleZh: '无障碍检查项目', titleEn: 'Accessibility check project' });
    await make.requirement(projectId);
    const page = await chromium.browser.newPage();
    const screens: [string, string][] = [
      ['/projects', '共建项目'],
      ['/projects?view=board', '共建项目'],
      ['/regions', '区域概览 · 上海市'],
      [`/projects/${projectId}`, '无障碍检查项目'],
      ['/login', '登录'],
      ['/invitation', '接受邀请'],
      ['/no/such/page', '页面不存在'],
    ];
    const found: Record<string, unknown> = {};
    for (const language of ['zh', 'en'] as const) {
      for (const [address, heading] of screens) {
        await page.goto(`${fx.server.url}${address}`);
        await page.evaluate(`localStorage.setItem('cobuild.locale', '${language}')`);
        await page.reload();
        if (language === 'zh') await page.getByRole('heading', { name: heading }).waitFor();
        else await page.locator('h2').first().waitFor();
        // The commit form too, on the project's page.
        if (address.startsWith('/projects/')) {
          await page.getByRole('button', { name: language === 'zh' ? '认领' : 'Commit' }).click();
          await page.getByRole('form').waitFor();
        }
        const violations = await seriousViolations(page);
        if (violations.length) found[`${language} ${address}`] = violations;
      }
    }
    expect(found).toEqual({});
    // The check itself sees a control without a label (so a clean result means something).
    await page.evaluate(`document.querySelector('main').insertAdjacentHTML('beforeend', '<input type="text">')`);
    expect((await seriousViolations(page)).map((v) => v.id)).toContain('label');
    await page.close();
  });
});
