import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import { ManualClock } from '../helpers/clock.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { addLocation, addMonitor, addResult, firstAccount } from './report-sitestatus.fixtures.ts';

// Measured SLA values (docs/compatibility.md §10) from raw results inserted as the engine would write them.
// The account lives in New York; "now" is Friday 2026-03-20 12:00 EDT (16:00 UTC), so the SLA
// month began on 2026-03-01 00:00 EST = 05:00 UTC.

const NOW = Date.UTC(2026, 2, 20, 16, 0, 0);
const utc = (d: number, h: number, m = 0) => Date.UTC(2026, 2, d, h, m, 0);

for (const dialect of DIALECTS) {
  describe(`SLAs: measured availability and response time (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    let me: number;
    const sla = async (monitorId: number, extra: object = {}) => {
      const r = await srv.request('POST', '/api/v3/slas', {
        token,
        body: {
          monitor_id: monitorId,
          name: `SLA ${monitorId}`,
          availability: 99,
          response_time: 2,
          ...extra,
        },
      });
      assert.equal(r.status, 200, r.text);
      return r.json.id as string;
    };
    const measured = async (id: string) => {
      const r = await srv.request('GET', `/api/v3/slas/${id}`, { token });
      assert.equal(r.status, 200, r.text);
      return [r.json.measured_availability, r.json.measured_response_time];
    };
    const result = (monitorId: number, at: number, o: Partial<Parameters<typeof addResult>[1]> = {}) =>
      addResult(srv, { accountId: me, monitorId, at, ...o });

    before(async () => {
      srv = await startTestServer({ dialect, clock: new ManualClock(NOW) });
      token = await srv.login();
      me = await firstAccount(srv);
      await srv.runtime.deps.db
        .updateTable('accounts')
        .set({ timezone: 'America/New_York' })
        .where('id', '=', me)
        .execute();
      await addLocation(srv, 20, 'Atlanta, GA');
    });
    after(() => srv.close());

    it('is null without results', async () => {
      const m = await addMonitor(srv, me);
      assert.deepEqual(await measured(await sla(m)), [null, null]);
    });

    it('counts the month in the account zone; internal codes, tests and verifications do not count; warnings and passed retries do', async () => {
      const m = await addMonitor(srv, me);
      const id = await sla(m);
      await result(m, utc(10, 12), { ms: 100 });
      await result(m, utc(11, 12), { ms: 200 });
      await result(m, utc(12, 12), { ms: 300 });
      await result(m, utc(13, 12), { status: 7, ms: 9000 });
      await result(m, utc(14, 12), { status: 21, ms: null }); // internal: left out
      await result(m, utc(14, 13), { status: 98, ms: null }); // not executed here: left out
      await result(m, utc(15, 12), { status: 7, warning: true, ms: 400 }); // a warning passes
      await result(m, utc(16, 12), { status: 7, kind: 'test' }); // test on demand: not a slot
      await result(m, utc(16, 13), { status: 7, kind: 'verify' }); // verification: not a slot
      await result(m, utc(1, 4, 30), { status: 7 }); // 2026-02-28 23:30 EST: last month
      await result(m, utc(1, 5, 30), { ms: 500 }); // 2026-03-01 00:30 EST: this month
      // One slot, failed then passed on retry: one OK slot.
      await result(m, utc(17, 12), { status: 7, ms: 30000 });
      await result(m, utc(17, 12, 1), { ms: 600, kind: 'retry', scheduledAt: utc(17, 12) });
      // 7 slots, 6 passed; mean of the passed ones: (100+200+300+400+500+600)/6 = 350 ms.
      assert.deepEqual(await measured(id), [85.714, 0.35]);
      // The list carries the same values.
      const list = await srv.request('GET', '/api/v3/slas', { token });
      const row = list.json.results.find((r: { id: number }) => String(r.id) === id);
      assert.deepEqual([row.measured_availability, row.measured_response_time], [85.714, 0.35]);
    });

    it('only internal results: null', async () => {
      const m = await addMonitor(srv, me);
      const id = await sla(m);
      await result(m, utc(10, 12), { status: 21, ms: null });
      assert.deepEqual(await measured(id), [null, null]);
    });

    it('counts only inside operating periods (local time, across the DST change)', async () => {
      const m = await addMonitor(srv, me);
      // Monday 09:00 → Friday 17:00 New York time, one span.
      const id = await sla(m, {
        operating_periods: [{ from_day: 2, from_time: '09:00', thru_day: 6, thru_time: '17:00' }],
      });
      await result(m, utc(18, 16), { status: 7 }); // Wed 12:00 EDT: in
      await result(m, utc(20, 7), { ms: 250 }); // Fri 03:00 EDT: in
      await result(m, utc(14, 16)); // Sat: out
      await result(m, utc(16, 12, 30), { status: 7 }); // Mon 08:30 EDT: out
      await result(m, utc(2, 13, 30), { status: 7 }); // Mon 2 March 08:30 EST: out
      await result(m, utc(2, 14, 30), { ms: 750 }); // Mon 2 March 09:30 EST: in
      assert.deepEqual(await measured(id), [66.667, 0.5]);
    });

    it('an excluding period leaves its time out', async () => {
      const m = await addMonitor(srv, me);
      const id = await sla(m, {
        operating_periods: [
          { exclude: true, from_day: 1, from_time: '00:00', thru_day: 1, thru_time: '23:59' },
        ],
      });
      await result(m, utc(15, 16), { status: 7 }); // Sunday: excluded
      await result(m, utc(16, 16)); // Monday: counted
      assert.deepEqual(await measured(id), [100, 0.1]);
    });

    it('exclusions leave out their window, at every location or at one', async () => {
      const m = await addMonitor(srv, me, { locations: [10, 20] });
      const id = await sla(m, {
        exclusions: [
          { from_date: '2026-03-10 00:00:00', thru_date: '2026-03-11 00:00:00' },
          { from_date: '2026-03-12 00:00:00', thru_date: '2026-03-13 00:00:00', location_id: 20 },
        ],
      });
      await result(m, utc(10, 12), { status: 7, locationId: 10 }); // all-location exclusion
      await result(m, utc(10, 12), { status: 7, locationId: 20 });
      await result(m, utc(12, 12), { status: 7, locationId: 20 }); // excluded at 20 only
      await result(m, utc(12, 12), { status: 7, locationId: 10 }); // counted
      await result(m, utc(11, 3, 30), { status: 7, locationId: 10 }); // 10 March 23:30 EDT: excluded
      await result(m, utc(11, 4, 30), { locationId: 10, ms: 100 }); // 11 March 00:30 EDT: counted
      await result(m, utc(14, 12), { locationId: 20, ms: 300 }); // counted
      // 3 slots (error at 10 on the 12th, the 11th 00:30, the 14th), 2 passed: (100+300)/2 ms.
      assert.deepEqual(await measured(id), [66.667, 0.2]);
    });

    it("another account's results never count", async () => {
      const m = await addMonitor(srv, me);
      const id = await sla(m);
      await addResult(srv, { accountId: me + 1000, monitorId: m, at: utc(10, 12), status: 7 });
      await result(m, utc(10, 13));
      assert.deepEqual(await measured(id), [100, 0.1]);
    });
  });
}
