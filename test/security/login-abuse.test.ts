import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { purgeExpired } from '../../src/maintenance/purge.ts';
import { countThrottles, reserveWindow } from '../../src/store/login-throttle.ts';
import { ManualClock } from '../helpers/clock.ts';
import { DIALECTS } from '../helpers/db.ts';
import { ADMIN, addUser, startTestServer, type TestServer } from '../helpers/server.ts';

// Issue 9, findings 3 and 4, and the login storms of the standing suite (docs/compatibility.md §2):
// throttle keys are fixed-size digests, absurd usernames are refused before anything is stored,
// failures count per username (existing or not) and never lock a whole account.

const FAILED = '{"errors":[{"code":400,"message":"invalid_request - User authentication failed."}]}';
const login = (srv: TestServer, body: unknown, headers?: Record<string, string>) =>
  srv.request('POST', '/api/v3/access-tokens', { body, headers });

async function keys(srv: TestServer): Promise<{ key: string }[]> {
  return srv.runtime.deps.db.selectFrom('login_throttle').select('key').execute();
}

for (const dialect of DIALECTS) {
  describe(`login abuse (${dialect})`, () => {
    let srv: TestServer;
    const clock = new ManualClock();
    before(async () => {
      srv = await startTestServer({
        dialect,
        clock,
        env: {
          SITEWATCH_LOGIN_IP_PER_MINUTE: '100000',
          SITEWATCH_LOGIN_USER_PER_HOUR: '5',
          SITEWATCH_LOGIN_MAX_FAILURES: '1000',
          SITEWATCH_LOGIN_MAX_COUNTERS: '100',
        },
      });
    });
    after(() => srv.close());

    it('stores fixed-size digests, never the username, and refuses absurd usernames early', async () => {
      const huge = `${'a'.repeat(1_000_000)}@example.com`;
      for (const username of [huge, 'x'.repeat(256), `${'é'.repeat(300)}@x.org`]) {
        const r = await login(srv, { username, password: 'whatever it is' });
        assert.equal(r.status, 400);
        assert.equal(r.text, FAILED);
      }
      assert.equal(await countThrottles(srv.runtime.deps.db), 0, 'absurd usernames store nothing');
      assert.equal((await login(srv, { username: 'Someone@Example.com ', password: 'x' })).text, FAILED);
      for (const { key } of await keys(srv)) {
        assert.match(key, /^(ip|user|hour):[0-9a-f]{64}$/);
        assert.ok(!key.includes('someone'));
      }
    });

    it('caps failures per username per hour, the same for existing and unknown usernames', async () => {
      const admin = await srv.login();
      const real = await addUser(srv, admin, 'READONLY');
      const answers: Record<string, string[]> = {};
      for (const username of [real.email, 'nobody-here@example.com']) {
        answers[username] = [];
        for (let i = 0; i < 7; i++) {
          const r = await login(srv, { username, password: 'wrong guess' });
          answers[username]!.push(`${r.status} ${r.headers.get('retry-after')} ${r.text}`);
        }
      }
      const [a, b] = Object.values(answers);
      assert.deepEqual(a, b, 'existing and unknown usernames are answered identically');
      assert.deepEqual(
        a!.map((x) => x.split(' ')[0]),
        ['400', '400', '400', '400', '400', '429', '429'],
      );
      assert.ok(a![5]!.startsWith('429 3600 '), a![5]);
      // Even the right password waits: the cap is what stops a slow guesser.
      assert.equal((await login(srv, { username: real.email, password: real.password })).status, 429);
      clock.advance(3_600_000);
      assert.equal((await login(srv, { username: real.email, password: real.password })).status, 200);
    });

    it('does not lock the other users of an account out when its users are sprayed', async () => {
      const admin = await srv.login();
      const users = await Promise.all([0, 1, 2, 3].map(() => addUser(srv, admin, 'READONLY')));
      // Far more failures than any account-wide limit would allow, spread over the users.
      for (let round = 0; round < 6; round++) {
        for (const u of users.slice(1)) await login(srv, { username: u.email, password: 'spray' });
      }
      assert.equal(
        (await login(srv, { username: users[0]!.email, password: users[0]!.password })).status,
        200,
      );
      assert.equal((await login(srv, { username: ADMIN.email, password: ADMIN.password })).status, 200);
    });

    it('never announces a retry longer than the window, even for a request read before it opened', async () => {
      const { db, dialect } = srv.runtime.deps;
      const limits = { max: 1, windowMs: 60_000 };
      const opened = await reserveWindow(db, dialect, 'ip:retry-after-test', 1_000_000, limits);
      assert.equal(opened.allowed, true);
      // A parallel request whose clock was read 500 ms before the window opened.
      const late = await reserveWindow(db, dialect, 'ip:retry-after-test', 999_500, limits);
      assert.equal(late.allowed, false);
      assert.ok(!late.allowed && late.retryAfterMs <= 60_000, JSON.stringify(late));
    });

    it('keeps the counter table bounded across many usernames and purges idle counters', async () => {
      for (let i = 0; i < 50; i++) await login(srv, { username: `storm${i}@example.com`, password: 'x' });
      const before = await countThrottles(srv.runtime.deps.db);
      assert.ok(before > 100, `${before} counters before the purge`);
      await purgeExpired(srv.runtime.deps);
      assert.ok(
        (await countThrottles(srv.runtime.deps.db)) <= 100,
        'trimmed to SITEWATCH_LOGIN_MAX_COUNTERS',
      );
      clock.advance(3_600_001);
      await purgeExpired(srv.runtime.deps);
      assert.equal(await countThrottles(srv.runtime.deps.db), 0, 'idle counters go after an hour');
    });
  });

  describe(`login storms by address (${dialect})`, () => {
    it('ignores a spoofed X-Forwarded-For and never says more than the window in Retry-After', async () => {
      const srv = await startTestServer({ dialect, env: { SITEWATCH_LOGIN_IP_PER_MINUTE: '20' } });
      try {
        const replies = await Promise.all(
          Array.from({ length: 60 }, (_, i) =>
            login(
              srv,
              { username: `storm${i}@example.com`, password: 'x' },
              { 'x-forwarded-for': `198.51.100.${i}` },
            ),
          ),
        );
        const statuses = replies.map((r) => r.status);
        assert.equal(statuses.filter((s) => s === 400).length, 20, statuses.join(','));
        for (const r of replies.filter((x) => x.status === 429)) {
          const retry = Number(r.headers.get('retry-after'));
          assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
        }
      } finally {
        await srv.close();
      }
    });
  });
}
