import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import type { Deps } from '../../src/deps.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { createRuntime, type Runtime } from '../../src/main.ts';
import { ManualClock } from '../helpers/clock.ts';
import { DIALECTS, isolatedSettings } from '../helpers/db.ts';
import {
  drain,
  engineWorld,
  LOCATIONS,
  results,
  scriptedExecutor,
  T0,
  website,
  type EngineWorld,
} from './helpers.ts';

const MINUTE = 60_000;
const MONITORS = 150;
const SLOTS = 4;

for (const dialect of DIALECTS) {
  describe(`two claimers on one database (${dialect})`, () => {
    let w: EngineWorld;
    let second: Runtime;
    let ex: ReturnType<typeof scriptedExecutor>;
    before(async () => {
      const clock = new ManualClock(T0);
      // A little real time per run, so the two claimers overlap.
      ex = scriptedExecutor(clock, undefined, 2);
      const settings = isolatedSettings(dialect, { SITEWATCH_LOCATIONS: LOCATIONS });
      w = await engineWorld(dialect, [ex.executor], clock, settings);
      // Its own connection (pool) to the same database or schema, as a second process would have.
      second = await createRuntime(settings, { clock, log: pino({ level: 'silent' }) });
    });
    after(async () => {
      await second.close();
      await w.close();
    });

    it('never runs the same slot twice', async () => {
      const ids: number[] = [];
      for (let i = 0; i < MONITORS; i++) ids.push(await website(w, { locations: [{ id: 10 }, { id: 20 }] }));
      const a = w.engine({ workerId: 'worker-a', claimBatch: 15 });
      const bDeps: Deps = { ...second.deps, executors: w.deps.executors };
      const b = createEngine(bDeps, {
        workerId: 'worker-b',
        locations: [10, 20],
        claimBatch: 15,
        flushMs: 5,
      });
      for (let slot = 0; slot < SLOTS; slot++) {
        w.clock.advance(MINUTE);
        await Promise.all([drain(a), drain(b)]);
      }
      const got = (await results(w)).filter((r) => ids.includes(r.monitor_id!));
      const keys = got.map((r) => `${r.monitor_id}:${r.location_id}:${r.scheduled_at}`);
      assert.equal(new Set(keys).size, keys.length, 'no slot recorded twice');
      assert.equal(got.length, MONITORS * 2 * SLOTS, 'every slot recorded');
      const runs = ex.calls.filter((c) => ids.includes(c.monitorId)).length;
      assert.equal(runs, MONITORS * 2 * SLOTS, 'and run once: no executor call was wasted');
      assert.ok(
        a.stats.claimed > 0 && b.stats.claimed > 0,
        `both worked: ${a.stats.claimed} / ${b.stats.claimed}`,
      );
      await b.stop();
    });
  });
}
