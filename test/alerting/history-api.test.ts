import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { createAccountWithAdmin } from '../../src/accounts/accounts.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { createDispatcher } from '../../src/outbox/dispatcher.ts';
import { ManualClock } from '../helpers/clock.ts';
import { DIALECTS } from '../helpers/db.ts';
import { listenOnPortZero, type Listening } from '../helpers/listen.ts';
import { addUser, startTestServer, type TestServer } from '../helpers/server.ts';
import { startHttpReceiver, type HttpReceiver } from '../channels/receivers.ts';
import { drain, T0 } from '../engine/helpers.ts';

// End to end over real sockets: a real HTTP check of a local target that answers 503, the engine
// deciding in its write, the dispatcher POSTing JSON to a local receiver, and the history API.

for (const dialect of DIALECTS) {
  describe(`GET /api/v3/alerts (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    let target: Listening;
    let rx: HttpReceiver;
    let monitorId: string;
    const clock = new ManualClock(T0);
    let up = false;

    before(async () => {
      target = await listenOnPortZero(
        createServer((_req, res) => res.writeHead(up ? 200 : 503).end(up ? 'fine' : 'down')),
      );
      rx = await startHttpReceiver();
      srv = await startTestServer({
        dialect,
        clock,
        env: { SITEWATCH_EGRESS_ALLOW: '127.0.0.0/8,::1/128', LOG_LEVEL: 'info' },
      });
      token = await srv.login();
      const api = (method: string, path: string, body?: unknown) =>
        srv.request(method, path, { token, body });
      monitorId = (
        await api('POST', '/api/v3/monitors/website', {
          name: 'Shop',
          url: `http://127.0.0.1:${target.port}/`,
          interval: 1,
          mode: 'Global Notify',
          retry_on_failure: false,
        })
      ).json.id;
      const rid = (
        await api('POST', '/api/v3/recipients', {
          name: 'hook',
          method_id: 16,
          recipient: `${rx.url}/hook`,
          notify_on_clear: true,
        })
      ).json.id;
      const g = await api('POST', '/api/v3/notifier-groups', {
        name: 'ops',
        monitors: [{ id: Number(monitorId) }],
        recipients: [{ id: Number(rid) }],
      });
      assert.equal(g.status, 200, g.text);
      const deps = srv.runtime.deps;
      const engine = createEngine(deps, { locations: [10], pollMs: 10, flushMs: 5 });
      const dispatcher = createDispatcher(deps, { attemptTimeoutMs: 2000 });
      for (const phase of ['down', 'down', 'up'] as const) {
        up = phase === 'up';
        clock.advance(60_000);
        await drain(engine);
        await dispatcher.runOnce();
      }
      await engine.stop();
    });
    after(async () => {
      await srv.close();
      await rx.close();
      await target.close();
    });

    it('lists the alerts newest first with their attempts, and the log tells the transitions', async () => {
      assert.equal(rx.received.length, 3);
      const r = await srv.request('GET', '/api/v3/alerts', { token });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.metadata.resultset.count, 3);
      const [clear, second, first] = r.json.results;
      assert.equal(clear.notify_type, 'clear');
      assert.equal(clear.status, 0);
      assert.equal(second.errcount, 2);
      assert.equal(first.notify_type, 'error');
      assert.equal(first.status, 7);
      assert.equal(first.monitor_id, Number(monitorId));
      assert.equal(first.state, 'sent');
      assert.equal(first.destination, `${rx.url}/hook`);
      assert.equal(first.attempts.length, 1);
      assert.equal(first.attempts[0].outcome, 'sent');
      assert.equal(first.attempts[0].http_status, 200);
      assert.equal(first.delivery_id, rx.received[0]!.headers['x-sitewatch-delivery']);
      const lines = srv.logs.map((l) => JSON.parse(l) as Record<string, unknown>);
      const down = lines.filter((l) => l.event === 'monitor_down');
      const recovered = lines.filter((l) => l.event === 'monitor_recovered');
      assert.equal(down.length, 1, 'one line when it went down');
      assert.equal(down[0]!.monitorId, Number(monitorId));
      assert.equal(down[0]!.locationId, 10);
      assert.equal(down[0]!.status, 7);
      assert.equal(recovered.length, 1, 'one line when it recovered');
    });

    it('filters by monitor, notify_type and time; pages; selects', async () => {
      const get = async (q: string) => (await srv.request('GET', `/api/v3/alerts?${q}`, { token })).json;
      assert.equal((await get('notify_type=clear')).metadata.resultset.count, 1);
      assert.equal((await get(`monitor_id=${monitorId}`)).metadata.resultset.count, 3);
      assert.equal((await get('monitor_id=999999')).metadata.resultset.count, 0);
      assert.equal(
        (await get(`from=${encodeURIComponent(new Date(T0 + 120_000).toISOString())}`)).results.length,
        2,
      );
      assert.equal((await get('to=2026-01-05 12:01:30')).results.length, 1);
      const paged = await get('limit=1&offset=1&select=errcount,notify_type');
      assert.deepEqual(paged.results, [{ errcount: 2, notify_type: 'error' }]);
      assert.deepEqual(paged.metadata.resultset, { count: 3, limit: 1, offset: 1 });
    });

    it('answers 400 for bad filters', async () => {
      for (const [q, field] of [
        ['notify_type=nope', 'notify_type'],
        ['from=yesterday', 'from'],
        ['monitor_id=abc', 'monitor_id'],
      ]) {
        const r = await srv.request('GET', `/api/v3/alerts?${q}`, { token });
        assert.equal(r.status, 400, q);
        assert.deepEqual(r.json.errors[0].fields, [field]);
      }
    });

    it("shows another account nothing of this one's, and lets every role read", async () => {
      await createAccountWithAdmin(srv.runtime.deps, {
        name: 'Other',
        parentId: null,
        adminEmail: 'other@example.com',
        adminPassword: 'other secret 123',
      });
      const other = await srv.login('other@example.com', 'other secret 123');
      const r = await srv.request('GET', `/api/v3/alerts?monitor_id=${monitorId}`, { token: other });
      assert.equal(r.status, 200);
      assert.equal(r.json.metadata.resultset.count, 0);
      const reader = await addUser(srv, token, 'READONLY');
      const mine = await srv.request('GET', '/api/v3/alerts', { token: reader.token });
      assert.equal(mine.status, 200);
      assert.equal(mine.json.metadata.resultset.count, 3);
      assert.equal(mine.json.metadata.__permissions.acl, 1);
      assert.equal((await srv.request('GET', '/api/v3/alerts')).status, 401);
    });
  });
}
