import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BrowserContext } from 'playwright-core';
import { signedInChromium } from '../support/chromium.js';
import { useSeededServer } from '../support/fixtures.js';
import { listFactories } from '../support/lists.js';
import { TcpProxy } from '../support/tcp-proxy.js';

const fx = useSeededServer('browser_live_resume');
const make = listFactories(fx);
let chromium: { browser: BrowserContext; close(): Promise<void> };
/** Between the browser and the server, so the test can cut the browser's connections. */
let proxy: TcpProxy;

beforeAll(async () => {
  chromium = await signedInChromium(fx, 'community.admin@cobuild.demo');
  proxy = await TcpProxy.open(fx.server.url);
});
afterAll(async () => {
  await chromium?.close();
  await proxy?.stop();
});

describe('a live page after its connection drops', () => {
  it('resumes after the last event it got: what happened while it was offline appears, without reload', async () => {
    const projectId = await make.project({ titleZh: '断线续传项目' });
    const page = await chromium.browser.newPage();
    const problems: string[] = [];
    page.on('pageerror', (e) => problems.push(e.message));
    const subscribes: { after?: string | null }[] = [];
    const cursors: string[] = [];
    page.on('websocket', (ws) => {
      ws.on('framesent', (frame) => {
        const message = JSON.parse(String(frame.payload));
        if (message.type === 'subscribe') subscribes.push(message.payload.variables);
      });
      ws.on('framereceived', (frame) => {
        const message = JSON.parse(String(frame.payload));
        const cursor = message.type === 'next' && message.payload.data?.projectActivity?.cursor;
        if (cursor) cursors.push(cursor);
      });
    });
    await page.goto(`http://127.0.0.1:${proxy.port}/projects/${projectId}`);
    const status = page.getByRole('status').filter({ hasText: /实时|离线|连接/ });
    await status.filter({ hasText: '实时' }).waitFor();

    // One event while connected: the page's feed now has a cursor.
    await make.requirement(projectId, { titleZh: '连线时的需求', quantity: 5 });
    await page.getByText('连线时的需求').waitFor({ timeout: 2_000 });
    expect(cursors.length).toBeGreaterThan(0);
    const last = cursors.at(-1);

    // The connection drops; something happens meanwhile; the connection comes back.
    await proxy.stop();
    await status.filter({ hasText: '已离线，正在重连' }).waitFor();
    await make.requirement(projectId, { titleZh: '断线期间的需求', quantity: 7 });
    await proxy.start();
    await status.filter({ hasText: '实时' }).waitFor({ timeout: 20_000 });
    await page.getByText('断线期间的需求').waitFor({ timeout: 5_000 });

    // It asked for the events after the last one it had: replayed, not re-read blindly.
    expect(subscribes.at(0)?.after ?? null).toBeNull();
    expect(subscribes.filter((v) => v.after === last).length).toBeGreaterThan(0);
    expect(problems).toEqual([]);
  });
});
