import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import { ADMIN, startTestServer, type TestServer } from '../helpers/server.ts';

for (const dialect of DIALECTS) {
  describe(`access tokens (${dialect})`, () => {
    let srv: TestServer;
    before(async () => {
      srv = await startTestServer({ dialect });
    });
    after(() => srv.close());

    it('issues a 32-hex token with token_type, expires_in and no-store headers', async () => {
      const r = await srv.request('POST', '/api/v3/access-tokens', {
        body: { username: ADMIN.email, password: ADMIN.password },
      });
      assert.equal(r.status, 200);
      assert.match(r.json.access_token, /^[0-9a-f]{32}$/);
      assert.equal(r.json.token_type, 'Bearer');
      assert.equal(r.json.expires_in, 3600);
      assert.equal(r.headers.get('cache-control'), 'no-store');
      assert.equal(r.headers.get('pragma'), 'no-cache');
      assert.equal('errors' in r.json, false);
      const users = await srv.request('GET', '/api/v3/users', { token: r.json.access_token });
      assert.equal(users.status, 200);
      assert.equal(users.json.results[0].email, ADMIN.email);
    });
  });
}
