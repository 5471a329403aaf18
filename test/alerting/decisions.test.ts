import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import { startHttpReceiver, type HttpReceiver } from '../channels/receivers.ts';
import { website } from '../engine/helpers.ts';
import { alertWorld, FAIL, type AlertWorld } from './helpers.ts';

for (const dialect of DIALECTS) {
  describe(`alert decisions (${dialect})`, () => {
    let w: AlertWorld;
    let rx: HttpReceiver;
    before(async () => {
      w = await alertWorld(dialect);
      rx = await startHttpReceiver();
    });
    after(async () => {
      await rx.close();
      await w.close();
    });

    const hook = (name: string, over: Record<string, unknown> = {}) =>
      w.recipients.create(w.admin, { name, method_id: 16, recipient: `${rx.url}/${name}`, ...over });
    const got = (name: string) =>
      rx.received.filter((r) => r.url === `/${name}`).map((r) => JSON.parse(r.body));

    it('alerts a Global Notify failure once per error from start_threshold, up to stop_threshold, then clears', async () => {
      let down = true;
      w.plans.set('shop', () => (down ? FAIL : undefined));
      const id = await website(w, { name: 'shop', mode: 'Global Notify', retry_on_failure: false });
      const r1 = await hook('thr', { start_threshold: 2, stop_threshold: 2, notify_on_clear: true });
      const r2 = await hook('quiet', { notify_on_clear: false, stop_threshold: 1 });
      await w.groups.create(w.admin, { name: 'g', monitors: [{ id }], recipients: [{ id: r1 }, { id: r2 }] });
      await w.tick(4);
      await w.deliver();
      assert.deepEqual(
        got('thr').map((e) => e.errcount),
        [2, 3],
        'from the 2nd error, two notifications',
      );
      assert.deepEqual(
        got('quiet').map((e) => e.errcount),
        [1],
        'stop_threshold 1',
      );
      const first = got('thr')[0];
      assert.equal(first.notify_type, 'error');
      assert.equal(first.status, 7);
      assert.equal(first.http_status, 503);
      assert.equal(first.device_id, id);
      assert.equal(first.device_name, 'shop');
      assert.equal(first.location, 'Local');
      assert.equal(first.location_num, 10);
      const delivery = rx.received.find((r) => r.url === '/thr')!.headers['x-sitewatch-delivery'];
      assert.match(String(delivery), /^[0-9a-f-]{36}$/);

      down = false;
      await w.tick();
      await w.deliver();
      const clears = got('thr').filter((e) => e.notify_type === 'clear');
      assert.equal(clears.length, 1, 'the clear notice');
      assert.equal(clears[0].status, 0);
      assert.equal(clears[0].errcount, 0);
      assert.equal(got('quiet').length, 1, 'notify_on_clear off: no clear');
      const rows = (await w.outbox()).filter((r) => r.monitor_id === id);
      assert.ok(rows.every((r) => r.state === 'sent'));
      assert.equal(rows.length, 4);
    });

    it('never alerts a failure that passed on retry, nor an internal status', async () => {
      w.plans.set('flaky', (_i, attempt) => (attempt % 2 === 1 ? FAIL : undefined));
      w.plans.set('internal', () => ({ status: 21, info_msg: 'agent failed' }));
      const a = await website(w, { name: 'flaky', mode: 'Global Notify' });
      const b = await website(w, { name: 'internal', mode: 'Global Notify' });
      const r = await hook('watch');
      await w.groups.create(w.admin, {
        name: 'g2',
        monitors: [{ id: a }, { id: b }],
        recipients: [{ id: r }],
      });
      await w.tick(3);
      await w.deliver();
      assert.equal(got('watch').length, 0);
    });

    it('Primary: alerts only once another location confirms the home failure', async () => {
      let remoteDown = false;
      w.plans.set('primary', (input) => (input.location.id === 10 || remoteDown ? FAIL : undefined));
      const id = await website(w, { name: 'primary', mode: 'Primary', locations: [{ id: 10 }, { id: 20 }] });
      const r = await hook('prim');
      await w.groups.create(w.admin, { name: 'g3', monitors: [{ id }], recipients: [{ id: r }] });
      await w.tick();
      await w.deliver();
      assert.equal(got('prim').length, 0, 'the remote location saw it up: no alert');
      remoteDown = true;
      await w.tick();
      await w.deliver();
      const sent = got('prim');
      assert.equal(sent.length, 1, 'confirmed by the verification run');
      assert.equal(sent[0].location_num, 10);
    });

    it('routes by errortypes, then the default group, then every recipient', async () => {
      w.plans.set('routed', () => FAIL);
      w.plans.set('orphan', () => ({ status: 2, info_msg: 'timed out' }));
      const routed = await website(w, { name: 'routed', mode: 'Global Notify', retry_on_failure: false });
      const dns = await hook('dns-only');
      const http = await hook('http-only');
      await w.groups.create(w.admin, {
        name: 'dns',
        monitors: [{ id: routed }],
        recipients: [{ id: dns }],
        errortypes: [{ id: 4 }],
      });
      await w.groups.create(w.admin, {
        name: 'http',
        monitors: [{ id: routed }],
        recipients: [{ id: http }],
        errortypes: [{ id: 7 }],
      });
      await w.tick();
      await w.deliver();
      assert.equal(got('dns-only').length, 0, 'errortypes [4] does not cover 7');
      assert.equal(got('http-only').length, 1, 'errortypes [7] covers it');

      // A monitor in no group: with no default group, every recipient of the account hears of it.
      const orphan = await website(w, { name: 'orphan', mode: 'Global Notify', retry_on_failure: false });
      await w.tick();
      await w.deliver();
      const everyone = rx.received.filter((x) => JSON.parse(x.body).device_id === orphan);
      const recipients = await w.deps.db
        .selectFrom('recipients')
        .select('id')
        .where('availability_alert', '=', 1)
        .where('start_threshold', '=', 1)
        .execute();
      assert.equal(everyone.length, recipients.length, 'every recipient of the account');

      // With a default group, only its members.
      const def = await hook('default-member');
      await w.groups.create(w.admin, {
        name: 'default',
        is_default: true,
        monitors: [{ id: routed }],
        recipients: [{ id: def }],
      });
      const before = rx.received.length;
      await w.tick();
      await w.deliver();
      const now = rx.received.slice(before).filter((x) => JSON.parse(x.body).device_id === orphan);
      assert.deepEqual(
        now.map((x) => x.url),
        ['/default-member'],
      );
    });
  });
}
