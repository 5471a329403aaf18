import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import {
  adminAccountId,
  createMonitor,
  getMonitor,
  MINIMAL,
  sendWithoutContentType,
} from './monitors-helpers.ts';

// Operations, shapes, defaults, lists and the compatibility cases of docs/compatibility.md §1.

for (const dialect of DIALECTS) {
  describe(`monitors: operations (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    before(async () => {
      srv = await startTestServer({ dialect });
      token = await srv.login();
    });
    after(() => srv.close());

    it('creates every documented type with 200 {"id": "<string>"} and shows it back', async () => {
      for (const [type, body] of Object.entries(MINIMAL)) {
        const r = await srv.request('POST', `/api/v3/monitors/${type}`, { token, body });
        assert.equal(r.status, 200, `${type}: ${r.text}`);
        assert.deepEqual(Object.keys(r.json), ['id']);
        assert.equal(typeof r.json.id, 'string');
        const m = await getMonitor(srv, token, Number(r.json.id));
        assert.equal(m.type, type);
        assert.equal(m.name, body.name);
        assert.equal(m.id, Number(r.json.id));
      }
    });

    it('fills the documented defaults (docs/compatibility.md §6)', async () => {
      const id = await createMonitor(srv, token, 'website');
      const m = await getMonitor(srv, token, id);
      assert.equal(m.enabled, true);
      assert.equal(m.interval, 5);
      assert.equal(m.timeout, 30);
      assert.equal(m.mode, 'Primary');
      assert.deepEqual(m.locations, [{ id: 10, name: 'Local', region: 1 }]);
      assert.equal(m.home_location, 10);
      assert.equal(m.monitor_location_count, 1);
      assert.equal(m.notify_on_error, true);
      assert.equal(m.retry_on_failure, true);
      assert.equal(m.keyword_match_type, 'Plain Text');
      assert.equal(m.billing_plancode, '');
      assert.equal(m.access_type, 'Edit');
      assert.deepEqual(m.blackout_ids, []);
      assert.deepEqual(m.custom_properties, []);
      assert.equal(m.has_sla, false);
      assert.equal(m.sla_id, null);
      assert.equal(m.has_performance_alerts, false);
    });

    it('stores billing_plancode without requiring it, and keeps sent values', async () => {
      const id = await createMonitor(srv, token, 'website', {
        billing_plancode: 'UBM - A/A',
        enabled: false,
        interval: 15,
        timeout: 45,
        mode: 'Global Verify',
      });
      const m = await getMonitor(srv, token, id);
      assert.equal(m.billing_plancode, 'UBM - A/A');
      assert.equal(m.enabled, false);
      assert.equal(m.interval, 15);
      assert.equal(m.timeout, 45);
      assert.equal(m.mode, 'Global Verify');
    });

    it('accepts a body with no Content-Type and ignores extra fields such as site_type', async () => {
      const r = await sendWithoutContentType(
        srv,
        'POST',
        '/api/v3/monitors/website',
        token,
        JSON.stringify({ name: 'Raw', url: 'http://raw.example.com/', site_type: 'website', colour: 'red' }),
      );
      assert.equal(r.status, 200, r.text);
      const m = await getMonitor(srv, token, Number(JSON.parse(r.text).id));
      assert.equal(m.url, 'http://raw.example.com/');
      assert.equal('site_type' in m, false);
      assert.equal('colour' in m, false);
    });

    it('ignores read-only fields in bodies and computes them from real rows', async () => {
      const accountId = await adminAccountId(srv);
      const id = await createMonitor(srv, token, 'website', {
        id: 999999,
        type: 'ping',
        blackout_ids: ['1'],
        has_sla: true,
        sla_id: 5,
        monitor_location_count: 9,
        access_type: 'View',
        has_performance_alerts: true,
      });
      let m = await getMonitor(srv, token, id);
      assert.notEqual(m.id, 999999);
      assert.equal(m.type, 'website');
      assert.deepEqual(m.blackout_ids, []);
      assert.equal(m.has_sla, false);
      assert.equal(m.monitor_location_count, 1);
      assert.equal(m.access_type, 'Edit');

      const db = srv.runtime.deps.db;
      const base = { account_id: accountId, assoc_id: id, persistent: 1, date_added: 0 };
      const b1 = await db
        .insertInto('blackouts')
        .values({ ...base, type: 'Monitor' })
        .returning('id')
        .executeTakeFirstOrThrow();
      const b2 = await db
        .insertInto('blackouts')
        .values({ ...base, type: 'Alert' })
        .returning('id')
        .executeTakeFirstOrThrow();
      // A recipient blackout whose recipient id happens to equal the monitor id is not the monitor's.
      await db
        .insertInto('blackouts')
        .values({ ...base, type: 'Notifier' })
        .execute();
      const sla = await db
        .insertInto('slas')
        .values({
          account_id: accountId,
          monitor_id: id,
          name: 'S',
          description: '',
          availability: 99,
          response_time: 2,
          use_fullpage_time: 0,
          created_at: 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();

      m = await getMonitor(srv, token, id);
      assert.deepEqual(m.blackout_ids, [String(b1.id), String(b2.id)]);
      assert.equal(m.has_sla, true);
      assert.equal(m.sla_id, sla.id);

      const patched = await srv.request('PATCH', `/api/v3/monitors/website/${id}`, {
        token,
        body: { blackout_ids: [], has_sla: false, sla_id: null, type: 'tcp' },
      });
      assert.equal(patched.status, 200);
      m = await getMonitor(srv, token, id);
      assert.equal(m.type, 'website');
      assert.equal(m.has_sla, true);
      assert.equal(m.blackout_ids.length, 2);
    });

    it('PATCH changes only the fields sent; POST to {type}/{id} is an alias', async () => {
      const id = await createMonitor(srv, token, 'website', { keyword_string: 'Welcome', note: 'n1' });
      const r = await srv.request('PATCH', `/api/v3/monitors/website/${id}`, {
        token,
        body: { interval: 20, keyword_match_invert: true },
      });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, { id: String(id) });
      let m = await getMonitor(srv, token, id);
      assert.equal(m.interval, 20);
      assert.equal(m.keyword_match_invert, true);
      assert.equal(m.keyword_string, 'Welcome');
      assert.equal(m.note, 'n1');
      assert.equal(m.url, 'http://example.com/');

      const alias = await srv.request('POST', `/api/v3/monitors/website/${id}`, {
        token,
        body: { name: 'Renamed' },
      });
      assert.equal(alias.status, 200);
      assert.deepEqual(alias.json, { id: String(id) });
      m = await getMonitor(srv, token, id);
      assert.equal(m.name, 'Renamed');
      assert.equal(m.interval, 20);
    });

    it('parallel PATCHes of different fields all stick (no lost update)', async () => {
      const id = await createMonitor(srv, token, 'website');
      const fields = ['note', 'keyword_string', 'alert_note', 'http_basic_auth_username'];
      const replies = await Promise.all(
        fields.map((f) =>
          srv.request('PATCH', `/api/v3/monitors/website/${id}`, { token, body: { [f]: `v-${f}` } }),
        ),
      );
      assert.deepEqual(
        replies.map((r) => r.status),
        [200, 200, 200, 200],
      );
      const m = await getMonitor(srv, token, id);
      for (const f of fields) assert.equal(m[f], `v-${f}`, f);
    });

    it("PATCH through another type's path answers 404 and changes nothing", async () => {
      const id = await createMonitor(srv, token, 'tcp');
      const r = await srv.request('PATCH', `/api/v3/monitors/ping/${id}`, { token, body: { name: 'x' } });
      assert.equal(r.status, 404);
      assert.equal(r.json.errors[0].message, 'Record not found');
      assert.equal((await getMonitor(srv, token, id)).name, 'Port 80');
    });

    it('DELETE answers 204, deletes its Monitor/Alert blackouts, keeps others', async () => {
      const accountId = await adminAccountId(srv);
      const id = await createMonitor(srv, token, 'ping');
      const db = srv.runtime.deps.db;
      const base = { account_id: accountId, assoc_id: id, persistent: 1, date_added: 0 };
      await db
        .insertInto('blackouts')
        .values({ ...base, type: 'Monitor' })
        .execute();
      await db
        .insertInto('blackouts')
        .values({ ...base, type: 'Alert' })
        .execute();
      await db
        .insertInto('blackouts')
        .values({ ...base, type: 'Notifier' })
        .execute();
      const r = await srv.request('DELETE', `/api/v3/monitors/${id}`, { token });
      assert.equal(r.status, 204);
      assert.equal(r.text, '');
      assert.equal((await srv.request('GET', `/api/v3/monitors/${id}`, { token })).status, 404);
      const left = await db.selectFrom('blackouts').select('type').where('assoc_id', '=', id).execute();
      assert.deepEqual(
        left.map((b) => b.type),
        ['Notifier'],
      );
      assert.equal(
        (await db.selectFrom('monitor_locations').selectAll().where('monitor_id', '=', id).execute()).length,
        0,
      );
      assert.equal((await srv.request('DELETE', `/api/v3/monitors/${id}`, { token })).status, 404);
    });

    it('a non-integer id is a missing record', async () => {
      for (const path of ['/monitors/abc', '/monitors/1.5']) {
        const r = await srv.request('GET', `/api/v3${path}`, { token });
        assert.equal(r.status, 404);
        assert.equal(r.json.errors[0].message, 'Record not found');
      }
      const r = await srv.request('PATCH', '/api/v3/monitors/website/abc', { token, body: {} });
      assert.equal(r.status, 404);
    });
  });
}
