import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../helpers/clock.ts';
import { DIALECTS } from '../helpers/db.ts';
import { ADMIN, addUser, startTestServer, type TestServer } from '../helpers/server.ts';

const FAILED = '{"errors":[{"code":400,"message":"invalid_request - User authentication failed."}]}';
const login = (srv: TestServer, body: unknown) => srv.request('POST', '/api/v3/access-tokens', { body });

for (const dialect of DIALECTS) {
  describe(`login failures and throttling (${dialect})`, () => {
    let srv: TestServer;
    const clock = new ManualClock();
    before(async () => {
      srv = await startTestServer({ dialect, clock, env: { SITEWATCH_LOGIN_IP_PER_MINUTE: '100000' } });
    });
    after(() => srv.close());

    it('answers byte-identical 400s for every kind of failed login', async () => {
      const admin = await srv.login();
      const disabled = await addUser(srv, admin, 'READONLY');
      await srv.request('PATCH', `/api/v3/users/${disabled.guid}`, {
        token: admin,
        body: { is_locked_out: true },
      });
      const bodies: unknown[] = [
        { username: 'nobody@example.com', password: 'whatever it is' },
        { username: ADMIN.email, password: 'wrong password' },
        { username: disabled.email, password: disabled.password },
        { username: ADMIN.email },
        { password: 'x' },
        { username: '', password: '' },
        { username: 42, password: ['x'] },
        {},
      ];
      for (const body of bodies) {
        const r = await login(srv, body);
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.equal(r.text, FAILED);
        assert.equal(r.headers.get('content-type'), 'application/json; charset=utf-8');
      }
    });

    it('takes about as long for an unknown user as for a wrong password', async () => {
      const time = async (username: string) => {
        const t0 = performance.now();
        await login(srv, { username, password: 'not the password' });
        return performance.now() - t0;
      };
      await time('warmup@example.com');
      let unknown = 0;
      let wrong = 0;
      for (let i = 0; i < 8; i++) {
        unknown += await time(`ghost${i}@example.com`);
        const admin = await srv.login(); // keeps the admin's failure count below the lock
        assert.ok(admin);
        wrong += await time(ADMIN.email);
      }
      const ratio = unknown / wrong;
      assert.ok(ratio > 0.5 && ratio < 2, `unknown/wrong timing ratio ${ratio.toFixed(2)}`);
    });

    it('lets at most 10 of 50 parallel wrong passwords reach the password check', async () => {
      const admin = await srv.login();
      const u = await addUser(srv, admin, 'READONLY');
      const replies = await Promise.all(
        Array.from({ length: 50 }, () => login(srv, { username: u.email, password: 'guess' })),
      );
      const checked = replies.filter((r) => r.status === 400).length;
      const throttled = replies.filter((r) => r.status === 429);
      assert.ok(checked <= 10, `${checked} attempts reached the password check`);
      assert.equal(checked + throttled.length, 50);
      for (const r of throttled) {
        const retry = Number(r.headers.get('retry-after'));
        assert.ok(retry >= 1 && retry <= 60, `Retry-After ${retry}`);
        assert.equal(
          r.text,
          `{"errors":[{"code":429,"message":"too_many_requests - Too many login attempts. Retry after ${retry} seconds."}]}`,
        );
      }
      // Locked: even the right password waits.
      assert.equal((await login(srv, { username: u.email, password: u.password })).status, 429);
      // After the window one attempt is allowed; a failure locks again for twice as long.
      clock.advance(61_000);
      assert.equal((await login(srv, { username: u.email, password: 'guess' })).status, 400);
      const relocked = await login(srv, { username: u.email, password: 'guess' });
      assert.equal(relocked.status, 429);
      assert.equal(relocked.headers.get('retry-after'), '120');
      clock.advance(121_000);
      assert.equal((await login(srv, { username: u.email, password: u.password })).status, 200);
    });

    it('resets the failure count on success', async () => {
      const admin = await srv.login();
      const u = await addUser(srv, admin, 'READONLY');
      for (let round = 0; round < 2; round++) {
        for (let i = 0; i < 9; i++)
          assert.equal((await login(srv, { username: u.email, password: 'nope' })).status, 400);
        assert.equal((await login(srv, { username: u.email, password: u.password })).status, 200);
      }
    });

    it('counts unknown usernames too', async () => {
      for (let i = 0; i < 10; i++) {
        assert.equal((await login(srv, { username: 'ghost@example.com', password: 'x' })).status, 400);
      }
      assert.equal((await login(srv, { username: 'GHOST@example.com ', password: 'x' })).status, 429);
    });

    it('shows a locked-out user as is_locked_out, and an admin can clear it', async () => {
      const admin = await srv.login();
      const u = await addUser(srv, admin, 'READONLY');
      for (let i = 0; i < 11; i++) await login(srv, { username: u.email, password: 'nope' });
      const shown = await srv.request('GET', `/api/v3/users/${u.guid}`, { token: admin });
      assert.equal(shown.json.is_locked_out, true);
      await srv.request('PATCH', `/api/v3/users/${u.guid}`, { token: admin, body: { is_locked_out: false } });
      assert.equal((await login(srv, { username: u.email, password: u.password })).status, 200);
    });
  });

  describe(`per-IP login limits (${dialect})`, () => {
    it('refuses more than the configured attempts a minute from one IP', async () => {
      const clock = new ManualClock();
      const srv = await startTestServer({ dialect, clock, env: { SITEWATCH_LOGIN_IP_PER_MINUTE: '5' } });
      try {
        for (let i = 0; i < 5; i++)
          assert.equal((await login(srv, { username: `u${i}@x.org`, password: 'x' })).status, 400);
        const r = await login(srv, { username: 'other@x.org', password: 'x' });
        assert.equal(r.status, 429);
        assert.ok(Number(r.headers.get('retry-after')) <= 60);
        clock.advance(60_000);
        assert.equal((await login(srv, { username: ADMIN.email, password: ADMIN.password })).status, 200);
      } finally {
        await srv.close();
      }
    });

    it('counts per client address: X-Forwarded-For only from a trusted proxy', async () => {
      const spoofed = await startTestServer({ dialect, env: { SITEWATCH_LOGIN_IP_PER_MINUTE: '2' } });
      const proxied = await startTestServer({
        dialect,
        env: { SITEWATCH_LOGIN_IP_PER_MINUTE: '2', SITEWATCH_TRUST_PROXY: '127.0.0.1' },
      });
      try {
        const attempt = (srv: TestServer, i: number) =>
          srv.request('POST', '/api/v3/access-tokens', {
            body: { username: `x${i}@x.org`, password: 'x' },
            headers: { 'x-forwarded-for': `203.0.113.${i}` },
          });
        // Untrusted: the header is ignored, every attempt is the same address.
        const a = [await attempt(spoofed, 1), await attempt(spoofed, 2), await attempt(spoofed, 3)];
        assert.deepEqual(
          a.map((r) => r.status),
          [400, 400, 429],
        );
        // Behind a trusted proxy each forwarded client has its own budget.
        const b = [await attempt(proxied, 1), await attempt(proxied, 2), await attempt(proxied, 3)];
        assert.deepEqual(
          b.map((r) => r.status),
          [400, 400, 400],
        );
      } finally {
        await spoofed.close();
        await proxied.close();
      }
    });
  });
}

describe('password hashing', () => {
  it('stores argon2id with m=19 MiB, t=2, p=1', async () => {
    const srv = await startTestServer();
    try {
      const row = await srv.runtime.deps.db
        .selectFrom('users')
        .select('password_hash')
        .executeTakeFirstOrThrow();
      assert.match(row.password_hash, /^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    } finally {
      await srv.close();
    }
  });
});
