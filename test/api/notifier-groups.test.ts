import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { accountOf, createGroup, createRecipient, insertMonitor } from './recipients-fixtures.ts';

const G = '/api/v3/notifier-groups';

for (const dialect of DIALECTS) {
  describe(`recipient groups (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    let shop: number; // a plain monitor
    let api: number; // an API monitor with two named steps
    let alice: number;
    let bob: number;
    before(async () => {
      srv = await startTestServer({ dialect });
      token = await srv.login();
      const accountId = await accountOf(srv);
      shop = await insertMonitor(srv, accountId, 'Shop home page');
      api = await insertMonitor(srv, accountId, 'Checkout API', ['Login', 'Pay']);
      alice = await createRecipient(srv, token, { name: 'Alice', recipient: 'alice@example.com' });
      bob = await createRecipient(srv, token, {
        name: 'Bob hook',
        method_id: 16,
        recipient: 'https://hooks.example.com/bob',
      });
    });
    after(() => srv.close());

    const get = async (id: number) => (await srv.request('GET', `${G}/${id}`, { token })).json;
    const count = async () =>
      (await srv.request('GET', G, { token })).json.metadata.resultset.count as number;

    it('creates a group and fills in every read-only member field', async () => {
      const r = await srv.request('POST', G, {
        token,
        body: {
          name: 'LuciernaBank notifications',
          is_default: false,
          monitors: [
            { id: shop },
            { id: api, step_number: 2, step_name: 'ignored' },
            { id: api, step_number: 0 },
          ],
          recipients: [{ id: alice, name: 'ignored' }, { id: bob }],
          errortypes: [{ id: 1 }, { id: 2 }, { id: 7 }],
          templates: [{ id: 5 }, { id: 6 }],
        },
      });
      assert.equal(r.status, 200);
      assert.match(r.json.id, /^\d+$/);
      assert.deepEqual(await get(Number(r.json.id)), {
        id: Number(r.json.id),
        name: 'LuciernaBank notifications',
        is_default: false,
        monitors: [
          { id: shop, name: 'Shop home page', step_number: 0, step_name: null },
          { id: api, name: 'Checkout API', step_number: 0, step_name: null },
          { id: api, name: 'Checkout API', step_number: 2, step_name: 'Pay' },
        ],
        recipients: [
          { id: alice, name: 'Alice', recipient: 'alice@example.com' },
          { id: bob, name: 'Bob hook', recipient: 'https://hooks.example.com/bob' },
        ],
        errortypes: [
          { id: 1, description: 'TCP connection failed' },
          { id: 2, description: 'Test timed out' },
          { id: 7, description: 'HTTP error status' },
        ],
        templates: [
          { id: 5, name: 'Default site error (JSON)', alert_description_short: 'Site Error JSON' },
          { id: 6, name: 'Default site clear (JSON)', alert_description_short: 'Site Clear JSON' },
        ],
      });
    });

    it('defaults: not default, step 0, no errortypes (all errors), no templates; duplicates merged', async () => {
      const id = await createGroup(srv, token, {
        name: 'Minimal',
        monitors: [{ id: shop }, { id: shop, step_number: 0 }],
        recipients: [{ id: alice }, { id: alice }],
      });
      const g = await get(id);
      assert.equal(g.is_default, false);
      assert.deepEqual(g.monitors, [{ id: shop, name: 'Shop home page', step_number: 0, step_name: null }]);
      assert.equal(g.recipients.length, 1);
      assert.deepEqual([g.errortypes, g.templates], [[], []]);
    });

    it('answers the documented shape when monitors or recipients are missing or empty', async () => {
      const before = await count();
      const cases: [object, string][] = [
        [{ name: 'x', recipients: [{ id: alice }] }, 'monitors'],
        [{ name: 'x', monitors: [], recipients: [{ id: alice }] }, 'monitors'],
        [{ name: 'x', monitors: [{ id: shop }] }, 'recipients'],
        [{ name: 'x', monitors: [{ id: shop }], recipients: [] }, 'recipients'],
        [{ monitors: [{ id: shop }], recipients: [{ id: alice }] }, 'name'],
        [{ name: '', monitors: [{ id: shop }], recipients: [{ id: alice }] }, 'name'],
      ];
      for (const [body, field] of cases) {
        const r = await srv.request('POST', G, { token, body });
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.deepEqual(r.json, {
          errors: [{ code: 400, fields: [field], message: 'required and is empty' }],
        });
      }
      const long = await srv.request('POST', G, {
        token,
        body: { name: 'n'.repeat(129), monitors: [{ id: shop }], recipients: [{ id: alice }] },
      });
      assert.equal(long.status, 400);
      assert.deepEqual(long.json.errors[0].fields, ['name']);
      assert.equal(await count(), before);

      const id = await createGroup(srv, token, {
        name: 'Keep',
        monitors: [{ id: shop }],
        recipients: [{ id: alice }],
      });
      for (const body of [{ monitors: [] }, { recipients: [] }]) {
        const r = await srv.request('PATCH', `${G}/${id}`, { token, body });
        assert.equal(r.status, 400);
        assert.equal(r.json.errors[0].message, 'required and is empty');
      }
      assert.equal((await get(id)).monitors.length, 1);
    });

    it('refuses unknown monitors, recipients, steps, errortypes and templates with 400 and writes nothing', async () => {
      const before = await count();
      const base = { name: 'Bad', monitors: [{ id: shop }], recipients: [{ id: alice }] };
      const cases: [object, string][] = [
        [{ monitors: [{ id: 999999 }] }, 'monitors'],
        [{ monitors: [{ id: 99999999999 }] }, 'monitors'],
        // Beyond the safe integer range: refused by the shared number rule, naming the exact field.
        [{ recipients: [{ id: 1e300 }] }, 'recipients[0].id'],
        [{ monitors: [{ id: api, step_number: 3 }] }, 'monitors'],
        [{ monitors: [{ id: shop, step_number: -1 }] }, 'monitors[0].step_number'],
        [{ monitors: [{ id: 'one' }] }, 'monitors[0].id'],
        [{ recipients: [{ id: 999999 }] }, 'recipients'],
        [{ errortypes: [{ id: 999 }] }, 'errortypes'],
        [{ errortypes: [{ id: 0 }] }, 'errortypes'],
        [{ errortypes: [{ id: 7121 }] }, 'errortypes'],
        [{ templates: [{ id: 999 }] }, 'templates'],
        [{ is_default: 'yes' }, 'is_default'],
      ];
      for (const [extra, field] of cases) {
        const r = await srv.request('POST', G, { token, body: { ...base, ...extra } });
        assert.equal(r.status, 400, JSON.stringify(extra));
        assert.deepEqual(r.json.errors[0].fields, [field], JSON.stringify(r.json));
      }
      const full = await srv.request('POST', G, { token, body: { ...base, errortypes: [{ id: 7122 }] } });
      assert.match(full.json.errors[0].message, /4-digit full-page/);
      const unknown = await srv.request('POST', G, { token, body: { ...base, errortypes: [{ id: 55 }] } });
      assert.match(unknown.json.errors[0].message, /errortypes: 55 is not a status code/);
      assert.equal(await count(), before);
    });

    it('PATCH is partial, replaces given arrays as a whole and ignores read-only fields', async () => {
      const id = await createGroup(srv, token, {
        name: 'Replace me',
        monitors: [{ id: shop }, { id: api, step_number: 1 }],
        recipients: [{ id: alice }],
        errortypes: [{ id: 1 }],
        templates: [{ id: 1 }, { id: 2 }],
      });
      const r = await srv.request('PATCH', `${G}/${id}`, {
        token,
        body: { recipients: [{ id: bob }], errortypes: [], id: 1, monitors_count: 9 },
      });
      assert.deepEqual([r.status, r.json], [200, { id: String(id) }]);
      let g = await get(id);
      assert.equal(g.name, 'Replace me');
      assert.deepEqual(
        g.recipients.map((x: { id: number }) => x.id),
        [bob],
      );
      assert.deepEqual(g.errortypes, []);
      assert.equal(g.monitors.length, 2, 'monitors kept');
      assert.equal(g.templates.length, 2, 'templates kept');

      await srv.request('PATCH', `${G}/${id}`, {
        token,
        body: { name: 'Renamed', monitors: [{ id: api, step_number: 1 }], templates: [{ id: 3 }] },
      });
      g = await get(id);
      assert.equal(g.name, 'Renamed');
      assert.deepEqual(g.monitors, [{ id: api, name: 'Checkout API', step_number: 1, step_name: 'Login' }]);
      assert.deepEqual(g.templates, [
        { id: 3, name: 'Default site error (Text)', alert_description_short: 'Site Error Text' },
      ]);

      const bad = await srv.request('PATCH', `${G}/${id}`, {
        token,
        body: { name: 'Not applied', recipients: [{ id: alice }], monitors: [{ id: 424242 }] },
      });
      assert.equal(bad.status, 400);
      g = await get(id);
      assert.equal(g.name, 'Renamed');
      assert.deepEqual(
        g.recipients.map((x: { id: number }) => x.id),
        [bob],
      );
    });

    it('keeps one default group per account', async () => {
      const body = { monitors: [{ id: shop }], recipients: [{ id: alice }] };
      const a = await createGroup(srv, token, { ...body, name: 'Default A', is_default: true });
      assert.equal((await get(a)).is_default, true);
      const b = await createGroup(srv, token, { ...body, name: 'Default B', is_default: true });
      assert.deepEqual([(await get(a)).is_default, (await get(b)).is_default], [false, true]);
      await srv.request('PATCH', `${G}/${a}`, { token, body: { is_default: true } });
      assert.deepEqual([(await get(a)).is_default, (await get(b)).is_default], [true, false]);
      await srv.request('PATCH', `${G}/${a}`, { token, body: { is_default: true, name: 'Still default' } });
      assert.equal((await get(a)).is_default, true);
      const defaults = (await srv.request('GET', G, { token })).json.results.filter(
        (g: { is_default: boolean }) => g.is_default,
      );
      assert.deepEqual(
        defaults.map((g: { id: number }) => g.id),
        [a],
      );
      await srv.request('PATCH', `${G}/${a}`, { token, body: { is_default: false } });
      assert.equal((await get(a)).is_default, false);
      const raced = await Promise.all(
        [a, b, a, b].map((id) => srv.request('PATCH', `${G}/${id}`, { token, body: { is_default: true } })),
      );
      assert.deepEqual(
        raced.map((r) => r.status),
        [200, 200, 200, 200],
      );
      const after = (await srv.request('GET', G, { token })).json.results.filter(
        (g: { is_default: boolean }) => g.is_default,
      );
      assert.equal(after.length, 1, 'concurrent default changes leave exactly one default');
    });

    it('filters by monitor_id, the documented monidor_id, and recipient_id', async () => {
      const accountId = await accountOf(srv);
      const lonely = await insertMonitor(srv, accountId, 'Lonely');
      const carol = await createRecipient(srv, token, { recipient: 'carol@example.com' });
      const g = await createGroup(srv, token, {
        name: 'Filtered',
        monitors: [{ id: lonely, step_number: 0 }],
        recipients: [{ id: carol }],
      });
      for (const q of [`monitor_id=${lonely}`, `monidor_id=${lonely}`, `recipient_id=${carol}`]) {
        const list = (await srv.request('GET', `${G}?${q}`, { token })).json;
        assert.deepEqual(
          list.results.map((x: { id: number }) => x.id),
          [g],
          q,
        );
        assert.equal(list.metadata.resultset.count, 1);
      }
      const both = (await srv.request('GET', `${G}?monidor_id=${lonely}&recipient_id=${alice}`, { token }))
        .json;
      assert.deepEqual(both.results, []);
      const none = (await srv.request('GET', `${G}?monitor_id=987654`, { token })).json;
      assert.deepEqual([none.results, none.metadata.resultset.count], [[], 0]);
      for (const q of ['monidor_id=x', 'monitor_id=99999999999', 'recipient_id=-1']) {
        const bad = await srv.request('GET', `${G}?${q}`, { token });
        assert.equal(bad.status, 400, q);
        assert.deepEqual(bad.json.errors[0].fields, [q.split('=')[0]]);
      }
    });

    it('pages and selects', async () => {
      const all = (await srv.request('GET', G, { token })).json;
      assert.ok(all.results.length >= 3);
      assert.deepEqual(all.metadata.resultset, { count: all.results.length, limit: null, offset: null });
      const page = (await srv.request('GET', `${G}?limit=2&offset=1&select=id,name`, { token })).json;
      assert.deepEqual(page.metadata.resultset, { count: all.results.length, limit: 2, offset: 1 });
      assert.deepEqual(
        page.results,
        all.results.slice(1, 3).map((x: { id: number; name: string }) => ({ id: x.id, name: x.name })),
      );
      const empty = (await srv.request('GET', `${G}?select=`, { token })).json;
      assert.ok(empty.results.every((x: object) => Object.keys(x).length === 0));
      const one = await srv.request('GET', `${G}/${all.results[0].id}?select=errortypes`, { token });
      assert.deepEqual(Object.keys(one.json), ['errortypes']);
    });

    it('DELETE answers 204 and leaves monitors and recipients alone', async () => {
      const dave = await createRecipient(srv, token, { recipient: 'dave@example.com' });
      const id = await createGroup(srv, token, {
        name: 'Doomed',
        monitors: [{ id: shop }],
        recipients: [{ id: dave }],
      });
      const del = await srv.request('DELETE', `${G}/${id}`, { token });
      assert.deepEqual([del.status, del.text], [204, '']);
      assert.equal((await srv.request('GET', `${G}/${id}`, { token })).status, 404);
      assert.equal((await srv.request('DELETE', `${G}/${id}`, { token })).status, 404);
      const recipient = (await srv.request('GET', `/api/v3/recipients/${dave}`, { token })).json;
      assert.deepEqual(recipient.notifier_groups, []);
      const monitor = await srv.runtime.deps.db
        .selectFrom('monitors')
        .select('id')
        .where('id', '=', shop)
        .executeTakeFirst();
      assert.ok(monitor);
      const members = await srv.runtime.deps.db
        .selectFrom('notifier_group_monitors')
        .select('group_id')
        .where('group_id', '=', id)
        .execute();
      assert.deepEqual(members, []);
    });

    it('answers 404 for a missing or non-integer id on every id route', async () => {
      for (const path of [`${G}/999999`, `${G}/abc`, `${G}/999999999999999`]) {
        assert.equal((await srv.request('GET', path, { token })).status, 404, path);
        assert.equal((await srv.request('PATCH', path, { token, body: { name: 'x' } })).status, 404, path);
        assert.equal((await srv.request('DELETE', path, { token })).status, 404, path);
      }
    });
  });
}
