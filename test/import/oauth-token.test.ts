import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { ManualClock } from '../helpers/clock.ts';
import { DIALECTS } from '../helpers/db.ts';
import { ADMIN, addUser, startTestServer, type TestServer } from '../helpers/server.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const token = (srv: TestServer, fields: Record<string, string>) =>
  srv.request('POST', '/api/token', { raw: new URLSearchParams(fields).toString(), headers: FORM });

for (const dialect of DIALECTS) {
  describe(`POST /api/token, the RFC 6749 password grant (${dialect})`, () => {
    let srv: TestServer;
    const clock = new ManualClock();
    before(async () => {
      srv = await startTestServer({ dialect, clock, env: { SITEWATCH_LOGIN_IP_PER_MINUTE: '100000' } });
    });
    after(() => srv.close());

    it('issues the same kind of token as /access-tokens, usable on /api/v3', async () => {
      const r = await token(srv, {
        grant_type: 'password',
        username: ` ${ADMIN.email.toUpperCase()}`,
        password: ADMIN.password,
      });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(Object.keys(r.json).sort(), ['access_token', 'expires_in', 'token_type']);
      assert.match(r.json.access_token, /^[0-9a-f]{32}$/);
      assert.equal(r.json.token_type, 'Bearer');
      assert.equal(r.json.expires_in, 3600);
      assert.equal(r.headers.get('cache-control'), 'no-store');
      assert.equal(r.headers.get('pragma'), 'no-cache');
      const users = await srv.request('GET', '/api/v3/users', { token: r.json.access_token });
      assert.equal(users.status, 200);
      // And it expires an hour after issue, like every token.
      clock.advance(3600_000);
      assert.equal((await srv.request('GET', '/api/v3/users', { token: r.json.access_token })).status, 401);
    });

    it('answers invalid_grant, the same for every kind of bad credentials', async () => {
      const admin = await srv.login();
      const disabled = await addUser(srv, admin, 'READONLY');
      await srv.request('PATCH', `/api/v3/users/${disabled.guid}`, {
        token: admin,
        body: { is_locked_out: true },
      });
      const bad = [
        { username: 'nobody@example.com', password: 'whatever it is' },
        { username: ADMIN.email, password: 'wrong password' },
        { username: disabled.email, password: disabled.password },
      ];
      for (const fields of bad) {
        const r = await token(srv, { grant_type: 'password', ...fields });
        assert.equal(r.status, 400, JSON.stringify(fields));
        assert.deepEqual(r.json, {
          error: 'invalid_grant',
          error_description: 'User authentication failed.',
        });
      }
    });

    it('answers unsupported_grant_type and invalid_request for malformed requests', async () => {
      const cases: [Record<string, string>, string][] = [
        [
          { grant_type: 'client_credentials', username: ADMIN.email, password: ADMIN.password },
          'unsupported_grant_type',
        ],
        [{ grant_type: 'authorization_code' }, 'unsupported_grant_type'],
        [{ username: ADMIN.email, password: ADMIN.password }, 'invalid_request'],
        [{ grant_type: 'password', username: ADMIN.email }, 'invalid_request'],
        [{ grant_type: 'password', password: 'x' }, 'invalid_request'],
        [{ grant_type: 'password', username: '', password: '' }, 'invalid_request'],
      ];
      for (const [fields, error] of cases) {
        const r = await token(srv, fields);
        assert.equal(r.status, 400, JSON.stringify(fields));
        assert.equal(r.json.error, error, JSON.stringify(fields));
        assert.equal(typeof r.json.error_description, 'string');
      }
      const xml = await srv.request('POST', '/api/token', {
        raw: '<x/>',
        headers: { 'content-type': 'text/xml' },
      });
      assert.equal(xml.status, 400);
      assert.equal(xml.json.error, 'invalid_request');
      const json = await srv.request('POST', '/api/token', {
        raw: '{"grant',
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(json.status, 400);
      assert.equal(json.json.error, 'invalid_request');
    });

    it('is in the OpenAPI document', async () => {
      const doc = await srv.request('GET', '/api/v3/openapi.json');
      assert.ok(doc.json.paths['/api/token'].post);
    });
  });

  describe(`POST /api/token throttling (${dialect})`, () => {
    it('shares the per-IP login limit with /access-tokens: 429 with Retry-After', async () => {
      const clock = new ManualClock();
      const srv = await startTestServer({ dialect, clock, env: { SITEWATCH_LOGIN_IP_PER_MINUTE: '3' } });
      try {
        assert.equal(
          (
            await srv.request('POST', '/api/v3/access-tokens', {
              body: { username: 'a@x.org', password: 'x' },
            })
          ).status,
          400,
        );
        for (let i = 0; i < 2; i++)
          assert.equal(
            (await token(srv, { grant_type: 'password', username: `u${i}@x.org`, password: 'x' })).status,
            400,
          );
        const r = await token(srv, {
          grant_type: 'password',
          username: ADMIN.email,
          password: ADMIN.password,
        });
        assert.equal(r.status, 429);
        assert.ok(Number(r.headers.get('retry-after')) >= 1);
        assert.equal(typeof r.json.error_description, 'string');
        clock.advance(60_000);
        assert.equal(
          (await token(srv, { grant_type: 'password', username: ADMIN.email, password: ADMIN.password }))
            .status,
          200,
        );
      } finally {
        await srv.close();
      }
    });
  });
}
