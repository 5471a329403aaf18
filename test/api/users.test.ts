import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccountWithAdmin } from '../../src/accounts/accounts.ts';
import { DIALECTS } from '../helpers/db.ts';
import { addUser, startTestServer, type TestServer } from '../helpers/server.ts';

const FORBIDDEN =
  '{"errors":[{"code":403,"message":"forbidden - Your role does not allow this operation."}]}';
const NOT_FOUND = '{"errors":[{"code":404,"message":"Record not found"}]}';
let seq = 0;
const newUser = (role = 'READONLY') => ({
  email: `new${seq++}@example.com`,
  first_name: 'New',
  last_name: 'Person',
  password: 'a long enough secret 1',
  role,
});

for (const dialect of DIALECTS) {
  describe(`users API (${dialect})`, () => {
    let srv: TestServer;
    let admin: string;
    before(async () => {
      srv = await startTestServer({ dialect, env: { SITEWATCH_LOGIN_IP_PER_MINUTE: '100000' } });
      admin = await srv.login();
    });
    after(() => srv.close());

    it('creates a user with 200 {"id": guid} and shows every documented field', async () => {
      const body = { ...newUser('POWER-USER'), work_phone: '+1 555 0100' };
      const r = await srv.request('POST', '/api/v3/users', { token: admin, body });
      assert.equal(r.status, 200);
      assert.deepEqual(Object.keys(r.json), ['id']);
      assert.match(r.json.id, /^[0-9a-f-]{36}$/);
      const u = (await srv.request('GET', `/api/v3/users/${r.json.id}`, { token: admin })).json;
      assert.deepEqual(Object.keys(u).sort(), [
        'date_joined',
        'email',
        'first_name',
        'guid',
        'home_phone',
        'is_locked_out',
        'is_sso_optional',
        'last_api_access',
        'last_console_access',
        'last_name',
        'role',
        'user_number',
        'work_phone',
      ]);
      assert.equal(u.guid, r.json.id);
      assert.equal(typeof u.user_number, 'number');
      assert.equal(u.email, body.email);
      assert.equal(u.role, 'POWER-USER');
      assert.equal(u.work_phone, '+1 555 0100');
      assert.equal(u.home_phone, '');
      assert.match(u.date_joined, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
      assert.equal(u.last_api_access, null);
      assert.equal(u.is_locked_out, false);
      assert.equal(JSON.stringify(u).includes(body.password), false);
    });

    it('enforces the role matrix on every /users operation', async () => {
      const expected: Record<string, number[]> = {
        // list, get, create, patch, delete
        ADMIN: [200, 200, 200, 200, 204],
        'CO-ADMIN': [200, 200, 200, 200, 204],
        'POWER-USER': [403, 403, 403, 403, 403],
        READONLY: [403, 403, 403, 403, 403],
        REPORTONLY: [403, 403, 403, 403, 403],
      };
      for (const [role, codes] of Object.entries(expected)) {
        const token = role === 'ADMIN' ? admin : (await addUser(srv, admin, role)).token;
        const victim = (await srv.request('POST', '/api/v3/users', { token: admin, body: newUser() })).json
          .id;
        const got = [
          (await srv.request('GET', '/api/v3/users', { token })).status,
          (await srv.request('GET', `/api/v3/users/${victim}`, { token })).status,
          (await srv.request('POST', '/api/v3/users', { token, body: newUser() })).status,
          (await srv.request('PATCH', `/api/v3/users/${victim}`, { token, body: { first_name: 'X' } }))
            .status,
          (await srv.request('DELETE', `/api/v3/users/${victim}`, { token })).status,
        ];
        assert.deepEqual(got, codes, role);
        if (codes[0] === 403) {
          assert.equal((await srv.request('GET', '/api/v3/users', { token })).text, FORBIDDEN);
        }
      }
    });

    it('keeps one ADMIN who only the ADMIN can change, and no one deletes themselves', async () => {
      const co = await addUser(srv, admin, 'CO-ADMIN');
      const adminGuid = (await srv.request('GET', '/api/v3/users', { token: admin })).json.results.find(
        (u: { role: string }) => u.role === 'ADMIN',
      ).guid;
      assert.equal(
        (
          await srv.request('PATCH', `/api/v3/users/${adminGuid}`, {
            token: co.token,
            body: { first_name: 'X' },
          })
        ).status,
        403,
      );
      assert.equal(
        (await srv.request('DELETE', `/api/v3/users/${adminGuid}`, { token: co.token })).status,
        403,
      );
      const self = await srv.request('DELETE', `/api/v3/users/${co.guid}`, { token: co.token });
      assert.equal(self.status, 400);
      const own = await srv.request('DELETE', `/api/v3/users/${adminGuid}`, { token: admin });
      assert.equal(own.status, 400);
      const second = await srv.request('POST', '/api/v3/users', { token: admin, body: newUser('ADMIN') });
      assert.equal(second.status, 400);
      assert.deepEqual(second.json.errors[0].fields, ['role']);
      const promote = await srv.request('PATCH', `/api/v3/users/${co.guid}`, {
        token: admin,
        body: { role: 'ADMIN' },
      });
      assert.equal(promote.status, 400);
      const demote = await srv.request('PATCH', `/api/v3/users/${adminGuid}`, {
        token: admin,
        body: { role: 'READONLY' },
      });
      assert.equal(demote.status, 400);
      const rename = await srv.request('PATCH', `/api/v3/users/${adminGuid}`, {
        token: admin,
        body: { first_name: 'Ada' },
      });
      assert.equal(rename.status, 200);
      assert.equal(rename.json.id, adminGuid);
    });

    it('rejects a duplicate email (any case) with fields ["email"]', async () => {
      const body = newUser();
      assert.equal((await srv.request('POST', '/api/v3/users', { token: admin, body })).status, 200);
      const dup = await srv.request('POST', '/api/v3/users', {
        token: admin,
        body: { ...body, email: body.email.toUpperCase() },
      });
      assert.equal(dup.status, 400);
      assert.deepEqual(dup.json.errors[0].fields, ['email']);
    });

    it('rejects short, long and common passwords and changes nothing', async () => {
      const before = (await srv.request('GET', '/api/v3/users', { token: admin })).json.metadata.resultset
        .count;
      for (const password of ['short', 'x'.repeat(257), 'password123', 'Qwertyuiop']) {
        const r = await srv.request('POST', '/api/v3/users', {
          token: admin,
          body: { ...newUser(), password },
        });
        assert.equal(r.status, 400, password);
        assert.deepEqual(r.json.errors[0].fields, ['password']);
      }
      const afterCount = (await srv.request('GET', '/api/v3/users', { token: admin })).json.metadata.resultset
        .count;
      assert.equal(afterCount, before);
    });

    it('validates fields with the envelope and names each bad field', async () => {
      const r = await srv.request('POST', '/api/v3/users', {
        token: admin,
        body: { email: 'not-an-email', first_name: 5, role: 'BOSS', password: 'a long enough secret 1' },
      });
      assert.equal(r.status, 400);
      const byField = Object.fromEntries(
        r.json.errors.map((e: { fields: string[]; message: string }) => [e.fields[0], e.message]),
      );
      assert.equal(byField.email, 'must be a valid email');
      assert.equal(byField.first_name, 'must be a string');
      assert.equal(byField.last_name, 'required and is empty');
      assert.match(byField.role, /^must be one of: ADMIN, CO-ADMIN, POWER-USER, READONLY, REPORTONLY$/);
      for (const e of r.json.errors) assert.equal(e.code, 400);
    });

    it('isolates accounts: another account’s guid answers 404 everywhere', async () => {
      await createAccountWithAdmin(srv.runtime.deps, {
        name: 'Elsewhere',
        parentId: null,
        adminEmail: 'root@elsewhere.example',
        adminPassword: 'elsewhere secret 22',
      });
      const other = await srv.login('root@elsewhere.example', 'elsewhere secret 22');
      const mine = (await srv.request('POST', '/api/v3/users', { token: admin, body: newUser() })).json.id;
      for (const [method, body] of [['GET'], ['PATCH', { first_name: 'Z' }], ['DELETE']] as const) {
        const r = await srv.request(method, `/api/v3/users/${mine}`, { token: other, body });
        assert.equal(r.status, 404, method);
        assert.equal(r.text, NOT_FOUND);
      }
      const list = await srv.request('GET', '/api/v3/users', { token: other });
      assert.deepEqual(
        list.json.results.map((u: { email: string }) => u.email),
        ['root@elsewhere.example'],
      );
      assert.equal((await srv.request('GET', `/api/v3/users/${mine}`, { token: admin })).status, 200);
    });

    it('answers 404 for a guid that is not a UUID', async () => {
      for (const id of ['123', 'not-a-guid', '00000000-0000-0000-0000-00000000000g']) {
        const r = await srv.request('GET', `/api/v3/users/${id}`, { token: admin });
        assert.equal(r.status, 404, id);
        assert.equal(r.text, NOT_FOUND);
      }
    });

    it('pages with limit/offset, counts the total and projects with select', async () => {
      for (let i = 0; i < 3; i++)
        await srv.request('POST', '/api/v3/users', { token: admin, body: newUser() });
      const all = (await srv.request('GET', '/api/v3/users', { token: admin })).json;
      const total = all.metadata.resultset.count;
      assert.equal(all.results.length, total);
      assert.deepEqual(all.metadata, {
        __permissions: { acl: 7 },
        resultset: { count: total, limit: null, offset: null },
      });
      const page = (await srv.request('GET', '/api/v3/users?limit=2&offset=1', { token: admin })).json;
      assert.deepEqual(page.metadata.resultset, { count: total, limit: 2, offset: 1 });
      assert.deepEqual(
        page.results.map((u: { guid: string }) => u.guid),
        all.results.slice(1, 3).map((u: { guid: string }) => u.guid),
      );
      const sel = (await srv.request('GET', '/api/v3/users?select=email,role,nonsense', { token: admin }))
        .json;
      for (const u of sel.results) assert.deepEqual(Object.keys(u), ['email', 'role']);
      const empty = (await srv.request('GET', '/api/v3/users?select=', { token: admin })).json;
      assert.ok(empty.results.length > 0);
      for (const u of empty.results) assert.deepEqual(u, {});
      const one = (
        await srv.request('GET', `/api/v3/users/${all.results[0].guid}?select=guid`, { token: admin })
      ).json;
      assert.deepEqual(one, { guid: all.results[0].guid });
      const capped = (await srv.request('GET', '/api/v3/users?limit=9999', { token: admin })).json;
      assert.equal(capped.metadata.resultset.limit, 5000);
      for (const bad of ['limit=-1', 'limit=abc', 'offset=-5']) {
        const r = await srv.request('GET', `/api/v3/users?${bad}`, { token: admin });
        assert.equal(r.status, 400, bad);
        assert.deepEqual(r.json.errors[0].fields, [bad.split('=')[0]]);
      }
    });

    it('answers acl 7 to writers (the role check keeps readers off /users entirely)', async () => {
      const co = await addUser(srv, admin, 'CO-ADMIN');
      const r = await srv.request('GET', '/api/v3/users', { token: co.token });
      assert.equal(r.json.metadata.__permissions.acl, 7);
    });
  });
}
