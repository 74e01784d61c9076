import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium, type BrowserContext } from 'playwright-core';
import { sessionHeaders } from './accounts.js';
import type { ServerFixture } from './fixtures.js';

export const CHROMIUM = '/usr/bin/chromium';

/** Installs Debian's chromium package when it is missing (never a downloaded browser build). */
export function ensureChromium(): void {
  if (fs.existsSync(CHROMIUM)) return;
  console.log('Installing Debian chromium for the browser tests (about a minute)…');
  execFileSync('apt-get', ['update', '-qq'], { stdio: 'inherit' });
  execFileSync('apt-get', ['install', '-y', '-qq', 'chromium'], {
    stdio: 'inherit',
    env: { ...process.env, DEBIAN_FRONTEND: 'noninteractive' },
  });
}

/** Headless Chromium with a fresh profile and no background traffic to the closed network. */
export async function launchChromium(): Promise<{ browser: BrowserContext; close(): Promise<void> }> {
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'cobuild-chromium-'));
  const browser = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
  return {
    browser,
    async close() {
      await browser.close();
      fs.rmSync(profile, { recursive: true, force: true });
    },
  };
}

/**
 * Chromium signed in as the demo user `email` on the fixture's server: it carries the session
 * cookie the server would set on sign-in (written straight to the database, see sessionHeaders).
 */
export async function signedInChromium(
  fx: ServerFixture,
  email: string,
): Promise<{ browser: BrowserContext; close(): Promise<void> }> {
  const launched = await launchChromium();
  const [name, value] = (await sessionHeaders(fx.db, email)).cookie.split('=');
  await launched.browser.addCookies([{ name, value, url: fx.server.url }]);
  return launched;
}
