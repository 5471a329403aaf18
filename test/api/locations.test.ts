import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import { addUser, startTestServer, type TestServer } from '../helpers/server.ts';
import { addLocation, adminAccountId, otherAccount } from './monitors-helpers.ts';

const EXECUTED = [
  'website',
  'website-ssl',
  'website-api',
  'website-ssl-api',
  'dejaclick',
  'tcp',
  'ping',
  'ftp',
  'ftp-ssl',
  'email-imap',
  'email-pop',
  'email-smtp',
  'email-round-trip',
  'name-server',
];

for (const dialect of DIALECTS) {
  describe(`locations (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    let theirs: { token: string; accountId: number };
    before(async () => {
      srv = await startTestServer({ dialect });
      token = await srv.login();
      theirs = await otherAccount(srv);
      await addLocation(srv, 700, theirs.accountId, 'Their office');
      await addLocation(srv, 600, await adminAccountId(srv), 'Our office');
      // A worker location advertises its own capabilities; only known executed types count.
      await srv.runtime.deps.db
        .updateTable('locations')
        .set({ capabilities: JSON.stringify(['ping', 'selenium', 'teleport']), online: 0 })
        .where('id', '=', 600)
        .execute();
    });
    after(() => srv.close());

    it('lists the embedded default and the account’s private locations, not other accounts’', async () => {
      const r = await srv.request('GET', '/api/v3/locations', { token });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json.metadata, {
        __permissions: { acl: 7 },
        resultset: { count: 2, limit: null, offset: null },
      });
      const [local, ours] = r.json.results;
      assert.deepEqual(local, {
        id: 10,
        name: 'Local',
        region: 1,
        country: '',
        is_private: false,
        online: true,
        capabilities: EXECUTED,
        aliases: [],
      });
      assert.deepEqual(ours, {
        id: 600,
        name: 'Our office',
        region: 2,
        country: 'US',
        is_private: true,
        online: false,
        capabilities: ['ping'],
        aliases: [],
      });
      const theirList = await srv.request('GET', '/api/v3/locations', { token: theirs.token });
      assert.deepEqual(
        theirList.json.results.map((l: { id: number }) => l.id),
        [10, 700],
      );
    });

    it('capabilities list exactly the executed types: no api, selenium, bitbar, serveragent', async () => {
      const r = await srv.request('GET', '/api/v3/locations/10', { token });
      for (const stored of ['api', 'selenium', 'bitbar', 'serveragent'])
        assert.equal(r.json.capabilities.includes(stored), false);
    });

    it('gets one location; another account’s private one and unknown ids answer 404', async () => {
      const r = await srv.request('GET', '/api/v3/locations/600?select=name,is_private', { token });
      assert.deepEqual(r.json, { name: 'Our office', is_private: true });
      for (const path of ['/locations/700', '/locations/999', '/locations/x']) {
        const nf = await srv.request('GET', `/api/v3${path}`, { token });
        assert.equal(nf.status, 404, path);
        assert.deepEqual(nf.json, { errors: [{ code: 404, message: 'Record not found' }] });
      }
    });

    it('pages, and every role may read', async () => {
      const page = await srv.request('GET', '/api/v3/locations?limit=1&offset=1', { token });
      assert.deepEqual(page.json.metadata.resultset, { count: 2, limit: 1, offset: 1 });
      assert.equal(page.json.results[0].id, 600);
      const reader = await addUser(srv, token, 'REPORTONLY');
      const r = await srv.request('GET', '/api/v3/locations', { token: reader.token });
      assert.equal(r.status, 200);
      assert.equal(r.json.metadata.__permissions.acl, 1);
      assert.equal((await srv.request('GET', '/api/v3/locations')).status, 401);
    });

    it('new monitors default to the first online location the account may use', async () => {
      const r = await srv.request('POST', '/api/v3/monitors/ping', {
        token,
        body: { name: 'p', hostname: 'example.com' },
      });
      const m = await srv.request('GET', `/api/v3/monitors/${r.json.id}`, { token });
      assert.deepEqual(m.json.locations, [{ id: 10, name: 'Local', region: 1 }]);
      // A private location of the account may be chosen explicitly.
      const own = await srv.request('POST', '/api/v3/monitors/ping', {
        token,
        body: { name: 'p', hostname: 'example.com', locations: [{ id: 600 }] },
      });
      assert.equal(own.status, 200, own.text);
    });
  });
}
