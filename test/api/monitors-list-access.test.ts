import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import { countStatements } from '../helpers/statements.ts';
import { addUser, startTestServer, type TestServer } from '../helpers/server.ts';
import { createMonitor, MINIMAL, otherAccount } from './monitors-helpers.ts';

// GET /monitors (filters, select, paging, query count) and account / role isolation.

for (const dialect of DIALECTS) {
  describe(`monitors: lists (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    const ids: number[] = [];
    before(async () => {
      srv = await startTestServer({ dialect });
      token = await srv.login();
      for (const type of ['website', 'ping', 'website', 'tcp', 'api'])
        ids.push(await createMonitor(srv, token, type));
    });
    after(() => srv.close());

    const list = (query: string) => srv.request('GET', `/api/v3/monitors${query}`, { token });

    it('answers the list envelope with total count and echoed paging', async () => {
      const r = await list('');
      assert.equal(r.status, 200);
      assert.deepEqual(r.json.metadata, {
        __permissions: { acl: 7 },
        resultset: { count: 5, limit: null, offset: null },
      });
      assert.deepEqual(
        r.json.results.map((m: { id: number }) => m.id),
        ids,
      );
      const page = await list('?limit=2&offset=1');
      assert.deepEqual(page.json.metadata.resultset, { count: 5, limit: 2, offset: 1 });
      assert.deepEqual(
        page.json.results.map((m: { id: number }) => m.id),
        ids.slice(1, 3),
      );
    });

    it('filters by a comma list of types; an unknown type answers 400 naming it', async () => {
      const r = await list('?type=website,tcp');
      assert.equal(r.json.metadata.resultset.count, 3);
      assert.deepEqual([...new Set(r.json.results.map((m: { type: string }) => m.type))].sort(), [
        'tcp',
        'website',
      ]);
      const bad = await list('?type=website,nonsense');
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.json.errors[0].fields, ['type']);
      assert.match(bad.json.errors[0].message, /nonsense/);
      assert.equal((await list('?type=selenium')).json.metadata.resultset.count, 0);
    });

    it('select keeps the named fields; select= returns empty objects', async () => {
      const r = await list('?select=id,name,nope');
      assert.deepEqual(Object.keys(r.json.results[0]), ['id', 'name']);
      const empty = await list('?select=');
      assert.deepEqual(empty.json.results, [{}, {}, {}, {}, {}]);
      const one = await srv.request('GET', `/api/v3/monitors/${ids[0]}?select=type,blackout_ids`, { token });
      assert.deepEqual(one.json, { type: 'website', blackout_ids: [] });
      const none = await srv.request('GET', `/api/v3/monitors/${ids[0]}?select=`, { token });
      assert.deepEqual(none.json, {});
    });

    it('refuses bad paging values with 400', async () => {
      for (const q of ['?limit=-1', '?offset=x', '?show_scripts=maybe']) {
        const r = await list(q);
        assert.equal(r.status, 400, q);
        assert.ok(r.json.errors[0].fields.length === 1);
      }
    });

    it('runs the same number of queries for 5 monitors as for 40', async () => {
      // Each list follows a change, so neither is answered from the list cache.
      await list('');
      await createMonitor(srv, token, 'website-api');
      const counter = countStatements(srv.runtime.deps.db);
      const before = await list('');
      const few = counter.n;
      for (let i = 0; i < 40 - before.json.results.length; i++)
        await createMonitor(srv, token, 'website-api');
      counter.reset();
      const r = await list('');
      assert.equal(r.json.results.length, 40);
      assert.equal(counter.n, few);
      // The account's view version, then one statement for the page, its relations and the total
      // (store/monitor-views.ts); the token's principal is cached after its first use, and
      // last_api_access is touched at most once a minute.
      assert.ok(few >= 2 && few <= 3, `${few} queries`);
    });
  });

  describe(`monitors: account and role isolation (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    let theirs: { token: string; accountId: number };
    before(async () => {
      srv = await startTestServer({ dialect });
      token = await srv.login();
      theirs = await otherAccount(srv);
    });
    after(() => srv.close());

    it("another account's monitor answers 404 on every id route, and is untouched", async () => {
      const id = await createMonitor(srv, theirs.token, 'website-api');
      const routes: [string, string, unknown?][] = [
        ['GET', `/monitors/${id}`],
        ['GET', `/monitors/${id}?download_script=true`],
        ['DELETE', `/monitors/${id}`],
        ['PATCH', `/monitors/website-api/${id}`, { name: 'mine now' }],
        ['POST', `/monitors/website-api/${id}`, { name: 'mine now' }],
        ['POST', `/monitors/${id}/clone`, { name: 'stolen' }],
        ['PATCH', `/monitors/website-api/${id}/convert-api`, {}],
        ['POST', `/monitors/website-api/${id}/convert-api`, {}],
      ];
      for (const [method, path, body] of routes) {
        const r = await srv.request(method, `/api/v3${path}`, { token, body });
        assert.equal(r.status, 404, `${method} ${path}`);
        assert.deepEqual(r.json, { errors: [{ code: 404, message: 'Record not found' }] });
      }
      const r = await srv.request('GET', `/api/v3/monitors/${id}`, { token: theirs.token });
      assert.equal(r.json.name, 'API');
      assert.equal(r.json.type, 'website-api');
      assert.equal(
        (await srv.request('GET', '/api/v3/monitors', { token })).json.metadata.resultset.count,
        0,
      );
    });

    it('READONLY and REPORTONLY get 403 on every write and 200 on reads', async () => {
      const id = await createMonitor(srv, token, 'website-api');
      const writes: [string, string, unknown][] = [
        ['DELETE', `/monitors/${id}`, undefined],
        ['POST', `/monitors/${id}/clone`, { name: 'c' }],
        ['PATCH', `/monitors/website-api/${id}/convert-api`, {}],
        ['POST', `/monitors/website-api/${id}/convert-api`, {}],
        ['POST', '/monitors/selenium', {}],
      ];
      for (const [type, body] of Object.entries(MINIMAL)) {
        writes.push(['POST', `/monitors/${type}`, body]);
        writes.push(['PATCH', `/monitors/${type}/${id}`, { name: 'x' }]);
        writes.push(['POST', `/monitors/${type}/${id}`, { name: 'x' }]);
      }
      writes.push(['PATCH', `/monitors/selenium/${id}`, { name: 'x' }]);
      for (const role of ['READONLY', 'REPORTONLY']) {
        const user = await addUser(srv, token, role);
        for (const [method, path, body] of writes) {
          const r = await srv.request(method, `/api/v3${path}`, { token: user.token, body });
          assert.equal(r.status, 403, `${role} ${method} ${path}`);
        }
        assert.equal(
          (await srv.request('GET', '/api/v3/monitors', { token: user.token })).json.metadata.__permissions
            .acl,
          1,
        );
        assert.equal((await srv.request('GET', `/api/v3/monitors/${id}`, { token: user.token })).status, 200);
      }
      const m = await srv.request('GET', `/api/v3/monitors/${id}`, { token });
      assert.equal(m.json.name, 'API');
      assert.equal(
        (await srv.request('GET', '/api/v3/monitors', { token })).json.metadata.resultset.count,
        1,
      );
    });

    it('POWER-USER may write monitors', async () => {
      const power = await addUser(srv, token, 'POWER-USER');
      const id = await createMonitor(srv, power.token, 'ping');
      assert.equal(
        (await srv.request('DELETE', `/api/v3/monitors/${id}`, { token: power.token })).status,
        204,
      );
    });
  });
}
