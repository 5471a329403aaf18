import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { claimBatch } from '../../src/scheduler/claimer.ts';
import { recordBatch } from '../../src/engine/recorder.ts';
import { runClaim } from '../../src/engine/run-claim.ts';
import { ManualClock } from '../helpers/clock.ts';
import { DIALECTS } from '../helpers/db.ts';
import { drain, engineWorld, results, scriptedExecutor, T0, website, type EngineWorld } from './helpers.ts';

const MINUTE = 60_000;

for (const dialect of DIALECTS) {
  describe(`scheduler (${dialect})`, () => {
    let w: EngineWorld;
    let calls: ReturnType<typeof scriptedExecutor>['calls'];
    before(async () => {
      const clock = new ManualClock(T0);
      const ex = scriptedExecutor(clock);
      w = await engineWorld(dialect, [ex.executor], clock);
      calls = ex.calls;
    });
    after(() => w.close());

    it('spreads slots over the interval and runs every due check once per slot', async () => {
      const ids: number[] = [];
      for (let i = 0; i < 30; i++) ids.push(await website(w));
      const rows = await w.deps.db
        .selectFrom('check_schedules')
        .selectAll()
        .where('monitor_id', 'in', ids)
        .execute();
      assert.equal(rows.length, 30);
      const offsets = new Set(rows.map((r) => r.next_run_at % MINUTE));
      assert.ok(offsets.size >= 25, `30 monitors share only ${offsets.size} offsets`);
      for (const r of rows)
        assert.ok(r.next_run_at >= w.clock.now() && r.next_run_at < w.clock.now() + MINUTE);

      const engine = w.engine();
      assert.equal(await drain(engine), 0, 'nothing is due before its slot');
      for (let slot = 0; slot < 3; slot++) {
        w.clock.advance(MINUTE);
        assert.equal(await drain(engine), 30);
        assert.equal(await drain(engine), 0, 'a recorded slot is not due again');
      }
      const got = (await results(w)).filter((r) => ids.includes(r.monitor_id!));
      assert.equal(got.length, 90);
      const perSlot = new Map<string, number>();
      for (const r of got)
        perSlot.set(
          `${r.monitor_id}:${r.scheduled_at}`,
          (perSlot.get(`${r.monitor_id}:${r.scheduled_at}`) ?? 0) + 1,
        );
      assert.equal(perSlot.size, 90);
      for (const r of got) assert.equal(r.kind, 'scheduled');
    });

    it('takes create, edit, disable, enable and delete on the next claim', async () => {
      const engine = w.engine();
      w.clock.advance(MINUTE);
      await drain(engine);
      const id = await website(w);
      const seen = () => calls.filter((c) => c.monitorId === id).length;
      w.clock.advance(MINUTE);
      await drain(engine);
      assert.equal(seen(), 1, 'created: runs');

      await w.monitors.update(w.admin, 'website', id, { interval: 5 });
      const row = await w.deps.db
        .selectFrom('check_schedules')
        .selectAll()
        .where('monitor_id', '=', id)
        .executeTakeFirstOrThrow();
      assert.equal(row.period_ms, 5 * MINUTE, 'edited interval is on the row');

      await w.monitors.update(w.admin, 'website', id, { enabled: false });
      w.clock.advance(10 * MINUTE);
      await drain(engine);
      assert.equal(seen(), 1, 'disabled: no runs');

      await w.monitors.update(w.admin, 'website', id, { enabled: true, interval: 1 });
      w.clock.advance(MINUTE);
      await drain(engine);
      assert.equal(seen(), 2, 'enabled again: runs');

      await w.monitors.update(w.admin, 'website', id, { locations: [{ id: 10 }, { id: 20 }] });
      w.clock.advance(MINUTE);
      await drain(engine);
      assert.deepEqual(
        calls
          .filter((c) => c.monitorId === id)
          .slice(-2)
          .map((c) => c.location)
          .sort(),
        [10, 20],
        'a location added runs too',
      );

      await w.monitors.remove(w.admin, id);
      const before = seen();
      w.clock.advance(MINUTE);
      await drain(engine);
      assert.equal(seen(), before, 'deleted: no runs');
      const left = await w.deps.db
        .selectFrom('check_schedules')
        .select('monitor_id')
        .where('monitor_id', '=', id)
        .execute();
      assert.equal(left.length, 0);
    });

    it('skips runs under a Monitor blackout (no result, next slot) and keeps them under an Alert blackout', async () => {
      const engine = w.engine();
      const dark = await website(w);
      const alerted = await website(w);
      const now = w.clock.now();
      for (const [id, type] of [
        [dark, 'Monitor'],
        [alerted, 'Alert'],
      ] as const) {
        await w.deps.db
          .insertInto('blackouts')
          .values({
            account_id: w.admin.accountId,
            type,
            assoc_id: id,
            persistent: 0,
            from_date: null,
            thru_date: null,
            from_at: now,
            thru_at: now + 10 * MINUTE,
            start_day: null,
            start_time: null,
            end_day: null,
            end_time: null,
            note: null,
            login: null,
            date_added: now,
          })
          .execute();
      }
      for (let i = 0; i < 3; i++) {
        w.clock.advance(MINUTE);
        await drain(engine);
      }
      const got = await results(w);
      assert.equal(got.filter((r) => r.monitor_id === dark).length, 0);
      assert.equal(got.filter((r) => r.monitor_id === alerted).length, 3);
      const row = await w.deps.db
        .selectFrom('check_schedules')
        .selectAll()
        .where('monitor_id', '=', dark)
        .executeTakeFirstOrThrow();
      assert.ok(row.next_run_at > w.clock.now(), 'a skipped slot moves to the next one');
      assert.equal(row.lease_owner, null);
    });

    it("takes over a killed claimer's leases after expiry and records each slot once", async () => {
      const ids = [await website(w), await website(w), await website(w)];
      const b = w.engine({ workerId: 'survivor', leaseMs: 30_000 });
      w.clock.advance(MINUTE);
      await drain(b); // everything else due now
      w.clock.advance(MINUTE);
      // A claims and runs, then "dies" before recording.
      const claimed = await claimBatch(w.deps, {
        owner: 'crashed',
        locations: [10, 20],
        limit: 1000,
        leaseMs: 30_000,
      });
      const mine = claimed.filter((c) => ids.includes(c.lease.monitor_id));
      assert.equal(mine.length, 3);
      const stop = new AbortController();
      const done = await Promise.all(claimed.map((c) => runClaim(w.deps, c, stop.signal)));
      assert.equal(await b.runOnce(), 0, 'live leases are not claimed');
      w.clock.advance(31_000);
      assert.equal(await drain(b), claimed.length, 'expired leases are due again');
      // The old owner wakes up and tries to record: fenced out.
      const late = await recordBatch(
        w.deps,
        'crashed',
        done.filter((d) => d !== null),
      );
      assert.equal(late.recorded, 0);
      assert.equal(late.fencedOut, claimed.length);
      const got = (await results(w)).filter((r) => ids.includes(r.monitor_id!));
      const slots = got.map((r) => `${r.monitor_id}:${r.scheduled_at}`);
      assert.equal(new Set(slots).size, slots.length, 'no slot twice');
      for (const c of mine)
        assert.ok(slots.includes(`${c.lease.monitor_id}:${c.slot}`), 'the slot A never completed ran');
    });
  });
}
