import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import { ADMIN, addUser, startTestServer, type TestServer } from '../helpers/server.ts';

// `curl -d` without a header sends application/x-www-form-urlencoded: a JSON body under that type
// is read as JSON; real form fields are refused (415) except on POST /access-tokens.

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

for (const dialect of DIALECTS) {
  describe(`bodies under the form content type (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    before(async () => {
      srv = await startTestServer({ dialect });
      token = await srv.login();
    });
    after(() => srv.close());

    it('reads a JSON body sent as form data', async () => {
      const user = await addUser(srv, token, 'POWER-USER');
      const r = await srv.request('PATCH', `/api/v3/users/${user.guid}`, {
        token,
        raw: '{"role": "READONLY"}',
        headers: FORM,
      });
      assert.equal(r.status, 200, r.text);
      const got = await srv.request('GET', `/api/v3/users/${user.guid}`, { token });
      assert.equal(got.json.role, 'READONLY');
      const malformed = await srv.request('PATCH', `/api/v3/users/${user.guid}`, {
        token,
        raw: '{"role": ',
        headers: { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' },
      });
      assert.equal(malformed.status, 400);
      assert.equal(malformed.json.errors[0].message, 'invalid_request - Malformed JSON body.');
    });

    it('refuses real form fields on resources with 415', async () => {
      const r = await srv.request('POST', '/api/v3/users', {
        token,
        raw: 'email=a%40b.c&role=ADMIN',
        headers: FORM,
      });
      assert.equal(r.status, 415);
      assert.match(r.json.errors[0].message, /unsupported_media_type/);
    });

    it('logs in with form fields username=…&password=…', async () => {
      const body = new URLSearchParams({ username: ADMIN.email, password: ADMIN.password }).toString();
      const ok = await srv.request('POST', '/api/v3/access-tokens', { raw: body, headers: FORM });
      assert.equal(ok.status, 200, ok.text);
      assert.match(ok.json.access_token, /^[0-9a-f]{32}$/);
      const me = await srv.request('GET', '/api/v3/users', { token: ok.json.access_token });
      assert.equal(me.status, 200);

      const wrong = await srv.request('POST', '/api/v3/access-tokens', {
        raw: `username=${encodeURIComponent(ADMIN.email)}&password=nope`,
        headers: FORM,
      });
      const json = await srv.request('POST', '/api/v3/access-tokens', {
        body: { username: ADMIN.email, password: 'nope' },
      });
      assert.equal(wrong.status, 400);
      assert.equal(wrong.text, json.text, 'the same bytes as a JSON failure');
      const proto = await srv.request('POST', '/api/v3/access-tokens', {
        raw: '__proto__=x&username=a&password=b',
        headers: FORM,
      });
      assert.equal(proto.status, 400);
    });
  });
}
