import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import { startHttpReceiver, type HttpReceiver } from '../channels/receivers.ts';
import { results, website } from '../engine/helpers.ts';
import { alertWorld, FAIL, MINUTE, type AlertWorld } from './helpers.ts';

// Fri 2026-03-06 23:00 EST (UTC−5): a recurring window over midnight comes first, then the clock
// jumps to the spring-forward night (Sun 2026-03-08, 02:00 EST → 03:00 EDT).
const START = Date.UTC(2026, 2, 7, 4, 0, 0);
const HOUR = 3_600_000;

for (const dialect of DIALECTS) {
  describe(`blackouts and alerts (${dialect})`, () => {
    let w: AlertWorld;
    let rx: HttpReceiver;
    before(async () => {
      w = await alertWorld(dialect, {}, START);
      await w.deps.db.updateTable('accounts').set({ timezone: 'America/New_York' }).execute();
      rx = await startHttpReceiver();
    });
    after(async () => {
      await rx.close();
      await w.close();
    });

    const hook = (name: string) =>
      w.recipients.create(w.admin, {
        name,
        method_id: 16,
        recipient: `${rx.url}/${name}`,
        stop_threshold: 1000,
      });
    const alertTimes = (name: string) =>
      rx.received.filter((r) => r.url === `/${name}`).map((r) => Date.parse(JSON.parse(r.body).timestamp));
    const failing = async (name: string) => {
      w.plans.set(name, () => FAIL);
      return website(w, { name, mode: 'Global Notify', retry_on_failure: false });
    };

    it('Alert (recurring Fri 23:30 – Sat 00:29 local, over midnight): runs go on, nothing is sent inside', async () => {
      const id = await failing('midnight');
      const r = await hook('midnight');
      await w.groups.create(w.admin, { name: 'm', monitors: [{ id }], recipients: [{ id: r }] });
      await w.blackouts.create(w.admin, {
        type: 'Alert',
        assoc_id: id,
        start_day: 6,
        start_time: '23:30',
        end_day: 7,
        end_time: '00:29',
      });
      for (let i = 0; i < 100; i++) {
        await w.tick();
        await w.deliver();
      }
      const times = alertTimes('midnight');
      const from = Date.UTC(2026, 2, 7, 4, 30);
      const thru = Date.UTC(2026, 2, 7, 5, 30);
      assert.ok(
        times.some((t) => t < from),
        'alerts before the window',
      );
      assert.ok(
        times.some((t) => t >= thru),
        'alerts after it',
      );
      assert.deepEqual(
        times.filter((t) => t >= from && t < thru),
        [],
        'none inside (04:30–05:30 UTC)',
      );
      const runs = (await results(w)).filter(
        (x) => x.monitor_id === id && x.started_at >= from && x.started_at < thru,
      );
      assert.ok(runs.length >= 59, 'the monitor still ran inside the window');
    });

    it('Notifier (Sun 02:15–02:45 local, on the spring-forward night: 03:15–03:46 EDT) silences one recipient only', async () => {
      const id = await failing('dst');
      const silenced = await hook('dst-silenced');
      const other = await hook('dst-other');
      await w.groups.create(w.admin, {
        name: 'd',
        monitors: [{ id }],
        recipients: [{ id: silenced }, { id: other }],
      });
      await w.blackouts.create(w.admin, {
        type: 'Notifier',
        assoc_id: silenced,
        start_day: 1,
        start_time: '02:15',
        end_day: 1,
        end_time: '02:45',
      });
      // Jump to Sun 2026-03-08 06:50 UTC (01:50 EST); missed slots are skipped, not caught up.
      w.clock.advance(Date.UTC(2026, 2, 8, 6, 50) - w.clock.now());
      for (let i = 0; i < 70; i++) {
        await w.tick();
        await w.deliver();
      }
      const from = Date.UTC(2026, 2, 8, 7, 15);
      const thru = Date.UTC(2026, 2, 8, 7, 46);
      const quiet = alertTimes('dst-silenced').filter((t) => t >= Date.UTC(2026, 2, 8, 6, 50));
      assert.deepEqual(
        quiet.filter((t) => t >= from && t < thru),
        [],
        'silenced 03:15–03:46 EDT',
      );
      assert.ok(quiet.some((t) => t < from) && quiet.some((t) => t >= thru), 'told before and after');
      const loud = alertTimes('dst-other').filter((t) => t >= from && t < thru);
      assert.ok(loud.length >= 30, `the other recipient was told throughout (${loud.length})`);
    });

    it('Monitor: no runs, so no alerts; a clear notice goes only to recipients that were told', async () => {
      let down = true;
      w.plans.set('paused', () => (down ? FAIL : undefined));
      const id = await website(w, { name: 'paused', mode: 'Global Notify', retry_on_failure: false });
      const told = await w.recipients.create(w.admin, {
        name: 'told',
        method_id: 16,
        recipient: `${rx.url}/told`,
        notify_on_clear: true,
      });
      const late = await w.recipients.create(w.admin, {
        name: 'late',
        method_id: 16,
        recipient: `${rx.url}/late`,
        notify_on_clear: true,
        start_threshold: 5,
      });
      await w.groups.create(w.admin, {
        name: 'p',
        monitors: [{ id }],
        recipients: [{ id: told }, { id: late }],
      });
      await w.tick(2);
      await w.deliver();
      const now = w.clock.now();
      const fmt = (t: number) => new Date(t - 4 * HOUR).toISOString().slice(0, 19).replace('T', ' '); // EDT
      await w.blackouts.create(w.admin, {
        type: 'Monitor',
        assoc_id: id,
        from_date: fmt(now + MINUTE / 2),
        thru_date: fmt(now + 10 * MINUTE),
      });
      const before = (await results(w)).filter((x) => x.monitor_id === id).length;
      await w.tick(5);
      await w.deliver();
      assert.equal((await results(w)).filter((x) => x.monitor_id === id).length, before, 'no runs');
      down = false;
      await w.tick(10);
      await w.deliver();
      const bodies = (name: string) =>
        rx.received.filter((r) => r.url === `/${name}`).map((r) => JSON.parse(r.body).notify_type);
      assert.deepEqual(bodies('told'), ['error', 'error', 'clear']);
      assert.deepEqual(bodies('late'), [], 'never reached start_threshold 5: no error, no clear');
    });
  });
}
