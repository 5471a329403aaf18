import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import type { TestServer } from '../helpers/server.ts';
import { slaCalls, startSlaServer } from './slas.fixtures.ts';

const WHOLE_WEEK = { exclude: false, from_day: 1, from_time: '00:00', thru_day: 7, thru_time: '23:59' };

for (const dialect of DIALECTS) {
  describe(`SLAs (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    let account: number;
    const { api, monitor, create } = slaCalls(() => ({ srv, token, account }));
    before(async () => {
      ({ srv, token, account } = await startSlaServer(dialect));
    });
    after(() => srv.close());

    it('creates an SLA (200 string id) and reads it back with every field, measured values null', async () => {
      const m = await monitor({ name: 'Checkout' });
      const r = await api('POST', '/slas', {
        monitor_id: m,
        name: 'Checkout SLA',
        availability: 99.9,
        response_time: 3,
        site_type: 'ignored extra',
      });
      assert.equal(r.status, 200);
      assert.match(r.json.id, /^\d+$/);
      const got = await api('GET', `/slas/${r.json.id}`);
      assert.equal(got.status, 200);
      assert.deepEqual(
        {
          ...got.json,
          operating_periods: got.json.operating_periods.map(({ id: _, ...p }: { id: number }) => p),
        },
        {
          id: Number(r.json.id),
          monitor_id: m,
          monitor_name: 'Checkout',
          name: 'Checkout SLA',
          description: 'Checkout',
          availability: 99.9,
          uptime: null,
          response_time: 3,
          secondary_response_time: 0,
          use_fullpage_time: false,
          uptime_allowed: false,
          use_fullpage_time_allowed: false,
          operating_periods: [WHOLE_WEEK],
          exclusions: [],
          measured_availability: null,
          measured_response_time: null,
        },
      );
      assert.equal(typeof got.json.operating_periods[0].id, 'number');
    });

    it('rounds availability and uptime to 3 decimals and response times to 2', async () => {
      const id = await create({
        monitor_id: await monitor({ mode: 'SLA' }),
        availability: 95.5555,
        uptime: 99.12345,
        response_time: 1.005,
        secondary_response_time: 4.4449,
      });
      const got = (await api('GET', `/slas/${id}`)).json;
      assert.equal(got.availability, 95.556);
      assert.equal(got.uptime, 99.123);
      assert.equal(got.response_time, 1.01);
      assert.equal(got.secondary_response_time, 4.44);
      assert.equal(got.uptime_allowed, true);
      assert.equal((await api('PATCH', `/slas/${id}`, { availability: 99.99949 })).status, 200);
      assert.equal((await api('GET', `/slas/${id}`)).json.availability, 99.999);
    });

    it('refuses out-of-range objectives and missing required fields with 400 and fields', async () => {
      const m = await monitor();
      const cases: [Record<string, unknown>, string][] = [
        [{ availability: 0 }, 'availability'],
        [{ availability: 0.0004 }, 'availability'], // rounds to 0
        [{ availability: 100.01 }, 'availability'],
        [{ availability: '99' }, 'availability'],
        [{ response_time: -1 }, 'response_time'],
        [{ response_time: 300.01 }, 'response_time'],
        [{ secondary_response_time: 301 }, 'secondary_response_time'],
        [{ uptime: 0 }, 'uptime'],
        [{ name: '' }, 'name'],
        [{ name: '   ' }, 'name'],
        [{ description: '' }, 'description'],
        [{ name: undefined }, 'name'],
        [{ availability: undefined }, 'availability'],
        [{ response_time: undefined }, 'response_time'],
        [{ monitor_id: undefined }, 'monitor_id'],
        [{ monitor_id: 987654 }, 'monitor_id'],
        [{ operating_periods: [] }, 'operating_periods'],
        [{ operating_periods: [{ ...WHOLE_WEEK, from_day: 8 }] }, 'operating_periods[0].from_day'],
        [{ operating_periods: [{ ...WHOLE_WEEK, thru_time: '24:00' }] }, 'operating_periods[0].thru_time'],
        [{ operating_periods: [{ ...WHOLE_WEEK, thru_day: 1, thru_time: '00:00' }] }, 'operating_periods[0]'],
      ];
      for (const [patch, field] of cases) {
        const body = { monitor_id: m, name: 'X', availability: 99, response_time: 2, ...patch };
        const r = await api('POST', '/slas', body);
        assert.equal(r.status, 400, `${JSON.stringify(patch)}: ${r.text}`);
        assert.deepEqual(r.json.errors[0].fields, [field], JSON.stringify(patch));
      }
      const list = await api('GET', `/slas?monitor_id=${m}`);
      assert.equal(list.status, 404, 'nothing was created');
    });

    it('allows one SLA per monitor: a second, even in a race, is a 400 naming the rule', async () => {
      const m = await monitor();
      await create({ monitor_id: m });
      const again = await api('POST', '/slas', {
        monitor_id: m,
        name: 'B',
        availability: 99,
        response_time: 1,
      });
      assert.equal(again.status, 400);
      assert.deepEqual(again.json.errors[0].fields, ['monitor_id']);
      assert.match(again.json.errors[0].message, /at most one/);

      const racer = await monitor();
      const answers = await Promise.all(
        Array.from({ length: 4 }, () =>
          api('POST', '/slas', { monitor_id: racer, name: 'R', availability: 99, response_time: 1 }),
        ),
      );
      assert.deepEqual(answers.map((a) => a.status).sort(), [200, 400, 400, 400]);
    });

    it('requires uptime for SLA-mode monitors and use_fullpage_time for full-page ones', async () => {
      const slaMode = await monitor({ mode: 'SLA' });
      const r1 = await api('POST', '/slas', {
        monitor_id: slaMode,
        name: 'U',
        availability: 99,
        response_time: 1,
      });
      assert.equal(r1.status, 400);
      assert.deepEqual(r1.json.errors[0].fields, ['uptime']);

      const full = await monitor({ config: { url: 'http://x.test/', interval_fullpage: 15 } });
      const r2 = await api('POST', '/slas', {
        monitor_id: full,
        name: 'F',
        availability: 99,
        response_time: 1,
      });
      assert.equal(r2.status, 400);
      assert.deepEqual(r2.json.errors[0].fields, ['use_fullpage_time']);
      const id = await create({ monitor_id: full, use_fullpage_time: true });
      const got = (await api('GET', `/slas/${id}`)).json;
      assert.equal(got.use_fullpage_time, true);
      assert.equal(got.use_fullpage_time_allowed, true);

      const notFull = await monitor({ config: { url: 'http://x.test/', interval_fullpage: -1 } });
      const id2 = await create({ monitor_id: notFull });
      assert.equal((await api('GET', `/slas/${id2}`)).json.use_fullpage_time_allowed, false);
    });

    it('GET /slas?monitor_id= answers the single object, or 404 when the monitor has none', async () => {
      const m = await monitor();
      const id = await create({ monitor_id: m, description: 'Own words' });
      const one = await api('GET', `/slas?monitor_id=${m}&select=id,description,nope`);
      assert.equal(one.status, 200);
      assert.deepEqual(one.json, { id, description: 'Own words' });
      const none = await api('GET', `/slas?monitor_id=${await monitor()}`);
      assert.equal(none.status, 404);
      assert.equal(none.json.errors[0].message, 'Record not found');
      assert.equal((await api('GET', '/slas?monitor_id=abc')).status, 400);
    });

    it('lists SLAs in the envelope, every row with the measured keys; limit, offset, select', async () => {
      const all = await api('GET', '/slas');
      assert.equal(all.status, 200);
      const count = all.json.metadata.resultset.count;
      assert.ok(count >= 3);
      assert.equal(all.json.results.length, count);
      assert.deepEqual(all.json.metadata.resultset, { count, limit: null, offset: null });
      assert.equal(all.json.metadata.__permissions.acl, 7);
      for (const row of all.json.results) {
        for (const key of ['name', 'id', 'monitor_name', 'monitor_id', 'availability', 'response_time'])
          assert.ok(key in row, key);
        assert.equal(row.measured_availability, null);
        assert.equal(row.measured_response_time, null);
      }
      const page = await api('GET', '/slas?limit=1&offset=1&select=id,monitor_id');
      assert.deepEqual(page.json.metadata.resultset, { count, limit: 1, offset: 1 });
      assert.deepEqual(page.json.results, [
        { id: all.json.results[1].id, monitor_id: all.json.results[1].monitor_id },
      ]);
      const empty = await api('GET', '/slas?select=');
      assert.deepEqual(
        empty.json.results,
        Array.from({ length: count }, () => ({})),
      );
      assert.deepEqual((await api('GET', `/slas/${all.json.results[0].id}?select=`)).json, {});
    });
  });
}
