import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccountWithAdmin } from '../../src/accounts/accounts.ts';
import { ManualClock } from '../helpers/clock.ts';
import { DIALECTS } from '../helpers/db.ts';
import { addUser, startTestServer, type TestServer } from '../helpers/server.ts';
import { addLocation, addMonitor, addResult, firstAccount } from './report-sitestatus.fixtures.ts';

// GET /monitors/{id}/results: raw results within the 30-day retention, hourly rollups before it.
const HOUR = 3_600_000;
const DAY = 24 * HOUR;
const NOW = Date.UTC(2026, 5, 15, 12, 30, 0);
// The first whole hour inside the retention: 2026-05-16 13:00 UTC.
const BOUNDARY = Date.UTC(2026, 4, 16, 13, 0, 0);

for (const dialect of DIALECTS) {
  describe(`GET /monitors/{id}/results (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    let me: number;
    let m: number;
    const get = (query: string, t = token, id = m) =>
      srv.request('GET', `/api/v3/monitors/${id}/results${query}`, { token: t });
    const rollup = (
      hour: number,
      locationId: number,
      o: { runs: number; errors: number; internal?: number },
    ) =>
      srv.runtime.deps.db
        .insertInto('check_rollups')
        .values({
          monitor_id: m,
          location_id: locationId,
          hour,
          account_id: me,
          runs: o.runs,
          errors: o.errors,
          internal: o.internal ?? 0,
          warnings: 1,
          response_sum: 1500 * (o.runs - (o.internal ?? 0)),
          response_count: o.runs - (o.internal ?? 0),
          response_max: 4000,
        })
        .execute();

    before(async () => {
      srv = await startTestServer({ dialect, clock: new ManualClock(NOW) });
      token = await srv.login();
      me = await firstAccount(srv);
      await addLocation(srv, 20, 'Atlanta, GA');
      m = await addMonitor(srv, me, { locations: [10, 20] });
      await addResult(srv, {
        accountId: me,
        monitorId: m,
        at: NOW - 3 * HOUR,
        locationId: 20,
        status: 7,
        ms: 1234,
      });
      await addResult(srv, { accountId: me, monitorId: m, at: NOW - 2 * HOUR, ms: 412 });
      await addResult(srv, { accountId: me, monitorId: m, at: NOW - HOUR, kind: 'retry', warning: true });
      await addResult(srv, { accountId: me, monitorId: m, at: NOW - HOUR + 1, kind: 'test', status: 7 });
      await addResult(srv, { accountId: me, monitorId: m, at: BOUNDARY + 5 * 60_000 });
      // Raw rows older than the boundary are never read (rollups cover them).
      await addResult(srv, { accountId: me, monitorId: m, at: BOUNDARY - 5 * 60_000, status: 7 });
      await rollup(BOUNDARY - 2 * HOUR, 10, { runs: 12, errors: 3 });
      await rollup(BOUNDARY - HOUR, 20, { runs: 10, errors: 0, internal: 2 });
      await rollup(BOUNDARY, 10, { runs: 12, errors: 12 }); // inside retention: raw answers instead
    });
    after(() => srv.close());

    it('answers the last 24 hours of raw results by default, in time order, with their types', async () => {
      const r = await get('');
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json.metadata.resultset, { count: 3, limit: null, offset: null });
      assert.deepEqual(r.json.results[0], {
        type: 'raw',
        id: r.json.results[0].id,
        location_id: 20,
        dt: '2026-06-15 09:30:00',
        kind: 'scheduled',
        status: 7,
        status_desc: 'HTTP error status',
        info_msg: 'failed',
        response_time: 1.234,
        warning: false,
        phases: {},
      });
      assert.equal(typeof r.json.results[0].id, 'string');
      assert.deepEqual(
        r.json.results.map((x: { kind: string; warning: boolean }) => [x.kind, x.warning]),
        [
          ['scheduled', false],
          ['scheduled', false],
          ['retry', true],
        ],
      );
    });

    it('shows the measured phases of raw results in seconds (known phases only)', async () => {
      const other = await addMonitor(srv, me, { locations: [10] });
      await addResult(srv, {
        accountId: me,
        monitorId: other,
        at: NOW - HOUR,
        ms: 250,
        phases: { dns: 12, connect: 30, tls: 41, firstByte: 150, download: 17, bogus: 5 },
      });
      const r = await srv.request('GET', `/api/v3/monitors/${other}/results`, { token });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json.results[0].phases, {
        dns: 0.012,
        connect: 0.03,
        tls: 0.041,
        firstByte: 0.15,
        download: 0.017,
      });
    });

    it('answers hourly rollups before the raw boundary and raw results after it', async () => {
      const r = await get(`?from=${new Date(NOW - 45 * DAY).toISOString()}`);
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json.metadata.resultset.count, 6);
      const [a, b, ...raw] = r.json.results;
      assert.deepEqual(a, {
        type: 'hourly',
        location_id: 10,
        dt: '2026-05-16 11:00:00',
        runs: 12,
        errors: 3,
        internal: 0,
        warnings: 1,
        availability: 75,
        response_time: 1.5,
        response_time_max: 4,
      });
      assert.deepEqual([b.type, b.location_id, b.availability], ['hourly', 20, 100]);
      assert.deepEqual(
        raw.map((x: { type: string; dt: string }) => [x.type, x.dt]),
        [
          ['raw', '2026-05-16 13:05:00'],
          ['raw', '2026-06-15 09:30:00'],
          ['raw', '2026-06-15 10:30:00'],
          ['raw', '2026-06-15 11:30:00'],
        ],
      );
    });

    it('pages across the boundary with limit and offset', async () => {
      const from = `?from=${new Date(NOW - 45 * DAY).toISOString()}`;
      const page = await get(`${from}&limit=2&offset=1`);
      assert.deepEqual(page.json.metadata.resultset, { count: 6, limit: 2, offset: 1 });
      assert.deepEqual(
        page.json.results.map((x: { type: string }) => x.type),
        ['hourly', 'raw'],
      );
      const tail = await get(`${from}&limit=10&offset=5`);
      assert.deepEqual(
        tail.json.results.map((x: { dt: string }) => x.dt),
        ['2026-06-15 11:30:00'],
      );
    });

    it('filters by location; reads "YYYY-MM-DD HH:MM:SS" in the account zone', async () => {
      const r = await get(`?from=${new Date(NOW - 45 * DAY).toISOString()}&location_id=20`);
      assert.deepEqual(
        r.json.results.map((x: { type: string }) => x.type),
        ['hourly', 'raw'],
      );
      await srv.runtime.deps.db
        .updateTable('accounts')
        .set({ timezone: 'Asia/Tokyo' })
        .where('id', '=', me)
        .execute();
      // 2026-06-15 19:00 in Tokyo is 10:00 UTC: only the two later raw results.
      const local = await get('?from=2026-06-15%2019:00:00&to=2026-06-15%2021:00:00');
      assert.deepEqual(
        local.json.results.map((x: { dt: string }) => x.dt),
        ['2026-06-15 10:30:00', '2026-06-15 11:30:00'],
      );
      await srv.runtime.deps.db
        .updateTable('accounts')
        .set({ timezone: 'UTC' })
        .where('id', '=', me)
        .execute();
    });

    it('refuses bad windows with 400 and the field', async () => {
      for (const [q, field] of [
        ['?from=yesterday', 'from'],
        ['?to=2026-02-30%2000:00:00', 'to'],
        ['?from=2026-06-15T12:00:00Z&to=2026-06-15T11:00:00Z', 'from'],
        ['?location_id=x', 'location_id'],
        ['?limit=-1', 'limit'],
      ]) {
        const r = await get(q!);
        assert.equal(r.status, 400, `${q}: ${r.text}`);
        assert.deepEqual(r.json.errors[0].fields, [field], q);
      }
    });

    it("any role may read; another account's monitor is 404", async () => {
      const reader = await addUser(srv, token, 'REPORTONLY');
      assert.equal((await get('', reader.token)).status, 200);
      await createAccountWithAdmin(srv.runtime.deps, {
        name: 'Other',
        parentId: null,
        adminEmail: 'other-results@example.com',
        adminPassword: 'other admin secret 77',
      });
      const other = await srv.login('other-results@example.com', 'other admin secret 77');
      assert.equal((await get('', other)).status, 404);
      assert.equal((await get('', token, 99999999999)).status, 404);
    });
  });
}
