import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { SERVER_MAIN } from '../support/server.js';

describe('configuration errors stop the server at once', () => {
  it.each([
    ['PORT', 'eighty'],
    ['DATABASE_URL', 'mysql://root@localhost/db'],
    ['DB_POOL_SIZE', '0'],
    ['SEED_DEMO', 'maybe'],
  ])('%s=%s: exit code 2 and a message naming the variable', (name, value) => {
    const run = spawnSync(process.execPath, [SERVER_MAIN], {
      env: { PATH: process.env.PATH, [name]: value },
      encoding: 'utf8',
      timeout: 20_000,
    });
    expect(run.status).toBe(2);
    expect(run.stderr).toContain(`${name}=${JSON.stringify(value)}`);
    expect(run.stdout).not.toContain('listening');
  });
});
