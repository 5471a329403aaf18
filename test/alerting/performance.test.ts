import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccountWithAdmin } from '../../src/accounts/accounts.ts';
import { evaluatePerformanceAlerts } from '../../src/alerting/performance.ts';
import { performanceAlertService } from '../../src/alerting/performance-config.ts';
import { DIALECTS } from '../helpers/db.ts';
import { addUser, startTestServer, type TestServer } from '../helpers/server.ts';
import { startHttpReceiver, type HttpReceiver } from '../channels/receivers.ts';
import { website } from '../engine/helpers.ts';
import { alertWorld, type AlertWorld } from './helpers.ts';

for (const dialect of DIALECTS) {
  describe(`performance alerts: API (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    let monitor: string;
    const base = () => `/api/v3/monitors/${monitor}/performance-alerts`;
    before(async () => {
      srv = await startTestServer({ dialect });
      token = await srv.login();
      monitor = (
        await srv.request('POST', '/api/v3/monitors/website', {
          token,
          body: { name: 'Shop', url: 'http://example.com/' },
        })
      ).json.id;
    });
    after(() => srv.close());

    it('creates, lists, edits and deletes, and the monitor says it has them', async () => {
      const c = await srv.request('POST', base(), {
        token,
        body: { type: 'static', threshold_seconds: 2.5, window_minutes: 30, min_locations: 1 },
      });
      assert.equal(c.status, 200, c.text);
      const id = c.json.id;
      const list = await srv.request('GET', base(), { token });
      assert.equal(list.json.metadata.resultset.count, 1);
      assert.deepEqual(list.json.results[0], {
        id,
        monitor_id: Number(monitor),
        step_number: 0,
        type: 'static',
        threshold_seconds: 2.5,
        percent: null,
        baseline_days: null,
        window_minutes: 30,
        min_locations: 1,
        enabled: true,
        active: false,
        dt_fired: null,
      });
      let m = (await srv.request('GET', `/api/v3/monitors/${monitor}`, { token })).json;
      assert.equal(m.has_performance_alerts, true);
      assert.equal(m.has_active_performance_alerts, false);
      const p = await srv.request('PATCH', `${base()}/${id}`, {
        token,
        body: { type: 'dynamic', percent: 50 },
      });
      assert.equal(p.status, 200, p.text);
      const edited = (await srv.request('GET', base(), { token })).json.results[0];
      assert.equal(edited.type, 'dynamic');
      assert.equal(edited.baseline_days, 7);
      assert.equal(edited.threshold_seconds, null);
      assert.equal((await srv.request('DELETE', `${base()}/${id}`, { token })).status, 204);
      m = (await srv.request('GET', `/api/v3/monitors/${monitor}`, { token })).json;
      assert.equal(m.has_performance_alerts, false);
      const spec = (await srv.request('GET', '/api/v3/openapi.json')).json;
      assert.ok(spec.paths['/api/v3/monitors/{id}/performance-alerts']);
    });

    it('refuses bad input with 400 naming the field', async () => {
      for (const [body, field] of [
        [{ type: 'fast' }, 'type'],
        [{ type: 'static' }, 'threshold_seconds'],
        [{ type: 'static', threshold_seconds: -1 }, 'threshold_seconds'],
        [{ type: 'dynamic' }, 'percent'],
        [{ type: 'dynamic', percent: 20, baseline_days: 9 }, 'baseline_days'],
        [{ type: 'static', threshold_seconds: 1, window_minutes: 5 }, 'window_minutes'],
        [{ type: 'static', threshold_seconds: 1, min_locations: 0 }, 'min_locations'],
        [{ type: 'static', threshold_seconds: 'x' }, 'threshold_seconds'],
      ] as const) {
        const r = await srv.request('POST', base(), { token, body });
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.deepEqual(r.json.errors[0].fields, [field], JSON.stringify(body));
      }
    });

    it("answers 404 for another account's monitor or alert, 403 to READONLY writes", async () => {
      const id = (
        await srv.request('POST', base(), { token, body: { type: 'static', threshold_seconds: 1 } })
      ).json.id;
      await createAccountWithAdmin(srv.runtime.deps, {
        name: 'Other',
        parentId: null,
        adminEmail: 'other@example.com',
        adminPassword: 'other secret 123',
      });
      const other = await srv.login('other@example.com', 'other secret 123');
      assert.equal((await srv.request('GET', base(), { token: other })).status, 404);
      assert.equal((await srv.request('DELETE', `${base()}/${id}`, { token: other })).status, 404);
      assert.equal((await srv.request('DELETE', `${base()}/999999`, { token })).status, 404);
      const reader = await addUser(srv, token, 'READONLY');
      assert.equal((await srv.request('GET', base(), { token: reader.token })).status, 200);
      const w = await srv.request('POST', base(), {
        token: reader.token,
        body: { type: 'static', threshold_seconds: 1 },
      });
      assert.equal(w.status, 403);
    });
  });

  describe(`performance alerts: evaluation (${dialect})`, () => {
    let w: AlertWorld;
    let rx: HttpReceiver;
    before(async () => {
      w = await alertWorld(dialect);
      rx = await startHttpReceiver();
    });
    after(async () => {
      await rx.close();
      await w.close();
    });

    it('fires once per episode to performance recipients only, whatever the blackouts, and stops when fast again', async () => {
      let slowMs = 0;
      w.plans.set('slow', () => ({ responseMs: slowMs || 5 }));
      const id = await website(w, {
        name: 'slow',
        locations: [{ id: 10 }, { id: 20 }],
        mode: 'Global Notify',
      });
      const perf = await w.recipients.create(w.admin, {
        name: 'perf',
        method_id: 16,
        recipient: `${rx.url}/perf`,
        performance_alert: true,
      });
      const avail = await w.recipients.create(w.admin, {
        name: 'avail',
        method_id: 16,
        recipient: `${rx.url}/avail`,
      });
      await w.groups.create(w.admin, {
        name: 'g',
        monitors: [{ id }],
        recipients: [{ id: perf }, { id: avail }],
      });
      const svc = performanceAlertService(w.deps);
      const alertId = await svc.create(w.admin, id, {
        type: 'static',
        threshold_seconds: 1,
        window_minutes: 10,
        min_locations: 2,
      });
      await w.blackouts.create(w.admin, {
        type: 'Alert',
        assoc_id: id,
        start_day: 1,
        start_time: '00:00',
        end_day: 7,
        end_time: '23:59',
      });
      await w.tick(10);
      assert.equal(await evaluatePerformanceAlerts(w.deps), 0, 'fast: nothing');
      slowMs = 3000;
      await w.tick(12);
      assert.equal(await evaluatePerformanceAlerts(w.deps), 1, 'slow at both locations: one notice');
      assert.equal(await evaluatePerformanceAlerts(w.deps), 0, 'still slow: no repeat');
      await w.deliver();
      const got = rx.received.map((r) => [r.url, JSON.parse(r.body)] as const);
      assert.deepEqual(
        got.map(([u]) => u),
        ['/perf'],
        'only the recipient with performance_alert, despite the Alert blackout',
      );
      const event = got[0]![1];
      assert.equal(event.notify_type, 'performance');
      assert.equal(event.device_id, id);
      assert.equal(event.performance.threshold_seconds, 1);
      assert.equal(event.performance.locations, 2);
      assert.ok(event.performance.measured_seconds > 1);
      assert.equal((await svc.get(w.admin, id, alertId)).active, true);

      slowMs = 0;
      await w.tick(12);
      await evaluatePerformanceAlerts(w.deps);
      assert.equal((await svc.get(w.admin, id, alertId)).active, false, 'fast again: no longer active');
      slowMs = 3000;
      await w.tick(12);
      assert.equal(await evaluatePerformanceAlerts(w.deps), 1, 'a new episode notifies again');
    });

    it('dynamic: fires when the window mean is the given percent above the baseline', async () => {
      let ms = 100;
      w.plans.set('dyn', () => ({ responseMs: ms }));
      const id = await website(w, { name: 'dyn', mode: 'Global Notify' });
      const svc = performanceAlertService(w.deps);
      await svc.create(w.admin, id, { type: 'dynamic', percent: 100, baseline_days: 1, window_minutes: 10 });
      await w.tick(120);
      assert.equal(await evaluatePerformanceAlerts(w.deps), 0);
      ms = 150; // 50 % slower: under the 100 % threshold
      await w.tick(12);
      await evaluatePerformanceAlerts(w.deps);
      const flags = async () =>
        (
          await w.deps.db
            .selectFrom('performance_alerts')
            .select('firing')
            .where('monitor_id', '=', id)
            .executeTakeFirstOrThrow()
        ).firing;
      assert.equal(await flags(), 0);
      ms = 400;
      await w.tick(12);
      await evaluatePerformanceAlerts(w.deps);
      assert.equal(await flags(), 1);
    });
  });
}
