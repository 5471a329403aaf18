import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createServer } from 'node:net';
import { DIALECTS } from '../helpers/db.ts';
import { startHttpReceiver, type HttpReceiver } from '../channels/receivers.ts';
import { website } from '../engine/helpers.ts';
import { alertWorld, FAIL, MINUTE, type AlertWorld } from './helpers.ts';

async function closedPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

for (const dialect of DIALECTS) {
  describe(`outbox delivery (${dialect})`, () => {
    let w: AlertWorld;
    let ok: HttpReceiver;
    let failing: HttpReceiver;
    let slow: HttpReceiver;
    let tooMany: HttpReceiver;
    let refused: HttpReceiver;
    before(async () => {
      w = await alertWorld(dialect);
      ok = await startHttpReceiver();
      failing = await startHttpReceiver((_r, res) => res.writeHead(500).end('boom'));
      slow = await startHttpReceiver(() => {}); // never answers
      tooMany = await startHttpReceiver((_r, res) => res.writeHead(429, { 'retry-after': '1' }).end());
      refused = await startHttpReceiver((_r, res) => res.writeHead(400).end('bad'));
    });
    after(async () => {
      for (const r of [ok, failing, slow, tooMany, refused]) await r.close();
      await w.close();
    });

    const attempts = (recipientId: number) =>
      w.deps.db
        .selectFrom('alert_attempts as a')
        .innerJoin('alert_outbox as o', 'o.id', 'a.outbox_id')
        .select([
          'a.attempt',
          'a.outcome',
          'a.http_status',
          'a.reply',
          'a.destination',
          'a.channel',
          'a.duration_ms',
          'o.state',
          'o.delivery_id',
        ])
        .where('o.recipient_id', '=', recipientId)
        .orderBy('a.attempt')
        .execute();

    it('retries 5xx, refused connections and hangs with back-off, then fails; 4xx fails at once; a slow receiver delays no one', async () => {
      const down = await closedPort();
      w.plans.set('web', () => FAIL);
      const id = await website(w, { name: 'web', mode: 'Global Notify', retry_on_failure: false });
      const mk = (name: string, url: string, over: Record<string, unknown> = {}) =>
        w.recipients.create(w.admin, { name, method_id: 16, recipient: url, stop_threshold: 1, ...over });
      const rOk = await mk('ok', `${ok.url}/hook?token=s3cret`, { username: 'u', password: 'pa55word' });
      const r500 = await mk('500', `${failing.url}/hook`);
      const rSlow = await mk('slow', `${slow.url}/hook`);
      const rDown = await mk('down', `http://127.0.0.1:${down}/hook`);
      const r400 = await mk('400', `${refused.url}/hook`);
      const r429 = await mk('429', `${tooMany.url}/hook`);
      const rPager = await mk('pager', '+1 555 0100', { method_id: 6 });
      await w.groups.create(w.admin, {
        name: 'all',
        monitors: [{ id }],
        recipients: [rOk, r500, rSlow, rDown, r400, r429, rPager].map((x) => ({ id: x })),
      });
      await w.tick();
      const o = { attemptTimeoutMs: 400, maxAttempts: 3, backoffBaseMs: 1000, backoffMaxMs: 5000 };
      const t0 = performance.now();
      await w.deliver(o);
      assert.ok(performance.now() - t0 < 5000, 'one pass takes about the slow attempt deadline');
      assert.equal(ok.received.length, 1);
      assert.equal(
        ok.received[0]!.headers.authorization,
        `Basic ${Buffer.from('u:pa55word').toString('base64')}`,
      );
      const okAttempts = await attempts(rOk);
      assert.equal(okAttempts[0]!.outcome, 'sent');
      assert.equal(okAttempts[0]!.http_status, 200);
      assert.ok(
        okAttempts[0]!.duration_ms < 400,
        `fast receiver not held up (${okAttempts[0]!.duration_ms} ms)`,
      );
      assert.doesNotMatch(okAttempts[0]!.destination, /pa55word|s3cret/, 'no secrets in the record');
      assert.equal((await attempts(r400))[0]!.outcome, 'failed', '400 fails at once');
      assert.equal((await attempts(r400))[0]!.state, 'failed');
      const pager = await attempts(rPager);
      assert.equal(pager[0]!.outcome, 'failed');
      assert.match(pager[0]!.reply!, /not configured/);

      // Two more rounds: the back-off has to pass each time (ManualClock), then the third attempt fails.
      for (let i = 0; i < 2; i++) {
        await w.deliver(o);
        assert.equal((await attempts(r500)).length, i + 1, 'not due before its back-off');
        w.clock.advance(MINUTE);
        await w.deliver(o);
      }
      for (const r of [r500, rSlow, rDown]) {
        const a = await attempts(r);
        assert.deepEqual(
          a.map((x) => x.outcome),
          ['retry', 'retry', 'failed'],
          `recipient ${r}`,
        );
        assert.equal(a[2]!.state, 'failed');
        assert.equal(new Set(a.map((x) => x.delivery_id)).size, 1);
      }
      assert.deepEqual(
        (await attempts(r500)).map((x) => x.http_status),
        [500, 500, 500],
      );
      assert.match((await attempts(rSlow))[0]!.reply!, /deadline|within|timed out/);
      assert.equal(failing.received.length, 3);
      assert.equal(
        new Set(failing.received.map((r) => r.headers['x-sitewatch-delivery'])).size,
        1,
        'same delivery id on every retry',
      );
      const row = (await w.outbox()).find((x) => x.recipient_id === r500)!;
      assert.match(row.last_error!, /gave up after 3 attempts/);
      assert.equal((await attempts(r429))[0]!.outcome, 'retry', '429 is retried');
    });
  });
}
