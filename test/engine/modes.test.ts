import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { CheckInput } from '../../src/checks/types.ts';
import { ManualClock } from '../helpers/clock.ts';
import { DIALECTS } from '../helpers/db.ts';
import { drain, engineWorld, results, scriptedExecutor, T0, website, type EngineWorld } from './helpers.ts';

const MINUTE = 60_000;
const FAIL = { status: 7, info_msg: 'HTTP 503 Service Unavailable' };

for (const dialect of DIALECTS) {
  describe(`retries and monitoring modes (${dialect})`, () => {
    let w: EngineWorld;
    // Per monitor name: how each (attempt, location) answers.
    const plans = new Map<string, (input: CheckInput, attempt: number) => object | undefined>();
    before(async () => {
      const clock = new ManualClock(T0);
      const ex = scriptedExecutor(clock, (input, attempt) => plans.get(input.name)?.(input, attempt));
      w = await engineWorld(dialect, [ex.executor], clock);
    });
    after(() => w.close());

    const status = (id: number, location: number) =>
      w.deps.db
        .selectFrom('monitor_status')
        .selectAll()
        .where('monitor_id', '=', id)
        .where('location_id', '=', location)
        .executeTakeFirstOrThrow();

    it('records a failure that passes on retry as a warning with status 0', async () => {
      plans.set('flaky', (_i, attempt) => (attempt === 1 ? FAIL : undefined));
      const id = await website(w, { name: 'flaky' });
      w.clock.advance(MINUTE);
      await drain(w.engine());
      const got = (await results(w)).filter((r) => r.monitor_id === id);
      assert.equal(got.length, 1, 'one result for the slot');
      assert.equal(got[0]!.status, 0);
      assert.equal(got[0]!.warning, 1);
      assert.match(got[0]!.info_msg, /retry.*503/);
      const s = await status(id, 10);
      assert.equal(s.consecutive_errors, 0);
      assert.equal(s.last_warning, 1);
    });

    it('retries nothing when retry_on_failure is off', async () => {
      let runs = 0;
      plans.set('strict', () => (runs++, FAIL));
      const id = await website(w, { name: 'strict', retry_on_failure: false, mode: 'Global Notify' });
      w.clock.advance(MINUTE);
      await drain(w.engine());
      assert.equal(runs, 1);
      const s = await status(id, 10);
      assert.equal(s.consecutive_errors, 1);
      assert.equal(s.confirmed, 1, 'Global Notify confirms at once');
    });

    it('Primary: a home failure triggers a verification run at another location', async () => {
      let remoteFails = false;
      plans.set('primary', (input) => (input.location.id === 10 || remoteFails ? FAIL : undefined));
      const id = await website(w, { name: 'primary', mode: 'Primary', locations: [{ id: 10 }, { id: 20 }] });
      const engine = w.engine();
      w.clock.advance(MINUTE);
      await drain(engine);
      let got = (await results(w)).filter((r) => r.monitor_id === id);
      const verify = got.filter((r) => r.kind === 'verify');
      assert.equal(verify.length, 1, 'one verification run');
      assert.equal(verify[0]!.location_id, 20);
      assert.equal(verify[0]!.status, 0);
      assert.equal(JSON.parse(verify[0]!.detail).verifies_location, 10);
      assert.equal((await status(id, 10)).confirmed, 0, 'the other location saw it up: unconfirmed');

      remoteFails = true;
      w.clock.advance(MINUTE);
      await drain(engine);
      got = (await results(w)).filter((r) => r.monitor_id === id);
      assert.equal(got.filter((r) => r.kind === 'verify').length, 2);
      const s = await status(id, 10);
      assert.equal(s.consecutive_errors, 2);
      assert.equal(s.confirmed, 1, 'the verification failed too: confirmed');
      assert.equal((await status(id, 20)).consecutive_errors, 1, "remote's own scheduled failure");
    });

    it('Primary with one location: the failed retry is the re-check', async () => {
      plans.set('single', () => FAIL);
      const id = await website(w, { name: 'single', mode: 'Primary' });
      w.clock.advance(MINUTE);
      await drain(w.engine());
      const got = (await results(w)).filter((r) => r.monitor_id === id);
      assert.deepEqual(
        got.map((r) => r.kind),
        ['scheduled'],
      );
      assert.equal((await status(id, 10)).confirmed, 1);
    });

    it('Round Robin runs one location per interval, in turn', async () => {
      plans.set('rr', () => FAIL);
      const id = await website(w, {
        name: 'rr',
        mode: 'Round Robin',
        retry_on_failure: false,
        locations: [{ id: 10 }, { id: 20 }],
      });
      const engine = w.engine();
      for (let i = 0; i < 4; i++) {
        w.clock.advance(MINUTE);
        await drain(engine);
      }
      const got = (await results(w)).filter((r) => r.monitor_id === id);
      assert.equal(got.length, 4, 'one run per interval');
      const order = got.map((r) => r.location_id);
      for (let i = 1; i < order.length; i++) assert.notEqual(order[i], order[i - 1], `alternates: ${order}`);
      const slots = got.map((r) => r.scheduled_at);
      for (let i = 1; i < slots.length; i++) assert.equal(slots[i]! - slots[i - 1]!, MINUTE);
      const last = await status(id, order[3]!);
      assert.equal(last.confirmed, 1, 'two locations failed in a row');
    });

    it('records 98 once for a type this server does not run, then stops until edited', async () => {
      const id = await w.monitors.create(w.admin, 'api', {
        name: 'SoapUI',
        script: '<con:soapui-project/>',
        test_suite: 'S',
        test_case: 'C',
        interval: 1,
        locations: [{ id: 10 }],
      });
      const engine = w.engine();
      for (let i = 0; i < 3; i++) {
        w.clock.advance(MINUTE);
        await drain(engine);
      }
      let got = (await results(w)).filter((r) => r.monitor_id === id);
      assert.equal(got.length, 1);
      assert.equal(got[0]!.status, 98);
      await w.monitors.update(w.admin, 'api', id, { name: 'SoapUI renamed' });
      w.clock.advance(MINUTE);
      await drain(engine);
      got = (await results(w)).filter((r) => r.monitor_id === id);
      assert.equal(got.length, 2, 'an edit schedules it again: 98 once more');
    });
  });
}
