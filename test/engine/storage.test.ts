import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { purgeRetention } from '../../src/engine/maintenance.ts';
import { insertResults } from '../../src/store/results.ts';
import { ManualClock } from '../helpers/clock.ts';
import { DIALECTS } from '../helpers/db.ts';
import { drain, engineWorld, results, scriptedExecutor, T0, website, type EngineWorld } from './helpers.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

for (const dialect of DIALECTS) {
  describe(`results storage (${dialect})`, () => {
    let w: EngineWorld;
    let slow = 0;
    before(async () => {
      const clock = new ManualClock(T0);
      const ex = scriptedExecutor(clock, (input, attempt) => {
        if (input.name.startsWith('mixed')) {
          const n = (attempt + input.monitorId!) % 4;
          if (n === 0) return { status: 7, info_msg: 'HTTP 500', responseMs: 40 };
          if (n === 1) return { status: 21, info_msg: 'agent error', responseMs: null };
          return { responseMs: 10 + n };
        }
        return undefined;
      });
      const delayed = scriptedExecutor(clock, undefined, 0);
      delayed.executor.run = async (input, ctx) => {
        await new Promise((r) => setTimeout(r, slow));
        return {
          status: 0,
          info_msg: `OK ${input.name}`,
          responseMs: slow,
          phases: {},
          steps: [],
          detail: { ctx: !!ctx },
        };
      };
      w = await engineWorld(dialect, [ex.executor], clock);
      (w as { slowExecutor?: unknown }).slowExecutor = delayed.executor;
    });
    after(() => w.close());

    it('keeps hourly rollups equal to the raw results', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 6; i++) ids.push(await website(w, { name: `mixed ${i}`, retry_on_failure: false }));
      const engine = w.engine();
      for (let i = 0; i < 75; i++) {
        w.clock.advance(MINUTE);
        await drain(engine);
      }
      const raw = (await results(w)).filter((r) => ids.includes(r.monitor_id!) && r.kind === 'scheduled');
      const expected = new Map<
        string,
        { runs: number; errors: number; internal: number; sum: number; count: number; max: number }
      >();
      for (const r of raw) {
        const k = `${r.monitor_id}:${r.location_id}:${Math.floor(r.started_at / 3_600_000) * 3_600_000}`;
        const e = expected.get(k) ?? { runs: 0, errors: 0, internal: 0, sum: 0, count: 0, max: 0 };
        e.runs++;
        if (r.status === 21) e.internal++;
        else if (r.status !== 0) e.errors++;
        if (r.response_ms !== null) {
          e.sum += r.response_ms;
          e.count++;
          e.max = Math.max(e.max, r.response_ms);
        }
        expected.set(k, e);
      }
      const rollups = await w.deps.db
        .selectFrom('check_rollups')
        .selectAll()
        .where('monitor_id', 'in', ids)
        .execute();
      assert.ok(rollups.length >= 12, 'two hours × six monitors');
      const actual = new Map(
        rollups.map((r) => [
          `${r.monitor_id}:${r.location_id}:${r.hour}`,
          {
            runs: r.runs,
            errors: r.errors,
            internal: r.internal,
            sum: r.response_sum,
            count: r.response_count,
            max: r.response_max,
          },
        ]),
      );
      assert.deepEqual(actual, expected);
      assert.ok([...expected.values()].some((e) => e.errors > 0 && e.internal > 0));
    });

    it('purges raw results past retention in batches and keeps rollups', async () => {
      const now = w.clock.now();
      const old = Array.from({ length: 1200 }, (_, i) => ({
        account_id: w.admin.accountId,
        monitor_id: null,
        location_id: 10,
        kind: 'test',
        scheduled_at: now - 31 * DAY - i,
        started_at: now - 31 * DAY - i,
        status: 0,
        info_msg: 'old',
        response_ms: 1,
        phases: '{}',
        steps: '[]',
        detail: '{}',
        warning: 0,
        target: 'x',
      }));
      await insertResults(w.deps.db, old);
      const rollupsBefore = await w.deps.db.selectFrom('check_rollups').select('hour').execute();
      const before = (await results(w)).length;
      const purged = await purgeRetention(w.deps);
      assert.equal(purged.results, 1200);
      assert.equal(purged.rollups, 0);
      assert.equal((await results(w)).length, before - 1200);
      assert.equal(
        (await w.deps.db.selectFrom('check_rollups').select('hour').execute()).length,
        rollupsBefore.length,
      );
      w.clock.advance(401 * DAY);
      const later = await purgeRetention(w.deps);
      assert.equal(later.rollups, rollupsBefore.length, 'rollups go after their own, longer retention');
      w.clock.advance(-401 * DAY);
    });

    it('records in-flight runs when stopped (drain) and holds no lease afterwards', async () => {
      slow = 300;
      const slowWorld = w.deps.executors as Map<string, unknown>;
      const previous = slowWorld.get('website');
      slowWorld.set('website', (w as { slowExecutor?: unknown }).slowExecutor);
      try {
        const ids: number[] = [];
        for (let i = 0; i < 5; i++) ids.push(await website(w, { name: `drain ${i}` }));
        w.clock.advance(MINUTE);
        const engine = w.engine({ pollMs: 10 });
        engine.start();
        for (let i = 0; i < 100 && engine.stats.inFlight < 5; i++)
          await new Promise((r) => setTimeout(r, 10));
        assert.ok(engine.stats.inFlight >= 5, 'runs are in flight');
        await engine.stop();
        const got = (await results(w)).filter((r) => ids.includes(r.monitor_id!));
        assert.equal(got.length, 5, 'every in-flight run was recorded');
        const leased = await w.deps.db
          .selectFrom('check_schedules')
          .select('monitor_id')
          .where('lease_owner', 'is not', null)
          .execute();
        assert.equal(leased.length, 0);
      } finally {
        slowWorld.set('website', previous);
      }
    });
  });
}
