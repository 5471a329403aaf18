import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { activeBlackouts } from '../../src/blackouts/active.ts';
import { DIALECTS } from '../helpers/db.ts';
import { addUser } from '../helpers/server.ts';
import {
  allRows,
  MINUTE,
  NOW,
  oneTime,
  startBlackoutWorld,
  weekly,
  type BlackoutWorld,
} from './blackouts-fixtures.ts';

for (const dialect of DIALECTS) {
  describe(`blackouts: accounts and roles (${dialect})`, () => {
    let w: BlackoutWorld;
    let mine: string;
    before(async () => {
      w = await startBlackoutWorld(dialect);
      const r = await w.srv.request('POST', '/api/v3/blackouts', {
        token: w.a.token,
        body: weekly(w.a.monitors[0]),
      });
      mine = r.json.id;
    });
    after(() => w.close());

    it('another account’s blackout id answers 404 Record not found on every id route', async () => {
      const before = await allRows(w.srv);
      for (const [method, body] of [
        ['GET', undefined],
        ['PATCH', { note: 'mine now' }],
        ['DELETE', undefined],
      ] as const) {
        const r = await w.srv.request(method, `/api/v3/blackouts/${mine}`, { token: w.b.token, body });
        assert.equal(r.status, 404, method);
        assert.deepEqual(r.json, { errors: [{ code: 404, message: 'Record not found' }] });
      }
      const list = await w.srv.request('GET', '/api/v3/blackouts', { token: w.b.token });
      assert.equal(list.json.metadata.resultset.count, 0);
      assert.deepEqual(await allRows(w.srv), before);
    });

    it('READONLY and REPORTONLY may read but get 403 on every write, and nothing changes', async () => {
      const future = await w.srv.request('POST', '/api/v3/blackouts', {
        token: w.a.token,
        body: oneTime(w.a.monitors[0], 30, 60),
      });
      for (const role of ['READONLY', 'REPORTONLY']) {
        const { token } = await addUser(w.srv, w.a.token, role);
        const before = await allRows(w.srv);
        const list = await w.srv.request('GET', '/api/v3/blackouts', { token });
        assert.equal(list.status, 200);
        assert.equal(list.json.metadata.__permissions.acl, 1);
        assert.equal((await w.srv.request('GET', `/api/v3/blackouts/${mine}`, { token })).status, 200);
        for (const [method, path, body] of [
          ['POST', '/blackouts', weekly(w.a.monitors[0])],
          ['PATCH', `/blackouts/${mine}`, { note: 'x' }],
          ['DELETE', `/blackouts/${mine}`, undefined],
          ['DELETE', `/blackouts/${future.json.id}`, undefined],
          [
            'POST',
            '/blackouts/bulk-edit',
            { monitors: [w.a.monitors[0]], update_one_time: false, update_persistent: false },
          ],
        ] as const) {
          const r = await w.srv.request(method, `/api/v3${path}`, { token, body });
          assert.equal(r.status, 403, `${role} ${method} ${path}`);
          assert.equal(r.json.errors[0].message, 'forbidden - Your role does not allow this operation.');
        }
        assert.deepEqual(await allRows(w.srv), before);
      }
    });

    it('POWER-USER and CO-ADMIN may write', async () => {
      for (const role of ['POWER-USER', 'CO-ADMIN']) {
        const { token } = await addUser(w.srv, w.a.token, role);
        const r = await w.srv.request('POST', '/api/v3/blackouts', { token, body: weekly(w.a.monitors[1]) });
        assert.equal(r.status, 200, role);
      }
    });
  });

  describe(`blackouts: account time zone and the blackout check (${dialect})`, () => {
    let w: BlackoutWorld;
    before(async () => {
      w = await startBlackoutWorld(dialect, 'Europe/Berlin');
    });
    after(() => w.close());
    const post = (body: unknown) => w.srv.request('POST', '/api/v3/blackouts', { token: w.b.token, body });
    const rowOf = (id: string) =>
      w.srv.runtime.deps.db
        .selectFrom('blackouts')
        .selectAll()
        .where('id', '=', Number(id))
        .executeTakeFirstOrThrow();

    it('reads one-time dates in the account’s zone and stores them as given plus UTC instants', async () => {
      const body = {
        assoc_id: w.b.monitors[0],
        type: 'Monitor',
        from_date: '2030-07-01 12:00:00',
        thru_date: '2030-12-01 12:00:00',
      };
      const r = await post(body);
      assert.equal(r.status, 200, r.text);
      const row = await rowOf(r.json.id);
      assert.equal(row.from_date, '2030-07-01 12:00:00');
      assert.equal(row.from_at, Date.parse('2030-07-01T10:00:00Z')); // CEST, UTC+2
      assert.equal(row.thru_at, Date.parse('2030-12-01T11:00:00Z')); // CET, UTC+1
      const shown = await w.srv.request('GET', `/api/v3/blackouts/${r.json.id}`, { token: w.b.token });
      assert.equal(shown.json.from_date, '2030-07-01 12:00:00');
    });

    it('judges "in the future" in the account’s zone', async () => {
      // NOW is 12:00 UTC = 14:00 in Berlin: 13:30 is already past there, not in a UTC account
      const dates = { from_date: '2030-06-01 13:30:00', thru_date: '2030-06-01 15:00:00' };
      const berlin = await post({ assoc_id: w.b.monitors[0], type: 'Monitor', ...dates });
      assert.equal(berlin.status, 400);
      assert.deepEqual(berlin.json.errors[0].fields, ['from_date']);
      const utc = await w.srv.request('POST', '/api/v3/blackouts', {
        token: w.a.token,
        body: { assoc_id: w.a.monitors[0], type: 'Monitor', ...dates },
      });
      assert.equal(utc.status, 200);
    });

    it('activeBlackouts answers from the stored rows, in the account’s zone, per monitor or recipient', async () => {
      const [m1, m2] = w.b.monitors;
      const ids: string[] = [];
      for (const body of [
        // Saturday 2030-06-01, 14:00 local: 13:00–15:00 local covers NOW
        { assoc_id: m1, type: 'Monitor', start_day: 7, start_time: '13:00', end_day: 7, end_time: '15:00' },
        { assoc_id: m1, type: 'Alert', from_date: '2030-06-01 14:30:00', thru_date: '2030-06-01 16:00:00' },
        {
          assoc_id: w.b.recipients[0],
          type: 'Notifier',
          start_day: 7,
          start_time: '00:00',
          end_day: 7,
          end_time: '23:59',
        },
        // 12:00–13:00 UTC would cover NOW, but it means Berlin time: no
        { assoc_id: m2, type: 'Monitor', start_day: 7, start_time: '12:00', end_day: 7, end_time: '13:00' },
      ]) {
        const r = await post(body);
        assert.equal(r.status, 200, r.text);
        ids.push(r.json.id);
      }
      const deps = w.srv.runtime.deps;
      const check = (
        target: { monitorId: number } | { recipientId: number },
        at: number,
        accountId = w.b.accountId,
      ) => activeBlackouts(deps, accountId, target, at);

      assert.deepEqual(await check({ monitorId: m1 }, NOW), {
        blackedOut: true,
        types: ['Monitor'],
        ids: [Number(ids[0])],
      });
      assert.deepEqual(await check({ monitorId: m1 }, NOW + 45 * MINUTE), {
        blackedOut: true,
        types: ['Monitor', 'Alert'],
        ids: [Number(ids[0]), Number(ids[1])],
      });
      assert.deepEqual((await check({ monitorId: m1 }, NOW + 70 * MINUTE)).types, ['Alert']);
      assert.equal((await check({ monitorId: m1 }, NOW + 120 * MINUTE)).blackedOut, false);
      assert.deepEqual(await check({ recipientId: w.b.recipients[0] }, NOW), {
        blackedOut: true,
        types: ['Notifier'],
        ids: [Number(ids[2])],
      });
      assert.equal((await check({ recipientId: w.b.recipients[1] }, NOW)).blackedOut, false);
      assert.equal((await check({ monitorId: m2 }, NOW)).blackedOut, false);
      assert.equal((await check({ monitorId: m2 }, NOW - 90 * MINUTE)).blackedOut, true);
      // another account never sees these rows
      assert.equal((await check({ monitorId: m1 }, NOW, w.a.accountId)).blackedOut, false);
    });
  });
}
