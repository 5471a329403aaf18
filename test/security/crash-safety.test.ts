import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import { openDatabase } from '../../src/store/db.ts';
import { DIALECTS, isolatedSettings } from '../helpers/db.ts';
import { ADMIN, request, startTestServer } from '../helpers/server.ts';

// Crash safety (issue 9): a server killed with SIGKILL in the middle of a stream of writes leaves
// a database that passes its integrity check and holds every write it acknowledged.

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'sitewatch.js');
const WRITERS = 8;

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

for (const dialect of DIALECTS) {
  describe(`kill -9 during writes (${dialect})`, () => {
    it('keeps every acknowledged write and an intact database', async () => {
      const settings = isolatedSettings(dialect);
      const port = await freePort();
      const child = spawn(process.execPath, [BIN, 'serve'], {
        env: {
          PATH: process.env.PATH ?? '',
          PORT: String(port),
          HOST: '127.0.0.1',
          LOG_LEVEL: 'warn',
          SITEWATCH_DATA_DIR: settings.dataDir,
          SITEWATCH_ADMIN_EMAIL: ADMIN.email,
          SITEWATCH_ADMIN_PASSWORD: ADMIN.password,
          SITEWATCH_API_RATE_LIMIT: '0',
          ...(settings.databaseUrl
            ? { DATABASE_URL: settings.databaseUrl, SITEWATCH_DB_SCHEMA: settings.databaseSchema }
            : {}),
        },
        stdio: ['ignore', 'ignore', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (c) => (stderr += c));
      const exited = new Promise((r) => child.on('close', r));
      const base = `http://127.0.0.1:${port}`;
      const acked = new Map<string, string>();
      try {
        // Starting takes seconds (tsx compiles the sources); much longer on a loaded machine.
        for (let i = 0; i < 600; i++) {
          if (
            await fetch(`${base}/healthz`).then(
              (r) => r.ok,
              () => false,
            )
          )
            break;
          await new Promise((r) => setTimeout(r, 100));
        }
        const login = await request(base, 'POST', '/api/v3/access-tokens', {
          body: { username: ADMIN.email, password: ADMIN.password },
        });
        assert.equal(login.status, 200, stderr);
        const token = login.json.access_token as string;
        let killed = false;
        const writer = async (w: number) => {
          for (let i = 0; !killed; i++) {
            const name = `crash ${w}-${i}`;
            try {
              const r = await request(base, 'POST', '/api/v3/monitors/website', {
                token,
                body: { name, url: `http://crash-${w}-${i}.example.com/` },
              });
              if (r.status === 200) acked.set(r.json.id as string, name);
            } catch {
              return; // the server is gone
            }
          }
        };
        const writers = Array.from({ length: WRITERS }, (_, w) => writer(w));
        // Kill once a good number of writes were acknowledged, while more are in flight.
        while (acked.size < 40) await new Promise((r) => setTimeout(r, 10));
        child.kill('SIGKILL');
        killed = true;
        await Promise.all(writers);
      } finally {
        if (child.exitCode === null) child.kill('SIGKILL');
        await exited;
      }

      const handle = openDatabase(settings);
      try {
        if (dialect === 'sqlite') {
          const check = await sql<{ integrity_check: string }>`PRAGMA integrity_check`.execute(handle.db);
          assert.deepEqual(check.rows, [{ integrity_check: 'ok' }]);
        }
        const rows = await handle.db.selectFrom('monitors').select(['id', 'name', 'config']).execute();
        const stored = new Map(rows.map((r) => [String(r.id), r]));
        for (const [id, name] of acked) {
          assert.equal(stored.get(id)?.name, name, `acknowledged monitor ${id} is missing`);
          JSON.parse(stored.get(id)!.config);
        }
      } finally {
        await handle.close();
      }
      // And the server starts again on what was left.
      const again = await startTestServer({ settings });
      try {
        const token = await again.login();
        const list = await again.request('GET', '/api/v3/monitors?limit=1', { token });
        assert.equal(list.status, 200);
        assert.ok(list.json.metadata.resultset.count >= acked.size);
      } finally {
        await again.close();
      }
    });
  });
}
