import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import { accountOf, insertMonitor, loggedInAccount } from '../helpers/fixtures.ts';
import { addUser, startTestServer, type TestServer } from '../helpers/server.ts';
import { countStatements } from '../helpers/statements.ts';

// /status-pages (management, ADMIN writes) and /status/<slug>/data (public, cached): validation,
// tenancy, what the public JSON shows (the page's monitors and nothing else) and that a cached
// answer costs no database statement.

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

for (const dialect of DIALECTS) {
  describe(`status pages (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    let shop: number;
    let api: number;
    let hidden: number;
    let theirs: { token: string; monitor: number };
    const call = (method: string, path: string, body?: unknown, t: string | undefined = token) =>
      srv.request(method, `/api/v3${path}`, { token: t, body });

    before(async () => {
      srv = await startTestServer({ dialect });
      token = await srv.login();
      const account = await accountOf(srv);
      shop = await insertMonitor(srv, account, { name: 'Shop', interval: 5 });
      api = await insertMonitor(srv, account, { name: 'Public API', interval: 5 });
      hidden = await insertMonitor(srv, account, { name: 'Secret backoffice' });
      const other = await loggedInAccount(srv, {
        name: `Other ${dialect}`,
        email: `other-sp-${dialect}@example.com`,
        password: 'other admin secret 77',
      });
      theirs = { token: other.token, monitor: await insertMonitor(srv, other.accountId, { name: 'Theirs' }) };

      // History: Shop had 2 failing hours yesterday and is down now; the API is up.
      const { db, clock } = srv.runtime.deps;
      const now = clock.now();
      const today = Math.floor(now / DAY) * DAY;
      const rollup = (monitor_id: number, hour: number, runs: number, errors: number) => ({
        monitor_id,
        location_id: 10,
        hour,
        account_id: account,
        runs,
        errors,
        internal: 0,
        warnings: 0,
        response_sum: 100 * runs,
        response_count: runs,
        response_max: 200,
      });
      await db
        .insertInto('check_rollups')
        .values([
          rollup(shop, today - DAY, 12, 3),
          rollup(shop, today - DAY + HOUR, 12, 0),
          rollup(api, today - DAY, 12, 0),
          rollup(hidden, today - DAY, 12, 12),
        ])
        .execute();
      const status = (monitor_id: number, last_status: number) => ({
        monitor_id,
        location_id: 10,
        account_id: account,
        last_status,
        last_info_msg: 'internal host 10.1.2.3 refused',
        last_at: now - 1000,
        last_response_ms: 120,
        consecutive_errors: last_status ? 1 : 0,
        last_error_at: null,
        last_ok_at: null,
        last_slot: null,
      });
      await db
        .insertInto('monitor_status')
        .values([status(shop, 7), status(api, 0), status(hidden, 7)])
        .execute();
      const result = (monitor_id: number, started_at: number) => ({
        account_id: account,
        monitor_id,
        location_id: 10,
        kind: 'scheduled',
        scheduled_at: started_at,
        started_at,
        status: 7,
        info_msg: 'internal host 10.1.2.3 refused',
        response_ms: null,
        phases: '{}',
        steps: '[]',
        detail: '{}',
        warning: 0,
        target: null,
      });
      await db
        .insertInto('check_results')
        .values([
          result(shop, now - 10 * 60_000),
          result(shop, now - 5 * 60_000),
          result(hidden, now - 60_000),
        ])
        .execute();
    });
    after(() => srv.close());

    let pageId: number;

    it('creates, reads, lists, edits and deletes a page (ADMIN)', async () => {
      const created = await call('POST', '/status-pages', {
        slug: `shop-${dialect}`,
        title: 'Shop status',
        monitors: [shop, api],
      });
      assert.equal(created.status, 200, created.text);
      pageId = Number(created.json.id);
      const got = await call('GET', `/status-pages/${pageId}`);
      assert.equal(got.status, 200);
      assert.deepEqual(got.json.monitors, [shop, api]);
      assert.equal(got.json.public_url, `/status/shop-${dialect}`);
      assert.equal(got.json.description, '');
      const list = await call('GET', '/status-pages');
      assert.equal(list.json.metadata.resultset.count, 1);
      const edited = await call('PATCH', `/status-pages/${pageId}`, {
        description: 'Our shop',
        monitors: [api, shop],
      });
      assert.equal(edited.status, 200, edited.text);
      assert.deepEqual((await call('GET', `/status-pages/${pageId}`)).json.monitors, [api, shop]);
      const temp = await call('POST', '/status-pages', {
        slug: `tmp-${dialect}`,
        title: 'T',
        monitors: [api],
      });
      assert.equal((await call('DELETE', `/status-pages/${temp.json.id}`)).status, 204);
      assert.equal((await call('GET', `/status-pages/${temp.json.id}`)).status, 404);
      assert.equal((await srv.request('GET', `/status/tmp-${dialect}/data`)).status, 404);
    });

    it('refuses bad input with 400 naming the field', async () => {
      const bad: [unknown, string][] = [
        [{ slug: 'Has Spaces', title: 'x', monitors: [shop] }, 'slug'],
        [{ slug: 'ok', title: '', monitors: [shop] }, 'title'],
        [{ slug: 'ok', title: '   ', monitors: [shop] }, 'title'],
        [{ slug: 'ok', title: 'x', monitors: [] }, 'monitors'],
        [{ slug: 'ok', title: 'x', monitors: [shop, shop] }, 'monitors'],
        [{ slug: 'ok', title: 'x', monitors: [theirs.monitor] }, 'monitors'],
        [{ slug: 'ok', title: 'x', monitors: [99_999_999_999] }, 'monitors'],
        [{ slug: `shop-${dialect}`, title: 'x', monitors: [shop] }, 'slug'],
        [{ slug: 'data', title: 'x', monitors: [shop] }, 'slug'],
        [{ title: 'x', monitors: [shop] }, 'slug'],
      ];
      for (const [body, field] of bad) {
        const r = await call('POST', '/status-pages', body);
        assert.equal(r.status, 400, `${JSON.stringify(body)} → ${r.text}`);
        assert.ok(r.json.errors[0].fields.includes(field), `${JSON.stringify(body)} → ${r.text}`);
      }
      const patch = await call('PATCH', `/status-pages/${pageId}`, { monitors: [theirs.monitor] });
      assert.equal(patch.status, 400);
    });

    it("isolates accounts: another account's page is 404, writes need the ADMIN", async () => {
      for (const [method, body] of [['GET'], ['PATCH', { title: 'mine' }], ['DELETE']] as const) {
        const r = await call(method, `/status-pages/${pageId}`, body, theirs.token);
        assert.equal(r.status, 404, `${method} ${r.text}`);
      }
      assert.equal(
        (await call('GET', '/status-pages', undefined, theirs.token)).json.metadata.resultset.count,
        0,
      );
      for (const role of ['CO-ADMIN', 'POWER-USER', 'READONLY']) {
        const u = await addUser(srv, token, role);
        assert.equal((await call('GET', `/status-pages/${pageId}`, undefined, u.token)).status, 200);
        const w = await call(
          'POST',
          '/status-pages',
          { slug: `x-${role.toLowerCase()}`, title: 'x', monitors: [shop] },
          u.token,
        );
        assert.equal(w.status, 403, `${role} ${w.text}`);
        assert.equal((await call('DELETE', `/status-pages/${pageId}`, undefined, u.token)).status, 403);
      }
      assert.equal((await srv.request('GET', '/api/v3/status-pages')).status, 401);
    });

    it('public JSON shows the chosen monitors and nothing else, without a token', async () => {
      const r = await srv.request('GET', `/status/shop-${dialect}/data`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.title, 'Shop status');
      assert.equal(r.json.description, 'Our shop');
      assert.deepEqual(
        r.json.monitors.map((m: { name: string; status: string }) => [m.name, m.status]),
        [
          ['Public API', 'up'],
          ['Shop', 'down'],
        ],
      );
      const shopBars = r.json.monitors[1].days;
      assert.equal(shopBars.length, 90);
      assert.equal(shopBars[88].uptime, 87.5); // 21 of 24 runs passed yesterday
      assert.equal(shopBars[89].uptime, null);
      assert.equal(r.json.incidents.length, 1);
      assert.equal(r.json.incidents[0].monitor, 'Shop');
      assert.equal(r.json.incidents[0].failures, 2);
      // Nothing of other monitors, accounts, locations, hosts or ids.
      for (const leak of ['Secret', 'Theirs', '10.1.2.3', 'account', 'location', `"id"`]) {
        assert.ok(!r.text.includes(leak), `public JSON leaks ${leak}: ${r.text}`);
      }
      assert.equal(r.headers.get('x-content-type-options'), 'nosniff');
      const missing = await srv.request('GET', '/status/no-such-page/data');
      assert.equal(missing.status, 404);
      assert.equal(missing.json.errors[0].code, 404);
      // A slug no page can have (NUL broke PostgreSQL's text type) is a 404, never a 500.
      for (const odd of ['%00', 'UPPER', '-x', 'a%00b', 'x'.repeat(65)]) {
        const r = await srv.request('GET', `/status/${odd}/data`);
        assert.equal(r.status, 404, `${odd}: ${r.text}`);
        assert.equal(r.json.errors[0].code, 404);
      }
    });

    it('serves a cached answer without any database statement, and an edit refreshes it', async () => {
      const counter = countStatements(srv.runtime.deps.db);
      await srv.request('GET', `/status/shop-${dialect}/data`);
      await srv.request('GET', '/status/unknown-slug/data');
      counter.reset();
      for (let i = 0; i < 20; i++) {
        assert.equal((await srv.request('GET', `/status/shop-${dialect}/data`)).status, 200);
        assert.equal((await srv.request('GET', '/status/unknown-slug/data')).status, 404);
      }
      assert.equal(counter.n, 0, 'cached public answers ran SQL');
      assert.equal((await call('PATCH', `/status-pages/${pageId}`, { title: 'Renamed' })).status, 200);
      const r = await srv.request('GET', `/status/shop-${dialect}/data`);
      assert.equal(r.json.title, 'Renamed');
    });
  });
}
