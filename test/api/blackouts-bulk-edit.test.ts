import assert from 'node:assert/strict';
import { after, before, beforeEach, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import { addUser } from '../helpers/server.ts';
import {
  allRows,
  insertMonitor,
  MINUTE,
  NOW,
  oneTime,
  utcText,
  startBlackoutWorld,
  weekly,
  type BlackoutWorld,
} from './blackouts-fixtures.ts';

const at = (minutes: number) => utcText(NOW + minutes * MINUTE);
const ONE_TIME = [
  { from_date: at(60), thru_date: at(90), type: 'Monitor', note: 'deploy' },
  { from_date: at(120), thru_date: at(150), type: 'Alert' },
];
const WEEKLY = [{ start_day: 1, start_time: '01:00', end_day: 1, end_time: '03:00', type: 'Monitor' }];

for (const dialect of DIALECTS) {
  describe(`blackouts: bulk-edit (${dialect})`, () => {
    let w: BlackoutWorld;
    let m3: number;
    const bulk = (body: unknown, token = w.a.token) =>
      w.srv.request('POST', '/api/v3/blackouts/bulk-edit', { token, body });
    const create = async (body: unknown) =>
      Number((await w.srv.request('POST', '/api/v3/blackouts', { token: w.a.token, body })).json.id);
    const rowsOf = async (monitorId: number) =>
      (await allRows(w.srv)).filter((r) => r.assoc_id === monitorId && r.type !== 'Notifier');

    before(async () => {
      w = await startBlackoutWorld(dialect);
    });
    beforeEach(async () => {
      await w.srv.runtime.deps.db.deleteFrom('blackouts').execute();
      m3 = await insertMonitor(w.srv, w.a.accountId, 'm3');
    });
    after(() => w.close());

    it('appends one-time and recurring blackouts to every monitor and answers the ids per monitor', async () => {
      const [m1, m2] = w.a.monitors;
      const existing = await create(weekly(m1));
      const r = await bulk({
        monitors: [m1, m2, m1],
        update_one_time: true,
        update_one_time_action: 'append',
        one_time_blackouts: ONE_TIME,
        update_persistent: true,
        update_persistent_action: 'append',
        persistent_blackouts: WEEKLY,
      });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(
        r.json.results.map((x: { monitor_id: string }) => x.monitor_id),
        [String(m1), String(m2)],
      );
      for (const { monitor_id, ids } of r.json.results) {
        assert.equal(ids.length, 3);
        const shown = await Promise.all(
          ids.map(async (id: string) => {
            assert.equal(typeof id, 'string');
            return (await w.srv.request('GET', `/api/v3/blackouts/${id}`, { token: w.a.token })).json;
          }),
        );
        assert.deepEqual(
          shown.map((b) => [b.assoc_id, b.type, b.persistent, b.from_date, b.start_time, b.note, b.login]),
          [
            [Number(monitor_id), 'Monitor', false, at(60), null, 'deploy', w.a.email],
            [Number(monitor_id), 'Alert', false, at(120), null, null, w.a.email],
            [Number(monitor_id), 'Monitor', true, null, '01:00', null, w.a.email],
          ],
        );
      }
      assert.equal((await rowsOf(m1)).length, 4, 'append keeps the existing blackout');
      assert.ok((await rowsOf(m1)).some((b) => b.id === existing));
    });

    it('"update" replaces the kind it names; started one-time blackouts stay as history', async () => {
      const m1 = w.a.monitors[0];
      const running = await create(oneTime(m1, 1, 60));
      const future = await create(oneTime(m1, 100, 200, 'Alert'));
      const recurring = await create(weekly(m1));
      const otherMonitor = await create(oneTime(m3, 100, 200));
      // a recipient that happens to share m1's number keeps its Notifier blackout
      const notifier = w.a.recipients.includes(m1) ? await create(weekly(m1, 'Notifier')) : null;
      w.clock.advance(2 * MINUTE);
      try {
        const r = await bulk({
          monitors: [m1],
          update_one_time: true,
          update_one_time_action: 'update',
          one_time_blackouts: [ONE_TIME[0]],
          update_persistent: false,
          persistent_blackouts: WEEKLY,
        });
        assert.equal(r.status, 200, r.text);
        const [created] = r.json.results[0].ids;
        let ids = (await rowsOf(m1)).map((b) => b.id);
        assert.deepEqual(ids, [running, recurring, Number(created)]);
        assert.ok(!ids.includes(future));

        const p = await bulk({
          monitors: [m1],
          update_one_time: false,
          update_persistent: true,
          update_persistent_action: 'update',
          persistent_blackouts: [],
        });
        assert.deepEqual(p.json.results, [{ monitor_id: String(m1), ids: [] }]);
        ids = (await rowsOf(m1)).map((b) => b.id);
        assert.deepEqual(ids, [running, Number(created)]);
        const all = (await allRows(w.srv)).map((b) => b.id);
        assert.ok(all.includes(otherMonitor));
        if (notifier !== null) assert.ok(all.includes(notifier));
      } finally {
        w.clock.advance(-2 * MINUTE);
      }
    });

    it('with update_* false the lists are ignored; a missing action means append', async () => {
      const m1 = w.a.monitors[0];
      await create(weekly(m1));
      const r = await bulk({
        monitors: [m1],
        update_one_time: false,
        one_time_blackouts: [{ from_date: 'garbage', thru_date: at(1), type: 'Monitor' }],
        update_persistent: true,
        persistent_blackouts: WEEKLY,
      });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.results[0].ids.length, 1);
      assert.equal((await rowsOf(m1)).length, 2);
    });

    it('any monitor that is not the account’s answers 403 and nothing changes', async () => {
      const m1 = w.a.monitors[0];
      await create(weekly(m1));
      await create(oneTime(m1, 100, 200));
      const before = await allRows(w.srv);
      const unused = Math.max(m3, ...w.b.monitors) + 1000;
      for (const foreign of [w.b.monitors[0], unused, 99_999_999_999, 0, -3]) {
        const r = await bulk({
          monitors: [m1, foreign],
          update_one_time: true,
          update_one_time_action: 'update',
          one_time_blackouts: ONE_TIME,
          update_persistent: true,
          update_persistent_action: 'update',
          persistent_blackouts: WEEKLY,
        });
        assert.equal(r.status, 403, `${foreign}: ${r.text}`);
        assert.equal(r.json.errors[0].code, 403);
        assert.deepEqual(r.json.errors[0].fields, ['monitors']);
        assert.deepEqual(await allRows(w.srv), before);
      }
    });

    it('bad bodies answer 400 naming the field and change nothing', async () => {
      const m1 = w.a.monitors[0];
      await create(weekly(m1));
      const before = await allRows(w.srv);
      const base = {
        monitors: [m1],
        update_one_time: true,
        update_one_time_action: 'update',
        one_time_blackouts: ONE_TIME,
        update_persistent: true,
        update_persistent_action: 'update',
        persistent_blackouts: WEEKLY,
      };
      const { update_one_time: _a, ...noOneTimeFlag } = base;
      const { update_persistent: _b, ...noPersistentFlag } = base;
      const cases: [unknown, string, RegExp?][] = [
        [noOneTimeFlag, 'update_one_time', /required and is empty/],
        [noPersistentFlag, 'update_persistent', /required and is empty/],
        [{ ...base, monitors: [] }, 'monitors', /required and is empty/],
        [{ ...base, monitors: ['1'] }, 'monitors[0]', /must be an integer/],
        [{ ...base, update_one_time_action: 'replace' }, 'update_one_time_action', /must be one of/],
        [{ ...base, update_one_time: 'yes' }, 'update_one_time', /must be a boolean/],
        [
          { ...base, one_time_blackouts: [{ ...ONE_TIME[0], from_date: at(-5) }] },
          'one_time_blackouts[0].from_date',
          /future/,
        ],
        [
          { ...base, one_time_blackouts: [ONE_TIME[0], { ...ONE_TIME[1], thru_date: at(1) }] },
          'one_time_blackouts[1].thru_date',
        ],
        [
          { ...base, one_time_blackouts: [{ ...ONE_TIME[0], type: 'Notifier' }] },
          'one_time_blackouts[0].type',
        ],
        [
          { ...base, persistent_blackouts: [{ ...WEEKLY[0], end_time: '24:00' }] },
          'persistent_blackouts[0].end_time',
        ],
        [
          { ...base, persistent_blackouts: [{ ...WEEKLY[0], start_day: 0 }] },
          'persistent_blackouts[0].start_day',
        ],
      ];
      for (const [body, field, message] of cases) {
        const r = await bulk(body);
        assert.equal(r.status, 400, `${field}: ${r.text}`);
        const hit = r.json.errors.find((e: { fields?: string[] }) => e.fields?.includes(field));
        assert.ok(hit, `${field} not named in ${r.text}`);
        if (message) assert.match(hit.message, message);
        assert.deepEqual(await allRows(w.srv), before);
      }
    });

    it('READONLY and REPORTONLY get 403 and nothing changes', async () => {
      const before = await allRows(w.srv);
      for (const role of ['READONLY', 'REPORTONLY']) {
        const user = await addUser(w.srv, w.a.token, role);
        const r = await bulk(
          {
            monitors: [w.a.monitors[0]],
            update_one_time: true,
            one_time_blackouts: ONE_TIME,
            update_persistent: false,
          },
          user.token,
        );
        assert.equal(r.status, 403);
        assert.deepEqual(await allRows(w.srv), before);
      }
    });
  });
}
