import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { POSTGRES_AVAILABLE } from '../helpers/db.ts';
import { request, startTestServer } from '../helpers/server.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'sitewatch.js');

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

describe('tokens across processes and restarts', () => {
  it('keeps tokens valid across a restart (SQLite)', async () => {
    const first = await startTestServer();
    const token = await first.login();
    await first.close({ keepData: true });
    const second = await startTestServer({ settings: first.settings });
    try {
      assert.equal((await second.request('GET', '/api/v3/users', { token })).status, 200);
    } finally {
      await second.close();
    }
  });

  it(
    'accepts in a second server process the tokens the first one issued (PostgreSQL)',
    { skip: !POSTGRES_AVAILABLE && 'PostgreSQL not reachable' },
    async () => {
      const a = await startTestServer({ dialect: 'postgres' });
      const port = await freePort();
      const child = spawn(process.execPath, [BIN, 'serve'], {
        env: {
          PATH: process.env.PATH ?? '',
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          DATABASE_URL: a.settings.databaseUrl!,
          SITEWATCH_DB_SCHEMA: a.settings.databaseSchema,
          SITEWATCH_DATA_DIR: a.settings.dataDir,
        },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c) => (stderr += c));
      const base = `http://127.0.0.1:${port}`;
      try {
        for (let i = 0; i < 100; i++) {
          const up = await fetch(`${base}/healthz`).then(
            (r) => r.ok,
            () => false,
          );
          if (up) break;
          await new Promise((r) => setTimeout(r, 100));
        }
        const token = await a.login();
        const r = await request(base, 'GET', '/api/v3/users', { token });
        assert.equal(r.status, 200, stderr);
        // And the other way round: a token from the second process works on the first.
        const back = await request(base, 'POST', '/api/v3/access-tokens', {
          body: { username: 'admin@example.com', password: 'first admin secret 1' },
        });
        assert.equal(
          (await a.request('GET', '/api/v3/users', { token: back.json.access_token })).status,
          200,
        );
        // Logout on one process is seen by the other.
        assert.equal((await a.request('DELETE', '/api/v3/access-tokens', { token })).status, 204);
        assert.equal((await request(base, 'GET', '/api/v3/users', { token })).status, 401);
      } finally {
        child.kill('SIGTERM');
        await new Promise((r) => child.on('close', r));
        await a.close();
      }
    },
  );
});
