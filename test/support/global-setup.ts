import fs from 'node:fs';
import { ensureChromium } from './chromium.js';
import { assertPostgresReachable } from './postgres.js';
import { SERVER_MAIN } from './server.js';

export default async function setup(): Promise<void> {
  if (!fs.existsSync(SERVER_MAIN)) {
    throw new Error(`${SERVER_MAIN} is missing: build first (pnpm build; pnpm test does it).`);
  }
  await assertPostgresReachable();
  ensureChromium();
}
