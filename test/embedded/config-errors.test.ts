import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { createTestDatabase } from '../support/postgres.js';
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

describe('a port that is taken', () => {
  it('stops the server with exit code 2 and one line naming the port, on the external database too', async () => {
    const holder = net.createServer();
    await new Promise<void>((resolve) => holder.listen(0, '127.0.0.1', () => resolve()));
    const { port } = holder.address() as net.AddressInfo;
    const db = await createTestDatabase('port_taken');
    try {
      const run = spawnSync(process.execPath, [SERVER_MAIN], {
        env: { PATH: process.env.PATH, PORT: String(port), HOST: '127.0.0.1', DATABASE_URL: db.url },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(run.status).toBe(2);
      expect(run.stderr.trim()).toBe(`PORT ${port} on 127.0.0.1 is already in use.`);
    } finally {
      holder.close();
      await db.drop();
    }
  });
});
