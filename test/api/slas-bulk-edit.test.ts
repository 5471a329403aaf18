import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { accountOf, insertLocation, insertMonitor, otherAccount } from './slas.fixtures.ts';

const EX = { from_date: '2025-01-01 00:00:00', thru_date: '2025-01-01 06:00:00' };

for (const dialect of DIALECTS) {
  describe(`SLA bulk-edit (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    let account: number;
    const api = (method: string, path: string, body?: unknown) =>
      srv.request(method, `/api/v3${path}`, { token, body });
    const bulk = (body: unknown) => api('POST', '/slas/bulk-edit', body);

    /** A monitor with an SLA; returns both ids. */
    async function withSla(o: Parameters<typeof insertMonitor>[2] = {}) {
      const monitor = await insertMonitor(srv, account, o);
      const r = await api('POST', '/slas', {
        monitor_id: monitor,
        name: 'Base',
        availability: 99,
        response_time: 5,
        ...(o.mode === 'SLA' ? { uptime: 98 } : {}),
        exclusions: [EX],
      });
      assert.equal(r.status, 200, r.text);
      return { monitor, sla: Number(r.json.id) };
    }
    const get = async (sla: number) => (await api('GET', `/slas/${sla}`)).json;

    before(async () => {
      srv = await startTestServer({ dialect });
      token = await srv.login();
      account = await accountOf(srv);
      await insertLocation(srv, 30, 'Fremont, CA');
    });
    after(() => srv.close());

    it('updates objectives, periods and exclusions (append) of every monitor; answers the ids', async () => {
      const a = await withSla();
      const b = await withSla({ mode: 'SLA' });
      const r = await bulk({
        monitors: [a.monitor, b.monitor],
        update_sla_objectives: true,
        update_operating_periods: true,
        update_exclusions: true,
        availability: 97.1234,
        response_time: 2.345,
        operating_periods: [{ from_day: 2, from_time: '09:00', thru_day: 6, thru_time: '17:00' }],
        exclusions: [{ from_date: '2026-02-01 00:00:00', thru_date: '2026-02-02 00:00:00', note: 'release' }],
      });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json, {
        results: [
          { monitor_id: String(a.monitor), ids: [String(a.sla)] },
          { monitor_id: String(b.monitor), ids: [String(b.sla)] },
        ],
      });
      for (const { sla } of [a, b]) {
        const got = await get(sla);
        assert.equal(got.availability, 97.123);
        assert.equal(got.response_time, 2.35);
        assert.equal(got.name, 'Base');
        assert.deepEqual(
          got.operating_periods.map(({ id: _, ...p }: { id: number }) => p),
          [{ exclude: false, from_day: 2, from_time: '09:00', thru_day: 6, thru_time: '17:00' }],
        );
        assert.deepEqual(
          got.exclusions.map((e: { note: string }) => e.note),
          ['', 'release'],
        );
      }
      assert.equal((await get(b.sla)).uptime, 98, 'objectives not sent are kept');
    });

    it('replaces exclusions with update_exclusions_action "update" and leaves the rest alone', async () => {
      const a = await withSla();
      const before = await get(a.sla);
      const r = await bulk({
        monitors: [a.monitor],
        update_exclusions: true,
        update_exclusions_action: 'update',
        exclusions: [{ ...EX, location_id: 10 }],
      });
      assert.equal(r.status, 200, r.text);
      const got = await get(a.sla);
      assert.deepEqual(
        got.exclusions.map((e: { location_description: string }) => e.location_description),
        ['Local'],
      );
      assert.deepEqual(got.operating_periods, before.operating_periods);
      assert.equal(got.availability, before.availability);
    });

    it('is all-or-nothing: a monitor without an SLA, of another account or missing fails it all', async () => {
      const a = await withSla();
      const noSla = await insertMonitor(srv, account);
      const other = await otherAccount(srv, `bulk-${dialect}`);
      const foreign = await insertMonitor(srv, other.accountId);
      const before = await get(a.sla);
      const r = await bulk({
        monitors: [a.monitor, noSla, foreign, 999999],
        update_sla_objectives: true,
        availability: 50,
      });
      assert.equal(r.status, 400);
      assert.deepEqual(r.json.errors[0].fields, ['monitors']);
      for (const id of [noSla, foreign, 999999])
        assert.match(r.json.errors[0].message, new RegExp(`\\b${id}\\b`));
      assert.doesNotMatch(r.json.errors[0].message, new RegExp(`\\b${a.monitor}\\b`));
      assert.deepEqual(await get(a.sla), before);
    });

    it('checks each exclusion location against every monitor, changing nothing on failure', async () => {
      const a = await withSla({ locations: [10, 30] });
      const b = await withSla({ locations: [10] });
      const [beforeA, beforeB] = [await get(a.sla), await get(b.sla)];
      const r = await bulk({
        monitors: [a.monitor, b.monitor],
        update_sla_objectives: true,
        availability: 42,
        update_exclusions: true,
        update_exclusions_action: 'update',
        exclusions: [{ ...EX, location_id: 30 }],
      });
      assert.equal(r.status, 400);
      assert.deepEqual(r.json.errors[0].fields, ['exclusions[0].location_id']);
      assert.match(r.json.errors[0].message, new RegExp(`monitor ${b.monitor}`));
      assert.deepEqual(await get(a.sla), beforeA);
      assert.deepEqual(await get(b.sla), beforeB);
    });

    it('refuses requests that ask for nothing or lack what a flag needs', async () => {
      const a = await withSla();
      const cases: [Record<string, unknown>, string[]][] = [
        [{}, ['update_sla_objectives', 'update_operating_periods', 'update_exclusions']],
        [
          { update_sla_objectives: false },
          ['update_sla_objectives', 'update_operating_periods', 'update_exclusions'],
        ],
        [{ update_sla_objectives: true }, ['update_sla_objectives']],
        [{ update_sla_objectives: true, availability: 0 }, ['availability']],
        [{ update_sla_objectives: true, response_time: 301 }, ['response_time']],
        [{ update_operating_periods: true }, ['operating_periods']],
        [{ update_operating_periods: true, operating_periods: [] }, ['operating_periods']],
        [{ update_exclusions: true }, ['exclusions']],
        [
          { update_exclusions: true, exclusions: [], update_exclusions_action: 'merge' },
          ['update_exclusions_action'],
        ],
        [
          { update_exclusions: true, exclusions: [{ ...EX, thru_date: EX.from_date }] },
          ['exclusions[0].thru_date'],
        ],
        [{ update_sla_objectives: 'yes', availability: 90 }, ['update_sla_objectives']],
      ];
      for (const [body, fields] of cases) {
        const r = await bulk({ monitors: [a.monitor], ...body });
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.deepEqual(r.json.errors[0].fields, fields, JSON.stringify(body));
      }
      for (const monitors of [undefined, [], ['x']]) {
        const r = await bulk({ monitors, update_sla_objectives: true, availability: 90 });
        assert.equal(r.status, 400, JSON.stringify(monitors));
      }
    });
  });
}
