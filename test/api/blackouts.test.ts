import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import { allRows, oneTime, startBlackoutWorld, weekly, type BlackoutWorld } from './blackouts-fixtures.ts';

for (const dialect of DIALECTS) {
  describe(`blackouts: create, get, list (${dialect})`, () => {
    let w: BlackoutWorld;
    const post = (body: unknown, token = w.a.token) =>
      w.srv.request('POST', '/api/v3/blackouts', { token, body });
    const get = (path: string) => w.srv.request('GET', `/api/v3${path}`, { token: w.a.token });

    /** Posts `body`, expects 400 naming `fields`, and checks that nothing was stored. */
    async function rejects(body: unknown, fields: string[], message?: RegExp) {
      const before = await allRows(w.srv);
      const r = await post(body);
      assert.equal(r.status, 400, r.text);
      const named = r.json.errors.flatMap((e: { fields?: string[] }) => e.fields ?? []);
      for (const f of fields) assert.ok(named.includes(f), `${f} not in ${JSON.stringify(r.json)}`);
      if (message) assert.match(r.json.errors[0].message, message);
      assert.deepEqual(await allRows(w.srv), before);
    }

    before(async () => {
      w = await startBlackoutWorld(dialect);
    });
    after(() => w.close());

    it('creates a one-time blackout: 200 with a string id, then GET shows every field', async () => {
      const body = { ...oneTime(w.a.monitors[0], 60, 150), persistent: false, note: 'Scheduled maintenance' };
      const r = await post(body);
      assert.equal(r.status, 200);
      assert.deepEqual(Object.keys(r.json), ['id']);
      assert.match(r.json.id, /^\d+$/);
      const g = await get(`/blackouts/${r.json.id}`);
      assert.equal(g.status, 200);
      assert.deepEqual(g.json, {
        id: Number(r.json.id),
        assoc_id: w.a.monitors[0],
        type: 'Monitor',
        persistent: false,
        from_date: '2030-06-01 13:00:00',
        thru_date: '2030-06-01 14:30:00',
        start_day: null,
        start_time: null,
        end_day: null,
        end_time: null,
        note: 'Scheduled maintenance',
        login: w.a.email,
        date_added: '2030-06-01T12:00:00Z',
      });
    });

    it('creates a recurring blackout, inferring persistent from the fields, times as hh:mm', async () => {
      const r = await post(weekly(w.a.monitors[0], 'Alert', { start_time: '7:05' }));
      assert.equal(r.status, 200);
      const g = await get(`/blackouts/${r.json.id}`);
      assert.equal(g.json.persistent, true);
      assert.equal(g.json.type, 'Alert');
      assert.deepEqual(
        [g.json.start_day, g.json.start_time, g.json.end_day, g.json.end_time],
        [7, '07:05', 1, '02:00'],
      );
      assert.equal(g.json.from_date, null);
      assert.equal(g.json.note, null);
      // and the reverse: only one-time fields, no persistent → one-time
      const o = await post(oneTime(w.a.monitors[1], 10, 20));
      assert.equal((await get(`/blackouts/${o.json.id}`)).json.persistent, false);
    });

    it('accepts type Recipient as Notifier, for a recipient of the account', async () => {
      const r = await post(weekly(w.a.recipients[0], 'Recipient'));
      assert.equal(r.status, 200, r.text);
      assert.equal((await get(`/blackouts/${r.json.id}`)).json.type, 'Notifier');
    });

    it('ignores unknown and read-only fields in the body (docs/compatibility.md §4)', async () => {
      const r = await post({ ...weekly(w.a.monitors[1]), site_type: 'x', id: 1, login: 'me' });
      assert.equal(r.status, 200, r.text);
      const g = await get(`/blackouts/${r.json.id}`);
      assert.equal(g.json.login, w.a.email);
      assert.notEqual(g.json.id, 1);
    });

    it('rejects mixing one-time and recurring fields, or giving neither', async () => {
      const m = w.a.monitors[0];
      await rejects(
        { ...oneTime(m, 10, 20), start_day: 1, start_time: '01:00' },
        ['from_date', 'start_day'],
        /not both/,
      );
      await rejects({ assoc_id: m, type: 'Monitor' }, ['from_date', 'start_day'], /required and is empty/);
      await rejects({ assoc_id: m, type: 'Monitor', persistent: true }, [
        'start_day',
        'start_time',
        'end_day',
        'end_time',
      ]);
      await rejects({ ...oneTime(m, 10, 20), persistent: true }, ['from_date', 'thru_date'], /recurring/);
      await rejects({ ...weekly(m), persistent: false }, ['start_day', 'end_time'], /one-time/);
      await rejects({ assoc_id: m, type: 'Monitor', from_date: '2030-06-01 13:00:00' }, ['thru_date']);
      await rejects({ ...weekly(m), end_time: null }, ['end_time'], /required and is empty/);
    });

    it('rejects one-time windows in the past, reversed, or not real dates', async () => {
      const m = w.a.monitors[0];
      await rejects(oneTime(m, -10, 20), ['from_date'], /future/);
      await rejects(oneTime(m, -30, -10), ['from_date'], /future/);
      await rejects(oneTime(m, 30, 10), ['thru_date'], /after from_date/);
      await rejects(oneTime(m, 30, 30), ['thru_date'], /after from_date/);
      await rejects(
        { ...oneTime(m, 10, 20), from_date: '2031-02-29 10:00:00' },
        ['from_date'],
        /YYYY-MM-DD HH:MM:SS/,
      );
      await rejects({ ...oneTime(m, 10, 20), thru_date: '2030-06-01T14:00:00Z' }, ['thru_date']);
      await rejects({ ...oneTime(m, 10, 20), from_date: 20300601 }, ['from_date'], /must be a string/);
      // the current second is not the past
      assert.equal((await post({ ...oneTime(m, 0, 10) })).status, 200);
    });

    it('rejects bad recurring fields, types, notes and missing fields', async () => {
      const m = w.a.monitors[0];
      await rejects(weekly(m, 'Monitor', { start_day: 8 }), ['start_day'], /at most 7/);
      await rejects(weekly(m, 'Monitor', { end_day: 0 }), ['end_day'], /at least 1/);
      await rejects(weekly(m, 'Monitor', { start_day: '6' }), ['start_day'], /must be an integer/);
      await rejects(weekly(m, 'Monitor', { start_time: '24:00' }), ['start_time'], /hh:mm/);
      await rejects(weekly(m, 'Monitor', { end_time: '12:60' }), ['end_time'], /hh:mm/);
      await rejects(weekly(m, 'Blackout'), ['type'], /must be one of/);
      await rejects({ ...weekly(m), note: 'x'.repeat(256) }, ['note'], /at most 255/);
      await rejects({ ...weekly(m), note: 'a\u0000b' }, ['note']);
      const { assoc_id: _, ...noAssoc } = weekly(m);
      await rejects(noAssoc, ['assoc_id'], /required and is empty/);
      await rejects(weekly('12' as never), ['assoc_id'], /must be an integer/);
      await rejects(weekly(99_999_999_999), ['assoc_id']);
      assert.equal((await post({ ...weekly(m), note: 'x'.repeat(255) })).status, 200);
    });

    it('checks assoc_id against monitors for Monitor/Alert and recipients for Notifier', async () => {
      const monitor = w.a.monitors[0];
      const recipient = w.a.recipients[0];
      const unused = Math.max(...w.a.monitors, ...w.a.recipients, ...w.b.monitors, ...w.b.recipients) + 1000;
      await rejects(weekly(unused, 'Monitor'), ['assoc_id'], /monitor/);
      await rejects(weekly(unused, 'Alert'), ['assoc_id'], /monitor/);
      await rejects(weekly(unused, 'Notifier'), ['assoc_id'], /recipient/);
      if (!w.a.monitors.includes(recipient)) await rejects(weekly(recipient, 'Monitor'), ['assoc_id']);
      if (!w.a.recipients.includes(monitor)) await rejects(weekly(monitor, 'Notifier'), ['assoc_id']);
      // the other account's monitor and recipient are not this account's
      await rejects(weekly(w.b.monitors[0], 'Monitor'), ['assoc_id']);
      await rejects(weekly(w.b.recipients[0], 'Notifier'), ['assoc_id']);
    });

    it('GET of a missing or malformed id answers 404 Record not found', async () => {
      for (const id of ['999999', 'abc', '1.5', '99999999999999']) {
        const r = await get(`/blackouts/${id}`);
        assert.equal(r.status, 404, id);
        assert.deepEqual(r.json, { errors: [{ code: 404, message: 'Record not found' }] });
      }
    });
  });

  describe(`blackouts: list filters, select, paging (${dialect})`, () => {
    let w: BlackoutWorld;
    const ids: Record<string, number> = {};
    const list = async (query: string) => {
      const r = await w.srv.request('GET', `/api/v3/blackouts${query}`, { token: w.a.token });
      assert.equal(r.status, 200, r.text);
      return r.json;
    };
    const idsOf = (json: { results: { id: number }[] }) => json.results.map((b) => b.id);

    before(async () => {
      w = await startBlackoutWorld(dialect);
      const [m1, m2] = w.a.monitors;
      const bodies = {
        monOnce: oneTime(m1, 10, 20),
        monWeekly: weekly(m1),
        alertWeekly: weekly(m2, 'Alert'),
        notifier: weekly(w.a.recipients[0], 'Notifier'),
      };
      for (const [name, body] of Object.entries(bodies)) {
        const r = await w.srv.request('POST', '/api/v3/blackouts', { token: w.a.token, body });
        ids[name] = Number(r.json.id);
      }
      // the other account's blackout never shows up
      await w.srv.request('POST', '/api/v3/blackouts', { token: w.b.token, body: weekly(w.b.monitors[0]) });
    });
    after(() => w.close());

    it('lists every blackout of the account, past and future, in the envelope', async () => {
      const json = await list('');
      assert.deepEqual(json.metadata, {
        __permissions: { acl: 7 },
        resultset: { count: 4, limit: null, offset: null },
      });
      assert.deepEqual(idsOf(json), [ids.monOnce, ids.monWeekly, ids.alertWeekly, ids.notifier]);
      // a one-time blackout that has ended is still listed
      w.clock.advance(30 * 60_000);
      assert.equal((await list('')).metadata.resultset.count, 4);
      w.clock.advance(-30 * 60_000);
    });

    it('filters by type (Recipient = Notifier, comma lists) and rejects unknown types', async () => {
      assert.deepEqual(idsOf(await list('?type=Monitor')), [ids.monOnce, ids.monWeekly]);
      assert.deepEqual(idsOf(await list('?type=Alert')), [ids.alertWeekly]);
      assert.deepEqual(idsOf(await list('?type=Recipient')), [ids.notifier]);
      assert.deepEqual(idsOf(await list('?type=Alert,Notifier')), [ids.alertWeekly, ids.notifier]);
      const bad = await w.srv.request('GET', '/api/v3/blackouts?type=Monitor,Nope', { token: w.a.token });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.json.errors[0].fields, ['type']);
      assert.match(bad.json.errors[0].message, /Nope/);
    });

    it('filters by assoc_id and by persistent (true = recurring only, false = both)', async () => {
      const m1 = w.a.monitors[0];
      assert.deepEqual(idsOf(await list(`?assoc_id=${m1}&type=Monitor,Alert`)), [ids.monOnce, ids.monWeekly]);
      assert.deepEqual(idsOf(await list(`?assoc_id=${m1}&type=Alert`)), []);
      assert.deepEqual(idsOf(await list(`?assoc_id=${w.a.recipients[0]}&type=Notifier`)), [ids.notifier]);
      // monitor and recipient ids are separate sequences: assoc_id alone matches either
      const either = [ids.monOnce, ids.monWeekly, ...(w.a.recipients[0] === m1 ? [ids.notifier] : [])];
      assert.deepEqual(idsOf(await list(`?assoc_id=${m1}`)), either);
      assert.deepEqual(idsOf(await list('?persistent=true')), [ids.monWeekly, ids.alertWeekly, ids.notifier]);
      assert.equal((await list('?persistent=false')).metadata.resultset.count, 4);
      const bad = await w.srv.request('GET', '/api/v3/blackouts?assoc_id=x', { token: w.a.token });
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.json.errors[0].fields, ['assoc_id']);
    });

    it('pages with limit/offset (count is the total) and projects with select', async () => {
      const page = await list('?limit=2&offset=1');
      assert.deepEqual(page.metadata.resultset, { count: 4, limit: 2, offset: 1 });
      assert.deepEqual(idsOf(page), [ids.monWeekly, ids.alertWeekly]);
      const sel = await list('?select=id,type,nope&limit=1');
      assert.deepEqual(sel.results, [{ id: ids.monOnce, type: 'Monitor' }]);
      assert.deepEqual((await list('?select=&limit=2')).results, [{}, {}]);
      const one = await w.srv.request('GET', `/api/v3/blackouts/${ids.notifier}?select=assoc_id,persistent`, {
        token: w.a.token,
      });
      assert.deepEqual(one.json, { assoc_id: w.a.recipients[0], persistent: true });
    });
  });
}
