import fs from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { launchChromium, signedInChromium } from '../support/chromium.js';
import { useSeededServer } from '../support/fixtures.js';

const fx = useSeededServer('browser_invitation');
const ARTIFACTS = path.join(import.meta.dirname, '../artifacts');
let admin: { browser: BrowserContext; close(): Promise<void> };
let newcomer: { browser: BrowserContext; close(): Promise<void> };

beforeAll(async () => {
  admin = await signedInChromium(fx, 'unit.admin@cobuild.demo');
  newcomer = await launchChromium();
  fs.mkdirSync(ARTIFACTS, { recursive: true });
});
afterAll(async () => {
  await admin?.close();
  await newcomer?.close();
});

describe('joining an organization in the browser', () => {
  it('an admin invites a person, who opens the link, sets a password and acts for the organization; the link works once', async () => {
    const adminPage = await admin.browser.newPage();
    await adminPage.goto(`${fx.server.url}/organization`);
    const form = adminPage.getByRole('region', { name: '邀请成员' });
    await form.getByLabel('邮箱').fill('volunteer.lead@example.org');
    await form.getByLabel('角色').selectOption({ label: '联络人' });
    await form.getByRole('button', { name: '发送邀请' }).click();
    const link = await form.getByRole('textbox', { name: '邀请链接' }).inputValue();
    expect(link).toMatch(new RegExp(`^${fx.server.url}/invitation#.+`));
    await form.getByText('请把这个链接发给 volunteer.lead@example.org').waitFor();
    // The same person again: refused beside the form, in words.
    await form.getByLabel('邮箱').fill('rep.water@cobuild.demo');
    await form.getByRole('button', { name: '发送邀请' }).click();
    await form.getByRole('alert').waitFor();
    expect(await form.getByRole('alert').textContent()).not.toMatch(/[A-Z]{3,}_[A-Z]+/);

    // The newcomer opens the link: the code is filled in from it; a short password is refused
    // beside the form and what was typed stays.
    const page = await newcomer.browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    await page.goto(link);
    await page.getByRole('heading', { name: '接受邀请' }).waitFor();
    expect(await page.getByLabel('邀请码').inputValue()).not.toBe('');
    await page.getByLabel('姓名').fill('志愿者队长 孙丽');
    await page.getByLabel(/^密码/).fill('short');
    await page.getByRole('button', { name: '接受邀请' }).click();
    await page.getByRole('alert').filter({ hasText: '密码至少需要 10 个字符。' }).waitFor();
    expect(await page.getByLabel('姓名').inputValue()).toBe('志愿者队长 孙丽');
    expect(await page.getByLabel(/^密码/).getAttribute('aria-invalid')).toBe('true');
    await page.screenshot({ path: path.join(ARTIFACTS, 'invitation-refused-zh.png'), fullPage: true });

    // A good password: signed in, acting for the organization, on its screen.
    await page.getByLabel(/^密码/).fill('a-long-enough-password');
    await page.getByRole('button', { name: '接受邀请' }).click();
    await page.waitForURL(`${fx.server.url}/organization`);
    await page.getByText('当前用户 志愿者队长 孙丽').waitFor();
    await page.getByText('代表单位 静沪水务运营有限公司').waitFor();
    await page.getByRole('heading', { name: '静沪水务运营有限公司' }).waitFor();
    const [member] = await fx.db.query<{ role: string }>(
      `select m.role from membership m join app_user u on u.id = m.user_id where u.email = 'volunteer.lead@example.org'`,
    );
    expect(member.role).toBe('REPRESENTATIVE');

    // The link works once.
    await page.getByRole('button', { name: '退出' }).click();
    await page.goto(link);
    await page.getByLabel('姓名').fill('志愿者队长 孙丽');
    await page.getByLabel(/^密码/).fill('a-long-enough-password');
    await page.getByRole('button', { name: '接受邀请' }).click();
    await page.getByRole('alert').filter({ hasText: '这个邀请已被使用。' }).waitFor();
    expect(problems).toEqual([]);
  });
});
