import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import type { TestServer } from '../helpers/server.ts';
import { slaCalls, startSlaServer } from './slas.fixtures.ts';

for (const dialect of DIALECTS) {
  describe(`SLA edits: periods, exclusions, delete (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    let account: number;
    const { api, monitor, create } = slaCalls(() => ({ srv, token, account }));
    before(async () => {
      ({ srv, token, account } = await startSlaServer(dialect));
    });
    after(() => srv.close());

    it('PATCH is partial, ignores monitor_id and replaces periods and exclusions as a whole', async () => {
      const m = await monitor({ locations: [10, 20] });
      const id = await create({
        monitor_id: m,
        exclusions: [{ from_date: '2020-01-01 00:00:00', thru_date: '2020-01-02 00:00:00' }],
      });
      const other = await monitor();
      const r = await api('PATCH', `/slas/${id}`, {
        name: 'Renamed',
        monitor_id: other,
        operating_periods: [
          { from_day: 2, from_time: '08:00', thru_day: 6, thru_time: '18:00' },
          { exclude: true, from_day: 7, from_time: '22:00', thru_day: 1, thru_time: '02:00' },
        ],
        exclusions: [
          {
            from_date: '2030-05-01 10:00:00',
            thru_date: '2030-05-01 12:00:00',
            location_id: 20,
            note: 'upgrade',
          },
        ],
      });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, { id: String(id) });
      const got = (await api('GET', `/slas/${id}`)).json;
      assert.equal(got.name, 'Renamed');
      assert.equal(got.monitor_id, m);
      assert.equal(got.availability, 99.5, 'untouched');
      assert.deepEqual(
        got.operating_periods.map(({ id: _, ...p }: { id: number }) => p),
        [
          { exclude: false, from_day: 2, from_time: '08:00', thru_day: 6, thru_time: '18:00' },
          { exclude: true, from_day: 7, from_time: '22:00', thru_day: 1, thru_time: '02:00' },
        ],
      );
      assert.deepEqual(
        got.exclusions.map(({ id: _, ...e }: { id: number }) => e),
        [
          {
            from_date: '2030-05-01 10:00:00',
            thru_date: '2030-05-01 12:00:00',
            location_id: 20,
            location_description: 'Atlanta, GA',
            note: 'upgrade',
          },
        ],
      );
      assert.equal((await api('PATCH', `/slas/${id}`, { exclusions: [] })).status, 200);
      assert.deepEqual((await api('GET', `/slas/${id}`)).json.exclusions, []);
    });

    it('checks exclusions: dates, from before thru, note length, and a location of the monitor', async () => {
      const m = await monitor({ locations: [10] });
      const id = await create({ monitor_id: m });
      const ex = { from_date: '2024-03-01 00:00:00', thru_date: '2024-03-02 00:00:00' };
      const cases: [object, string][] = [
        [{ ...ex, from_date: '2024-02-30 00:00:00' }, 'exclusions[0].from_date'],
        [{ ...ex, thru_date: '2024-03-02' }, 'exclusions[0].thru_date'],
        [{ ...ex, thru_date: ex.from_date }, 'exclusions[0].thru_date'],
        [{ ...ex, location_id: 20 }, 'exclusions[0].location_id'],
        [{ ...ex, location_id: 424242 }, 'exclusions[0].location_id'],
        [{ ...ex, note: 'n'.repeat(256) }, 'exclusions[0].note'],
      ];
      for (const [bad, field] of cases) {
        const r = await api('PATCH', `/slas/${id}`, { name: 'changed?', exclusions: [bad] });
        assert.equal(r.status, 400, JSON.stringify(bad));
        assert.deepEqual(r.json.errors[0].fields, [field]);
      }
      const got = (await api('GET', `/slas/${id}`)).json;
      assert.equal(got.name, 'Gold', 'a refused PATCH changes nothing');
      const ok = await api('PATCH', `/slas/${id}`, {
        exclusions: [
          { ...ex, location_id: null },
          { ...ex, location_id: 10 },
        ],
      });
      assert.equal(ok.status, 200);
      const after = (await api('GET', `/slas/${id}`)).json.exclusions;
      assert.deepEqual(
        after.map((e: { location_description: string; note: string }) => [e.location_description, e.note]),
        [
          ['-- All --', ''],
          ['Local', ''],
        ],
      );
    });

    it('reads exclusion dates in the account time zone', async () => {
      await srv.runtime.deps.db
        .updateTable('accounts')
        .set({ timezone: 'America/New_York' })
        .where('id', '=', account)
        .execute();
      try {
        const id = await create({
          monitor_id: await monitor(),
          exclusions: [{ from_date: '2024-07-01 09:00:00', thru_date: '2024-07-01 10:00:00' }],
        });
        const row = await srv.runtime.deps.db
          .selectFrom('sla_exclusions')
          .select(['from_at', 'from_date'])
          .where('sla_id', '=', id)
          .executeTakeFirstOrThrow();
        assert.equal(Number(row.from_at), Date.UTC(2024, 6, 1, 13, 0, 0));
        assert.equal(row.from_date, '2024-07-01 09:00:00');
      } finally {
        await srv.runtime.deps.db
          .updateTable('accounts')
          .set({ timezone: 'UTC' })
          .where('id', '=', account)
          .execute();
      }
    });

    it('deletes an SLA (204) with its periods and exclusions; then 404', async () => {
      const id = await create({
        monitor_id: await monitor(),
        exclusions: [{ from_date: '2024-01-01 00:00:00', thru_date: '2024-01-02 00:00:00' }],
      });
      const r = await api('DELETE', `/slas/${id}`);
      assert.equal(r.status, 204);
      assert.equal(r.text, '');
      assert.equal((await api('GET', `/slas/${id}`)).status, 404);
      assert.equal((await api('DELETE', `/slas/${id}`)).status, 404);
      assert.equal((await api('PATCH', `/slas/${id}`, { name: 'x' })).status, 404);
      const { db } = srv.runtime.deps;
      for (const table of ['sla_operating_periods', 'sla_exclusions'] as const) {
        const left = await db.selectFrom(table).select('id').where('sla_id', '=', id).execute();
        assert.deepEqual(left, [], table);
      }
      assert.equal((await api('GET', '/slas/abc')).status, 404);
    });
  });
}
