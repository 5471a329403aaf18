import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import {
  allRows,
  MINUTE,
  oneTime,
  startBlackoutWorld,
  weekly,
  type BlackoutWorld,
} from './blackouts-fixtures.ts';

for (const dialect of DIALECTS) {
  describe(`blackouts: edit and delete (${dialect})`, () => {
    let w: BlackoutWorld;
    const call = (method: string, path: string, body?: unknown) =>
      w.srv.request(method, `/api/v3${path}`, { token: w.a.token, body });
    const create = async (body: unknown) => {
      const r = await call('POST', '/blackouts', body);
      assert.equal(r.status, 200, r.text);
      return r.json.id as string;
    };
    const show = async (id: string) => (await call('GET', `/blackouts/${id}`)).json;

    before(async () => {
      w = await startBlackoutWorld(dialect);
    });
    after(() => w.close());

    it('PATCH edits a recurring blackout partially and answers 200 with the id', async () => {
      const id = await create({ ...weekly(w.a.monitors[0]), note: 'keep me' });
      const r = await call('PATCH', `/blackouts/${id}`, { start_day: 2, end_day: 3, end_time: '23:59' });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, { id });
      const b = await show(id);
      assert.deepEqual(
        [b.start_day, b.start_time, b.end_day, b.end_time, b.note, b.type],
        [2, '22:00', 3, '23:59', 'keep me', 'Monitor'],
      );
      assert.equal((await call('PATCH', `/blackouts/${id}`, { note: null })).status, 200);
      assert.equal((await show(id)).note, null);
      assert.equal((await call('PATCH', `/blackouts/${id}`, {})).status, 200);
    });

    it('PATCH accepts from_time/thru_time as start_time/end_time; the real names win', async () => {
      const id = await create(weekly(w.a.monitors[0]));
      assert.equal(
        (await call('PATCH', `/blackouts/${id}`, { from_time: '03:15', thru_time: '4:45' })).status,
        200,
      );
      let b = await show(id);
      assert.deepEqual([b.start_time, b.end_time], ['03:15', '04:45']);
      await call('PATCH', `/blackouts/${id}`, { start_time: '05:00', from_time: '06:00' });
      b = await show(id);
      assert.equal(b.start_time, '05:00');
    });

    it('PATCH changes type and assoc_id, checked against the right resource', async () => {
      const id = await create(weekly(w.a.monitors[0]));
      const rec = w.a.recipients[1];
      assert.equal(
        (await call('PATCH', `/blackouts/${id}`, { type: 'Recipient', assoc_id: rec })).status,
        200,
      );
      let b = await show(id);
      assert.deepEqual([b.type, b.assoc_id], ['Notifier', rec]);
      const unused = Math.max(...w.a.monitors, ...w.a.recipients, ...w.b.monitors, ...w.b.recipients) + 1000;
      const before = await allRows(w.srv);
      for (const patch of [
        { type: 'Monitor', assoc_id: unused },
        { assoc_id: w.b.recipients[0] },
        { type: 'Alert', assoc_id: w.b.monitors[0] },
      ]) {
        const r = await call('PATCH', `/blackouts/${id}`, patch);
        assert.equal(r.status, 400, JSON.stringify(patch));
        assert.deepEqual(r.json.errors[0].fields, ['assoc_id']);
      }
      assert.equal(
        (await call('PATCH', `/blackouts/${id}`, { type: 'Alert', assoc_id: w.a.monitors[1] })).status,
        200,
      );
      b = await show(id);
      assert.deepEqual([b.type, b.assoc_id], ['Alert', w.a.monitors[1]]);
      assert.notDeepEqual(await allRows(w.srv), before);
    });

    it('PATCH rejects bad fields with 400 naming them, and changes nothing', async () => {
      const id = await create(weekly(w.a.monitors[0]));
      const before = await allRows(w.srv);
      for (const [patch, field] of [
        [{ start_day: 9 }, 'start_day'],
        [{ start_day: null }, 'start_day'],
        [{ end_time: '7pm' }, 'end_time'],
        [{ thru_time: '25:00' }, 'end_time'],
        [{ type: 'Other' }, 'type'],
        [{ note: 'n'.repeat(256) }, 'note'],
        [{ assoc_id: 'one' }, 'assoc_id'],
      ] as const) {
        const r = await call('PATCH', `/blackouts/${id}`, patch);
        assert.equal(r.status, 400, JSON.stringify(patch));
        assert.ok(
          r.json.errors.some((e: { fields?: string[] }) => e.fields?.includes(field)),
          r.text,
        );
      }
      assert.deepEqual(await allRows(w.srv), before);
    });

    it('PATCH of a one-time blackout answers 400 naming the rule and changes nothing', async () => {
      const id = await create(oneTime(w.a.monitors[0], 60, 120));
      const before = await allRows(w.srv);
      const r = await call('PATCH', `/blackouts/${id}`, { note: 'x', start_day: 1 });
      assert.equal(r.status, 400);
      assert.match(r.json.errors[0].message, /one-time blackout cannot be edited/);
      assert.deepEqual(await allRows(w.srv), before);
    });

    it('PATCH and DELETE of a missing or malformed id answer 404', async () => {
      for (const id of ['999999', 'x1', '99999999999999']) {
        assert.equal((await call('PATCH', `/blackouts/${id}`, { note: 'n' })).status, 404);
        assert.equal((await call('DELETE', `/blackouts/${id}`)).status, 404);
      }
    });

    it('DELETE removes a recurring or a future one-time blackout: 204, then 404', async () => {
      for (const body of [weekly(w.a.monitors[0]), oneTime(w.a.monitors[0], 1, 10)]) {
        const id = await create(body);
        const r = await call('DELETE', `/blackouts/${id}`);
        assert.equal(r.status, 204);
        assert.equal(r.text, '');
        assert.equal((await call('GET', `/blackouts/${id}`)).status, 404);
        assert.equal((await call('DELETE', `/blackouts/${id}`)).status, 404);
      }
    });

    it('DELETE of a running or past one-time blackout answers 400 naming the rule; it stays', async () => {
      const running = await create(oneTime(w.a.monitors[1], 10, 40));
      const past = await create(oneTime(w.a.monitors[1], 5, 8));
      const recurring = await create(weekly(w.a.monitors[1]));
      w.clock.advance(20 * MINUTE);
      try {
        for (const id of [running, past]) {
          const r = await call('DELETE', `/blackouts/${id}`);
          assert.equal(r.status, 400);
          assert.match(
            r.json.errors[0].message,
            /one-time blackout that has started or ended cannot be deleted/,
          );
          assert.equal((await call('GET', `/blackouts/${id}`)).status, 200);
        }
        assert.equal((await call('DELETE', `/blackouts/${recurring}`)).status, 204);
      } finally {
        w.clock.advance(-20 * MINUTE);
      }
    });
  });
}
