import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../helpers/clock.ts';
import { DIALECTS } from '../helpers/db.ts';
import { ADMIN, addUser, startTestServer, type TestServer } from '../helpers/server.ts';

const MISSING = '{"errors":[{"code":401,"message":"unauthorized - Access token is missing."}]}';
const INVALID =
  '{"errors":[{"code":401,"message":"invalid_token - Access token is invalid or has expired."}]}';

/** 401 for a dead token; 403 for a live token of a role that may not manage users. */
const status = async (srv: TestServer, token: string) =>
  (await srv.request('GET', '/api/v3/users', { token })).status;

for (const dialect of DIALECTS) {
  describe(`access tokens (${dialect})`, () => {
    let srv: TestServer;
    const clock = new ManualClock();
    before(async () => {
      srv = await startTestServer({ dialect, clock, env: { SITEWATCH_LOGIN_IP_PER_MINUTE: '100000' } });
    });
    after(() => srv.close());

    it('issues a 32-hex token with token_type, expires_in and no-store headers', async () => {
      const r = await srv.request('POST', '/api/v3/access-tokens', {
        body: { username: ADMIN.email, password: ADMIN.password },
      });
      assert.equal(r.status, 200);
      assert.deepEqual(Object.keys(r.json).sort(), ['access_token', 'expires_in', 'token_type']);
      assert.match(r.json.access_token, /^[0-9a-f]{32}$/);
      assert.equal(r.json.token_type, 'Bearer');
      assert.equal(r.json.expires_in, 3600);
      assert.equal(r.headers.get('cache-control'), 'no-store');
      assert.equal(r.headers.get('pragma'), 'no-cache');
      const users = await srv.request('GET', '/api/v3/users', { token: r.json.access_token });
      assert.equal(users.status, 200);
      assert.equal(users.json.results[0].email, ADMIN.email);
    });

    it('matches the username case-insensitively and trims it', async () => {
      const r = await srv.request('POST', '/api/v3/access-tokens', {
        body: { username: `  ${ADMIN.email.toUpperCase()} `, password: ADMIN.password },
      });
      assert.equal(r.status, 200);
    });

    it('stores only the SHA-256 digest of each token', async () => {
      const token = await srv.login();
      const rows = await srv.runtime.deps.db.selectFrom('access_tokens').selectAll().execute();
      const digest = createHash('sha256').update(token).digest('hex');
      assert.ok(rows.some((r) => r.digest === digest));
      assert.ok(rows.every((r) => r.digest !== token));
    });

    it('answers every 401 variant with the documented body and WWW-Authenticate header', async () => {
      const cases: [Record<string, string>, string, string][] = [
        [{}, MISSING, 'Bearer realm="sitewatch"'],
        [{ authorization: 'Basic YWRtaW46eA==' }, MISSING, 'Bearer realm="sitewatch"'],
        [{ authorization: 'Bearer' }, MISSING, 'Bearer realm="sitewatch"'],
        [
          { authorization: 'Bearer 0123456789abcdef0123456789abcdef' },
          INVALID,
          'Bearer realm="sitewatch", error="invalid_token"',
        ],
        [{ authorization: 'Bearer not-a-token' }, INVALID, 'Bearer realm="sitewatch", error="invalid_token"'],
      ];
      for (const [headers, body, challenge] of cases) {
        const r = await srv.request('GET', '/api/v3/users', { headers });
        assert.equal(r.status, 401, JSON.stringify(headers));
        assert.equal(r.text, body);
        assert.equal(r.headers.get('www-authenticate'), challenge);
      }
    });

    it('accepts the scheme in any case with surrounding whitespace', async () => {
      const token = await srv.login();
      const r = await srv.request('GET', '/api/v3/users', {
        headers: { authorization: `  bEaReR   ${token}  ` },
      });
      assert.equal(r.status, 200);
    });

    it('expires tokens an absolute hour after issue, however often they are used', async () => {
      const token = await srv.login();
      clock.advance(3000_000);
      assert.equal((await srv.request('GET', '/api/v3/users', { token })).status, 200);
      clock.advance(599_000);
      assert.equal((await srv.request('GET', '/api/v3/users', { token })).status, 200);
      clock.advance(1_000);
      const r = await srv.request('GET', '/api/v3/users', { token });
      assert.equal(r.status, 401);
      assert.equal(r.text, INVALID);
    });

    it('logs out: DELETE /access-tokens revokes only the presented token', async () => {
      const a = await srv.login();
      const b = await srv.login();
      const r = await srv.request('DELETE', '/api/v3/access-tokens', { token: a });
      assert.equal(r.status, 204);
      assert.equal(r.text, '');
      assert.equal((await srv.request('GET', '/api/v3/users', { token: a })).status, 401);
      assert.equal((await srv.request('GET', '/api/v3/users', { token: b })).status, 200);
    });

    it('revokes all of a user’s tokens when the password changes', async () => {
      const admin = await srv.login();
      const u = await addUser(srv, admin, 'POWER-USER');
      const second = await srv.login(u.email, u.password);
      const r = await srv.request('PATCH', `/api/v3/users/${u.guid}`, {
        token: admin,
        body: { password: 'a brand new secret 7' },
      });
      assert.equal(r.status, 200);
      for (const t of [u.token, second]) assert.equal(await status(srv, t), 401);
      await assert.rejects(srv.login(u.email, u.password));
      assert.match(await srv.login(u.email, 'a brand new secret 7'), /^[0-9a-f]{32}$/);
    });

    it('revokes tokens when a user is disabled or deleted', async () => {
      const admin = await srv.login();
      const disabled = await addUser(srv, admin, 'READONLY');
      await srv.request('PATCH', `/api/v3/users/${disabled.guid}`, {
        token: admin,
        body: { is_locked_out: true },
      });
      assert.equal(await status(srv, disabled.token), 401);
      const login = await srv.request('POST', '/api/v3/access-tokens', {
        body: { username: disabled.email, password: disabled.password },
      });
      assert.equal(login.status, 400);

      const deleted = await addUser(srv, admin, 'READONLY');
      assert.equal(
        (await srv.request('DELETE', `/api/v3/users/${deleted.guid}`, { token: admin })).status,
        204,
      );
      assert.equal(await status(srv, deleted.token), 401);
    });

    it('keeps at most 100 live tokens per user, evicting the oldest', async () => {
      const admin = await srv.login();
      const u = await addUser(srv, admin, 'READONLY');
      const tokens = [u.token];
      for (let i = 0; i < 100; i++) {
        clock.advance(1); // distinct issue times make "oldest" unambiguous
        tokens.push(await srv.login(u.email, u.password));
      }
      assert.equal(await status(srv, tokens[0]!), 401);
      assert.equal(await status(srv, tokens[1]!), 403);
      assert.equal(await status(srv, tokens[100]!), 403);
      const live = await srv.runtime.deps.db
        .selectFrom('access_tokens')
        .innerJoin('users', 'users.id', 'access_tokens.user_id')
        .where('users.guid', '=', u.guid)
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow();
      assert.equal(Number(live.n), 100);
    });

    it('records last_api_access on use', async () => {
      const admin = await srv.login();
      const u = await addUser(srv, admin, 'READONLY');
      assert.equal(await status(srv, u.token), 403);
      // The write is not awaited by the request; give it a moment.
      await new Promise((r) => setTimeout(r, 100));
      const me = await srv.request('GET', `/api/v3/users/${u.guid}`, { token: admin });
      assert.match(me.json.last_api_access, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    });
  });
}

describe('access tokens with a real one-second TTL', () => {
  it('reports expires_in from the setting and rejects the token once it has passed', async () => {
    const srv = await startTestServer({ env: { SITEWATCH_TOKEN_TTL_SECONDS: '1' } });
    try {
      const r = await srv.request('POST', '/api/v3/access-tokens', {
        body: { username: ADMIN.email, password: ADMIN.password },
      });
      assert.equal(r.json.expires_in, 1);
      assert.equal((await srv.request('GET', '/api/v3/users', { token: r.json.access_token })).status, 200);
      await new Promise((res) => setTimeout(res, 1100));
      assert.equal((await srv.request('GET', '/api/v3/users', { token: r.json.access_token })).status, 401);
    } finally {
      await srv.close();
    }
  });
});
