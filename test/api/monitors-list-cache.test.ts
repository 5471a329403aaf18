import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../src/log.ts';
import { createRuntime } from '../../src/main.ts';
import { DIALECTS } from '../helpers/db.ts';
import { loggedInAccount } from '../helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { countStatements } from '../helpers/statements.ts';
import { weekly } from './blackouts-fixtures.ts';
import { addProperty, adminAccountId } from './monitors-helpers.ts';

// GET /monitors answers are kept serialized until the account's monitor views change (migration
// 0012's triggers raise a version with every such write, whoever makes it). Each case below
// changes one thing a list shows, by the API or behind the server's back, and the very next list
// must show it.

for (const dialect of DIALECTS) {
  describe(`GET /monitors cache (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    let id: number;
    const list = async (query = '', t = token) => {
      const r = await srv.request('GET', `/api/v3/monitors${query}`, { token: t });
      assert.equal(r.status, 200, r.text);
      return r.json as { results: Record<string, unknown>[]; metadata: { resultset: { count: number } } };
    };
    const mine = async () => (await list()).results.find((m) => Number(m.id) === id)!;

    before(async () => {
      srv = await startTestServer({ dialect });
      token = await srv.login();
      const r = await srv.request('POST', '/api/v3/monitors/website', {
        token,
        body: { name: 'cached', url: 'http://example.com/' },
      });
      id = Number(r.json.id);
      await srv.request('GET', '/api/v3/users', { token }); // last_api_access, once a minute
    });
    after(() => srv.close());

    it('answers a repeated list from memory: one statement (the version), the same bytes', async () => {
      const first = await srv.request('GET', '/api/v3/monitors', { token });
      const counter = countStatements(srv.runtime.deps.db);
      const again = await srv.request('GET', '/api/v3/monitors', { token });
      assert.equal(counter.n, 1);
      assert.equal(again.text, first.text);
      assert.match(String(again.headers.get('content-type')), /^application\/json/);
      assert.ok(again.headers.get('x-request-id'));
      assert.notEqual(again.headers.get('x-request-id'), first.headers.get('x-request-id'));
    });

    it('shows an edit, a new monitor and a deletion at once', async () => {
      await list();
      const p = await srv.request('PATCH', `/api/v3/monitors/website/${id}`, {
        token,
        body: { name: 'renamed' },
      });
      assert.equal(p.status, 200, p.text);
      assert.equal((await mine()).name, 'renamed');
      const before = (await list()).metadata.resultset.count;
      const c = await srv.request('POST', '/api/v3/monitors/website', {
        token,
        body: { name: 'second', url: 'http://example.com/' },
      });
      assert.equal((await list()).metadata.resultset.count, before + 1);
      await srv.request('DELETE', `/api/v3/monitors/${c.json.id}`, { token });
      assert.equal((await list()).metadata.resultset.count, before);
    });

    it('shows a new blackout, custom property value and a renamed property at once', async () => {
      await list();
      const b = await srv.request('POST', '/api/v3/blackouts', { token, body: weekly(id) });
      assert.equal(b.status, 200, b.text);
      assert.deepEqual((await mine()).blackout_ids, [String(b.json.id)]);
      const prop = await addProperty(srv, await adminAccountId(srv), 'Tier', ['Gold']);
      await list();
      const p = await srv.request('PATCH', `/api/v3/monitors/website/${id}`, {
        token,
        body: { custom_properties: [{ id: prop.id, value_id: prop.values[0] }] },
      });
      assert.equal(p.status, 200, p.text);
      assert.equal(((await mine()).custom_properties as unknown[]).length, 1);
      const r = await srv.request('PATCH', `/api/v3/properties/${prop.id}`, {
        token,
        body: { name: 'Level' },
      });
      assert.equal(r.status, 200, r.text);
      const props = (await mine()).custom_properties as { name: string }[];
      assert.equal(props[0]!.name, 'Level');
    });

    it('shows writes by another process (the CLI, a worker) and location renames', async () => {
      await list();
      const other = await createRuntime(srv.settings, { log: createLogger('silent') });
      try {
        await other.deps.db
          .updateTable('monitors')
          .set({ name: 'from elsewhere' })
          .where('id', '=', id)
          .execute();
        assert.equal((await mine()).name, 'from elsewhere');
        const loc = ((await mine()).locations as { id: number }[])[0]!.id;
        await other.deps.db
          .updateTable('locations')
          .set({ name: 'Renamed City' })
          .where('id', '=', loc)
          .execute();
        assert.equal(((await mine()).locations as { name: string }[])[0]!.name, 'Renamed City');
        // A heartbeat changes no view and keeps the cache.
        await list();
        await other.deps.db
          .updateTable('locations')
          .set({ last_seen: Date.now() })
          .where('id', '=', loc)
          .execute();
        const counter = countStatements(srv.runtime.deps.db);
        await list();
        // The version only; on SQLite the token is looked up again too, as another process's
        // commit empties the principal cache (store/notify.ts).
        assert.equal(counter.n, dialect === 'sqlite' ? 2 : 1);
      } finally {
        await other.close();
      }
    });

    it('keeps accounts, roles and queries apart', async () => {
      const b = await loggedInAccount(srv, {
        name: 'Other Co',
        email: `other-${dialect}@example.com`,
        password: 'another admin secret 1',
      });
      await list();
      const theirs = await list('', b.token);
      assert.ok(!theirs.results.some((m) => Number(m.id) === id));
      assert.equal(theirs.metadata.resultset.count, 0);
      const selected = await list('?select=id,name');
      assert.deepEqual(Object.keys(selected.results[0]!).sort(), ['id', 'name']);
      assert.ok(Object.keys((await list()).results[0]!).length > 2);
      assert.equal((await list('?limit=1')).results.length, 1);
    });
  });
}

describe('GET /monitors cache off (SITEWATCH_LIST_CACHE_MB=0)', () => {
  let srv: TestServer;
  let token: string;
  before(async () => {
    srv = await startTestServer({ env: { SITEWATCH_LIST_CACHE_MB: '0' } });
    token = await srv.login();
    await srv.request('GET', '/api/v3/users', { token });
  });
  after(() => srv.close());

  it('reads the page every time, without the version', async () => {
    await srv.request('GET', '/api/v3/monitors', { token });
    const counter = countStatements(srv.runtime.deps.db);
    const r = await srv.request('GET', '/api/v3/monitors', { token });
    assert.equal(r.status, 200);
    assert.equal(counter.n, 2); // empty page: the page, then the count
  });
});
