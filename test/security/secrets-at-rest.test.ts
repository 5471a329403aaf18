import assert from 'node:assert/strict';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { startTestServer } from '../helpers/server.ts';

// Issue 9, finding 8 (docs/compatibility.md §16): logs redact URL credentials and secret query
// parameters at every level; the SQLite database is 0600 in a 0700 data directory.

describe('secrets at rest and in logs', () => {
  it('creates the data directory 0700 and the database files 0600', async () => {
    const srv = await startTestServer();
    try {
      const dir = srv.settings.dataDir;
      assert.equal(statSync(dir).mode & 0o777, 0o700);
      const token = await srv.login(); // a write, so the WAL exists
      assert.ok(token);
      for (const name of ['sitewatch.db', 'sitewatch.db-wal', 'sitewatch.db-shm']) {
        assert.equal(statSync(join(dir, name)).mode & 0o777, 0o600, name);
      }
    } finally {
      await srv.close();
    }
  });

  it('logs request URLs at debug level without userinfo or secret query values', async () => {
    const srv = await startTestServer({ env: { LOG_LEVEL: 'debug' } });
    try {
      const token = await srv.login();
      const target = 'http://alice:Hunter2-secret@127.0.0.1:9/p?api_key=AKIA-SECRET&page=1';
      await srv.request('GET', `/api/v3/tests?url=${encodeURIComponent(target)}&token=QUERY-SECRET`, {
        token,
      });
      await srv.request('GET', `/api/v3/tests?url=${target}`, { token });
      const text = srv.logs.join('');
      assert.match(text, /"url":"\/api\/v3\/tests\?url=/, 'the request line is logged at debug');
      for (const secret of ['Hunter2-secret', 'AKIA-SECRET', 'QUERY-SECRET']) {
        assert.ok(!text.includes(secret), `${secret} leaked into the log`);
      }
    } finally {
      await srv.close();
    }
  });
});
