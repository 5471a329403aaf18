import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import pino from 'pino';
import { secretBox } from '../../src/auth/secret-box.ts';
import type { CheckExecutor, CheckInput } from '../../src/checks/types.ts';
import { runCheck } from '../../src/engine/run-check.ts';
import { egressPolicy } from '../../src/checks/egress.ts';
import { DIALECTS } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Issue 9, finding 8 (docs/compatibility.md §16): credentials inside a monitor URL are sealed like
// other passwords, shown masked, and only the check sees them.

const PASSWORD = 'Url-Pass-7f3e';
const URL_WITH = `http://alice:${PASSWORD}@127.0.0.1:9/private?page=1`;
const MASKED = 'http://alice:***@127.0.0.1:9/private?page=1';

async function everyRowText(srv: TestServer): Promise<string> {
  const db = srv.runtime.deps.db;
  const rows = [
    ...(await sql`SELECT * FROM monitors`.execute(db)).rows,
    ...(await sql`SELECT * FROM check_results`.execute(db)).rows,
  ];
  return JSON.stringify(rows);
}

for (const dialect of DIALECTS) {
  describe(`credentials in monitor URLs (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    before(async () => {
      srv = await startTestServer({ dialect, env: { SITEWATCH_EGRESS_ALLOW: '127.0.0.0/8' } });
      token = await srv.login();
    });
    after(() => srv.close());

    it('stores the URL password sealed, returns it masked, keeps it when the mask is sent back', async () => {
      const created = await srv.request('POST', '/api/v3/monitors/website', {
        token,
        body: { name: 'with creds', url: URL_WITH },
      });
      assert.equal(created.status, 200, created.text);
      const id = created.json.id as string;
      const shown = await srv.request('GET', `/api/v3/monitors/${id}`, { token });
      assert.equal(shown.json.url, MASKED);
      assert.equal(shown.json.url_password_sealed, undefined);
      assert.ok(!(await everyRowText(srv)).includes(PASSWORD), 'the password is not stored in clear');

      // Sent back as shown: the sealed password stays.
      const patched = await srv.request('PATCH', `/api/v3/monitors/website/${id}`, {
        token,
        body: { url: MASKED, name: 'again' },
      });
      assert.equal(patched.status, 200, patched.text);
      const row = await srv.runtime.deps.db
        .selectFrom('monitors')
        .select('config')
        .where('id', '=', Number(id))
        .executeTakeFirstOrThrow();
      const config = JSON.parse(row.config) as Record<string, string>;
      assert.equal(srv.runtime.deps.secrets.open(config.url_password_sealed!), PASSWORD);

      // A URL without a password clears it.
      const clear = await srv.request('PATCH', `/api/v3/monitors/website/${id}`, {
        token,
        body: { url: 'http://127.0.0.1:9/' },
      });
      assert.equal(clear.status, 200, clear.text);
      const cleared = await srv.request('GET', `/api/v3/monitors/${id}`, { token });
      assert.equal(cleared.json.url, 'http://127.0.0.1:9/');
    });

    it('never stores the password of an ad-hoc test URL or of a monitor test in its result', async () => {
      const adhoc = await srv.request('GET', `/api/v3/tests?url=${encodeURIComponent(URL_WITH)}`, { token });
      assert.equal(adhoc.status, 200, adhoc.text);
      const created = await srv.request('POST', '/api/v3/monitors/website', {
        token,
        body: { name: 'run me', url: URL_WITH },
      });
      const run = await srv.request('GET', `/api/v3/tests?monitor_id=${created.json.id}`, { token });
      assert.equal(run.status, 200, run.text);
      assert.ok(!(await everyRowText(srv)).includes(PASSWORD));
      assert.ok(!JSON.stringify([adhoc.json, run.json]).includes(PASSWORD));
    });
  });
}

describe('the check sees the real URL', () => {
  it('opens the sealed URL password for the executor and redacts it from the verdict', async () => {
    const box = secretBox(randomBytes(32));
    let seen = '';
    const website: CheckExecutor = {
      kind: 'website',
      async run(input: CheckInput) {
        seen = String(input.config.url);
        return { status: 1, info_msg: `could not reach ${seen}`, responseMs: 1, phases: {}, steps: [] };
      },
    } as unknown as CheckExecutor;
    const input: CheckInput = {
      monitorId: 1,
      accountId: 1,
      type: 'website',
      name: 'm',
      config: { url: MASKED, url_password_sealed: box.seal(PASSWORD) },
      script: null,
      timeoutMs: 5000,
      location: { id: 10, name: 'here' },
    };
    const verdict = await runCheck(
      {
        executors: new Map([['website', website]]),
        egress: egressPolicy({ allow: [], deny: [] }),
        secrets: box,
        clock: { now: () => Date.now() } as never,
        log: pino({ level: 'silent' }),
      },
      input,
    );
    assert.equal(seen, URL_WITH);
    assert.equal(verdict.info_msg, `could not reach ${MASKED}`);
  });
});
