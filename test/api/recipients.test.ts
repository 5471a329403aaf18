import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import {
  accountOf,
  createGroup,
  createRecipient,
  insertBlackout,
  insertMonitor,
} from './recipients-fixtures.ts';

const R = '/api/v3/recipients';

for (const dialect of DIALECTS) {
  describe(`recipients (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    let accountId: number;
    before(async () => {
      srv = await startTestServer({ dialect });
      token = await srv.login();
      accountId = await accountOf(srv);
    });
    after(() => srv.close());

    const count = async () =>
      (await srv.request('GET', R, { token })).json.metadata.resultset.count as number;

    it('creates with the documented defaults and shows the full object', async () => {
      const r = await srv.request('POST', R, {
        token,
        body: { name: 'DevOps mailing list', recipient: 'devops@example.com', site_type: 'ignored' },
      });
      assert.equal(r.status, 200);
      assert.match(r.json.id, /^\d+$/);
      const got = await srv.request('GET', `${R}/${r.json.id}`, { token });
      assert.equal(got.status, 200);
      assert.deepEqual(got.json, {
        id: Number(r.json.id),
        name: 'DevOps mailing list',
        method_id: 12,
        method_description: 'E-mail (HTML format)',
        recipient: 'devops@example.com',
        username: null,
        password: null,
        availability_alert: true,
        notify_on_clear: false,
        attach_screen_capture: false,
        attach_server_response: false,
        start_threshold: 1,
        stop_threshold: 10,
        remote_commands: false,
        performance_alert: false,
        performance_alert_type: null,
        repeat_performance_alerts: false,
        blackout_ids: [],
        notifier_groups: [],
      });
    });

    it('stores every writable field; performance_alert_type stays a string', async () => {
      const id = await createRecipient(srv, token, {
        name: 'Hook',
        method_id: 16,
        recipient: 'https://hooks.example.com/in',
        availability_alert: false,
        notify_on_clear: true,
        attach_screen_capture: true,
        attach_server_response: true,
        start_threshold: 3,
        stop_threshold: 5,
        remote_commands: true,
        performance_alert: true,
        performance_alert_type: 20,
        repeat_performance_alerts: true,
      });
      const got = (await srv.request('GET', `${R}/${id}`, { token })).json;
      assert.equal(got.method_description, 'JSON alerts (POST JSON)');
      assert.equal(got.performance_alert_type, '20');
      assert.equal(got.availability_alert, false);
      assert.equal(got.start_threshold, 3);
      assert.equal(got.stop_threshold, 5);
      for (const f of ['notify_on_clear', 'attach_screen_capture', 'remote_commands', 'performance_alert'])
        assert.equal(got[f], true, f);
    });

    it('never returns username/password and stores the password sealed, not in clear', async () => {
      const id = await createRecipient(srv, token, {
        method_id: 17,
        recipient: 'https://acme.service-now.com/api',
        username: 'svc-alerts',
        password: 'hunter2-very-secret',
      });
      const got = (await srv.request('GET', `${R}/${id}`, { token })).json;
      assert.equal(got.username, null);
      assert.equal(got.password, null);
      const list = await srv.request('GET', R, { token });
      assert.ok(!list.text.includes('hunter2-very-secret'));
      assert.ok(!list.text.includes('svc-alerts'));
      const row = await srv.runtime.deps.db
        .selectFrom('recipients')
        .selectAll()
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.ok(row.password_sealed);
      assert.ok(!row.password_sealed.includes('hunter2'));
      assert.equal(srv.runtime.deps.secrets.open(row.password_sealed), 'hunter2-very-secret');
      assert.equal(row.username, 'svc-alerts');

      assert.equal(
        (await srv.request('PATCH', `${R}/${id}`, { token, body: { password: null } })).status,
        200,
      );
      const cleared = await srv.runtime.deps.db
        .selectFrom('recipients')
        .select('password_sealed')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(cleared.password_sealed, null);
    });

    it('rejects PagerDuty (14) naming the rule, on create and as a PATCH target', async () => {
      const before = await count();
      const r = await srv.request('POST', R, {
        token,
        body: { method_id: 14, recipient: 'https://events.pagerduty.com/x' },
      });
      assert.equal(r.status, 400);
      assert.deepEqual(r.json.errors[0].fields, ['method_id']);
      assert.match(r.json.errors[0].message, /PagerDuty/);
      assert.equal(await count(), before);
      const id = await createRecipient(srv, token, { method_id: 16, recipient: 'https://h.example.com/' });
      const p = await srv.request('PATCH', `${R}/${id}`, { token, body: { method_id: 14 } });
      assert.equal(p.status, 400);
      assert.match(p.json.errors[0].message, /PagerDuty/);
      assert.equal((await srv.request('GET', `${R}/${id}`, { token })).json.method_id, 16);
    });

    it('rejects unknown method ids (7, 13, 99) with 400 on method_id', async () => {
      const before = await count();
      for (const method_id of [7, 13, 99, 0]) {
        const r = await srv.request('POST', R, { token, body: { method_id, recipient: 'a@example.com' } });
        assert.equal(r.status, 400, `method ${method_id}`);
        assert.deepEqual(r.json.errors[0].fields, ['method_id']);
        assert.match(r.json.errors[0].message, /must be one of: 1, 2/);
      }
      assert.equal(await count(), before);
    });

    it('validates the recipient format per method family', async () => {
      const before = await count();
      const cases: [number, string, string][] = [
        [1, 'not-an-email', 'mail@example.com'],
        [4, 'https://example.com', 'pager@example.com'],
        [12, '+1 555 0100', 'ops@example.com'],
        [10, 'ops@example.com', 'http://example.com/form'],
        [15, 'splunk.example.com', 'https://splunk.example.com:8088/services/collector'],
        [16, 'ftp://example.com/x', 'https://example.com/json'],
        [17, 'acme', 'https://acme.service-now.com/'],
        [101, 'slack', 'https://hooks.slack.com/services/T/B/X'],
        [6, 'ops@example.com', '+44 20 7946 0958'],
        [11, 'https://voip.example.com', '555-0100'],
        [2, 'pager', '5550100'],
        [8, 'http://traps.example.com', 'traps.example.com:162'],
        [9, 'traps.example.com:99999', '192.0.2.10'],
      ];
      for (const [method_id, bad, good] of cases) {
        const r = await srv.request('POST', R, { token, body: { method_id, recipient: bad } });
        assert.equal(r.status, 400, `${method_id} ${bad}`);
        assert.deepEqual(r.json.errors[0].fields, ['recipient']);
        assert.equal(
          (await srv.request('POST', R, { token, body: { method_id, recipient: good } })).status,
          200,
          `${method_id} ${good}`,
        );
      }
      assert.equal(await count(), before + cases.length);
    });

    it('checks method and destination together on PATCH', async () => {
      const id = await createRecipient(srv, token, { recipient: 'ops@example.com' });
      const r = await srv.request('PATCH', `${R}/${id}`, { token, body: { method_id: 16 } });
      assert.equal(r.status, 400);
      assert.deepEqual(r.json.errors[0].fields, ['recipient']);
      const bad = await srv.request('PATCH', `${R}/${id}`, {
        token,
        body: { recipient: 'https://x.example' },
      });
      assert.equal(bad.status, 400);
      const ok = await srv.request('PATCH', `${R}/${id}`, {
        token,
        body: { method_id: 16, recipient: 'https://x.example/in' },
      });
      assert.deepEqual([ok.status, ok.json], [200, { id: String(id) }]);
      const got = (await srv.request('GET', `${R}/${id}`, { token })).json;
      assert.equal(got.method_id, 16);
      assert.equal(got.recipient, 'https://x.example/in');
    });

    it('PATCH is partial and ignores read-only fields', async () => {
      const id = await createRecipient(srv, token, { name: 'Partial', recipient: 'p@example.com' });
      const r = await srv.request('PATCH', `${R}/${id}`, {
        token,
        body: { notify_on_clear: true, blackout_ids: ['1'], notifier_groups: ['2'], method_description: 'x' },
      });
      assert.equal(r.status, 200);
      const got = (await srv.request('GET', `${R}/${id}`, { token })).json;
      assert.equal(got.name, 'Partial');
      assert.equal(got.notify_on_clear, true);
      assert.deepEqual([got.blackout_ids, got.notifier_groups], [[], []]);
      assert.equal(got.method_description, 'E-mail (HTML format)');
    });

    it('answers 400 with fields for bad bodies and changes nothing', async () => {
      const before = await count();
      const bodies: [object, string][] = [
        [{}, 'recipient'],
        [{ recipient: '' }, 'recipient'],
        [{ recipient: 'a@example.com', method_id: '12' }, 'method_id'],
        [{ recipient: 'a@example.com', start_threshold: 0 }, 'start_threshold'],
        [{ recipient: 'a@example.com', availability_alert: 'yes' }, 'availability_alert'],
        [{ recipient: 'a@example.com', name: 'x'.repeat(256) }, 'name'],
      ];
      for (const [body, field] of bodies) {
        const r = await srv.request('POST', R, { token, body });
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.ok(r.json.errors[0].fields.includes(field), JSON.stringify(r.json));
      }
      assert.equal(await count(), before);
      const id = await createRecipient(srv, token, { recipient: 'keep@example.com' });
      const r = await srv.request('PATCH', `${R}/${id}`, { token, body: { stop_threshold: 'ten' } });
      assert.equal(r.status, 400);
      assert.equal((await srv.request('GET', `${R}/${id}`, { token })).json.stop_threshold, 10);
    });

    it('computes blackout_ids and notifier_groups from real rows, and DELETE cleans them up', async () => {
      const id = await createRecipient(srv, token, { name: 'Linked', recipient: 'linked@example.com' });
      const other = await createRecipient(srv, token, { recipient: 'other@example.com' });
      const monitor = await insertMonitor(srv, accountId, 'Shop');
      const b1 = await insertBlackout(srv, accountId, 'Notifier', id);
      const b2 = await insertBlackout(srv, accountId, 'Notifier', id);
      const monitorBlackout = await insertBlackout(srv, accountId, 'Monitor', id);
      const g1 = await createGroup(srv, token, {
        name: 'G1',
        monitors: [{ id: monitor }],
        recipients: [{ id }, { id: other }],
      });
      const g2 = await createGroup(srv, token, {
        name: 'G2',
        monitors: [{ id: monitor }],
        recipients: [{ id }],
      });
      const got = (await srv.request('GET', `${R}/${id}`, { token })).json;
      assert.deepEqual(got.blackout_ids, [String(b1), String(b2)]);
      assert.deepEqual(got.notifier_groups, [String(g1), String(g2)]);
      const listed = (await srv.request('GET', `${R}?select=id,blackout_ids,notifier_groups`, { token }))
        .json;
      assert.deepEqual(
        listed.results.find((x: { id: number }) => x.id === id),
        { id, blackout_ids: [String(b1), String(b2)], notifier_groups: [String(g1), String(g2)] },
      );

      const del = await srv.request('DELETE', `${R}/${id}`, { token, body: {} });
      assert.equal(del.status, 204);
      assert.equal(del.text, '');
      assert.equal((await srv.request('GET', `${R}/${id}`, { token })).status, 404);
      assert.equal((await srv.request('DELETE', `${R}/${id}`, { token })).status, 404);
      const group = (await srv.request('GET', `/api/v3/notifier-groups/${g1}`, { token })).json;
      assert.deepEqual(
        group.recipients.map((r: { id: number }) => r.id),
        [other],
      );
      const blackouts = await srv.runtime.deps.db.selectFrom('blackouts').select('id').execute();
      const left = blackouts.map((b) => b.id);
      assert.ok(!left.includes(b1) && !left.includes(b2), 'Notifier blackouts deleted');
      assert.ok(left.includes(monitorBlackout), 'a Monitor blackout with the same assoc_id stays');
    });

    it('filters by type and method_id, pages and selects', async () => {
      const perf = await createRecipient(srv, token, {
        method_id: 1,
        recipient: 'perf@example.com',
        availability_alert: false,
        performance_alert: true,
      });
      const all = (await srv.request('GET', R, { token })).json;
      assert.equal(all.metadata.resultset.count, all.results.length);
      assert.deepEqual(all.metadata.resultset, { count: all.results.length, limit: null, offset: null });
      assert.equal(all.metadata.__permissions.acl, 7);

      const perfList = (await srv.request('GET', `${R}?type=Performance`, { token })).json;
      assert.ok(perfList.results.length >= 1);
      assert.ok(perfList.results.every((x: { performance_alert: boolean }) => x.performance_alert));
      assert.ok(perfList.results.some((x: { id: number }) => x.id === perf));
      const avail = (await srv.request('GET', `${R}?type=Availability`, { token })).json;
      assert.ok(avail.results.every((x: { availability_alert: boolean }) => x.availability_alert));
      assert.ok(!avail.results.some((x: { id: number }) => x.id === perf));
      assert.equal(
        avail.metadata.resultset.count +
          all.results.filter((x: { availability_alert: boolean }) => !x.availability_alert).length,
        all.metadata.resultset.count,
      );
      const byMethod = (await srv.request('GET', `${R}?method_id=1`, { token })).json;
      assert.ok(byMethod.results.length >= 2);
      assert.ok(byMethod.results.every((x: { method_id: number }) => x.method_id === 1));

      const page = (await srv.request('GET', `${R}?limit=2&offset=1&select=id,name`, { token })).json;
      assert.deepEqual(page.metadata.resultset, { count: all.results.length, limit: 2, offset: 1 });
      assert.deepEqual(
        page.results,
        all.results.slice(1, 3).map((x: { id: number; name: string }) => ({ id: x.id, name: x.name })),
      );
      const empty = (await srv.request('GET', `${R}?select=`, { token })).json;
      assert.ok(empty.results.every((x: object) => Object.keys(x).length === 0));
      const one = await srv.request('GET', `${R}/${perf}?select=method_description`, { token });
      assert.deepEqual(one.json, { method_description: 'E-mail (text format)' });

      for (const q of ['type=Sometimes', 'method_id=abc', 'method_id=99999999999', 'limit=-1']) {
        const r = await srv.request('GET', `${R}?${q}`, { token });
        assert.equal(r.status, 400, q);
        assert.ok(r.json.errors[0].fields.length === 1, q);
      }
    });

    it('answers 404 for a missing or non-integer id on every id route', async () => {
      for (const path of [`${R}/999999`, `${R}/abc`, `${R}/1.5`, `${R}/999999999999999`]) {
        assert.equal((await srv.request('GET', path, { token })).status, 404, path);
        const patch = await srv.request('PATCH', path, { token, body: { name: 'x' } });
        assert.equal(patch.status, 404, path);
        assert.deepEqual(patch.json, { errors: [{ code: 404, message: 'Record not found' }] });
        assert.equal((await srv.request('DELETE', path, { token })).status, 404, path);
      }
    });
  });
}
