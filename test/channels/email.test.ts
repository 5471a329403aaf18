import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { channelFor } from '../../src/channels/registry.ts';
import type { Destination } from '../../src/channels/types.ts';
import { clearEvent, deliveryContext, sampleEvent } from './receivers.ts';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.ts';
import { createServer } from 'node:net';
import { listenOnPortZero } from '../helpers/listen.ts';
import { makeCerts } from '../fakes/smtp-certs.ts';
import { closedPort } from './ports.ts';

const open: SmtpReceiver[] = [];
after(() => Promise.all(open.map((r) => r.close())));
async function smtp(opts: Parameters<typeof startSmtpReceiver>[0] = {}) {
  const r = await startSmtpReceiver(opts);
  open.push(r);
  return r;
}

const FROM = 'Sitewatch <alerts@sitewatch.test>';
async function send(url: string | null, dest: Destination, event = sampleEvent(), timeoutMs = 5000) {
  const channel = channelFor(dest.methodId)!;
  const ctx = deliveryContext({
    smtp: url ? { url, from: FROM } : null,
    deliveryId: 'dlv-mail-1',
    timeoutMs,
  });
  return channel.deliver(channel.render(event, dest), dest, ctx);
}

const SUBJECT = '[sitewatch] Site/Device Alert (ST=7) - Shop <front> HTTP error';

describe('e-mail channel', () => {
  it('sends text mail (1) with the §14 subject, the alert in the body, through AUTH', async () => {
    const r = await smtp({ auth: { user: 'relay', pass: 'p@ss' } });
    const out = await send(`smtp://relay:p%40ss@127.0.0.1:${r.port}`, {
      methodId: 1,
      address: 'ops@example.com',
    });
    assert.equal(out.status, 'sent', JSON.stringify(out));
    assert.match((out as { reply: string }).reply, /^250 .*queued as test-1/);
    assert.deepEqual(r.logins, ['relay:p@ss']);
    const mail = r.mails[0]!;
    assert.equal(mail.subject, SUBJECT);
    assert.deepEqual(mail.envelopeTo, ['ops@example.com']);
    assert.equal(mail.envelopeFrom, 'alerts@sitewatch.test');
    assert.equal(mail.html, false);
    assert.equal(mail.headers.get('x-sitewatch-delivery'), 'dlv-mail-1');
    for (const part of [
      'Shop <front>',
      'website',
      'https://shop.example.com/',
      'Local',
      '2026-11-29T08:00:00.000Z',
      '7 HTTP error',
      'HTTP 503 Service Unavailable',
      '1.234 s',
    ])
      assert.ok(mail.text!.includes(part), `text lacks ${part}:\n${mail.text}`);
  });

  it('sends HTML (12) with values escaped, and a text alternative', async () => {
    const r = await smtp();
    const out = await send(`smtp://127.0.0.1:${r.port}`, { methodId: 12, address: 'ops@example.com' });
    assert.equal(out.status, 'sent');
    const mail = r.mails[0]!;
    assert.equal(mail.subject, SUBJECT);
    assert.ok(typeof mail.html === 'string');
    assert.match(mail.html, /<table>/);
    assert.ok(mail.html.includes('Shop &lt;front&gt;'), mail.html);
    assert.ok(!mail.html.includes('Shop <front>'));
    assert.ok(mail.text!.includes('HTTP 503 Service Unavailable'));
  });

  it('sends the short text (4) and the clear notice with ST=0', async () => {
    const r = await smtp();
    await send(`smtp://127.0.0.1:${r.port}`, { methodId: 4, address: 'pager@example.com' }, clearEvent());
    const mail = r.mails[0]!;
    assert.equal(mail.subject, '[sitewatch] Site/Device Alert (ST=0) - Shop <front> OK');
    assert.equal(mail.html, false);
    assert.equal(
      mail.text!.trim(),
      'sitewatch: Shop <front> OK again (ST=0) at Local 2026-11-29T08:00:00.000Z',
    );
  });

  it('uses a group template for the body', async () => {
    const r = await smtp();
    await send(`smtp://127.0.0.1:${r.port}`, {
      methodId: 1,
      address: 'a@example.com',
      template: 'Down: {{device_name}} / {{nope}}',
    });
    assert.equal(r.mails[0]!.text!.trim(), 'Down: Shop <front> / {{nope}}');
  });

  it('marks a test alert in the subject and body', async () => {
    const r = await smtp();
    await send(
      `smtp://127.0.0.1:${r.port}`,
      { methodId: 1, address: 'a@example.com' },
      sampleEvent({ notify_type: 'test' }),
    );
    assert.equal(r.mails[0]!.subject, `${SUBJECT} (test)`);
    assert.match(r.mails[0]!.text!, /^This is a test alert/);
  });

  it('upgrades with STARTTLS when the URL requires it, verifying the relay against the given CA', async () => {
    const certs = makeCerts();
    const r = await smtp({ tls: { key: certs.key, cert: certs.cert }, auth: { user: 'relay', pass: 'pw' } });
    const url = `smtp://relay:pw@127.0.0.1:${r.port}?requireTLS=true&tls.ca=${encodeURIComponent(certs.ca)}`;
    const out = await send(url, { methodId: 1, address: 'ops@example.com' });
    assert.equal(out.status, 'sent', JSON.stringify(out));
    assert.equal(r.mails[0]!.secure, true);
    // Without the CA the relay's certificate is not trusted: no mail goes out in clear instead.
    const untrusted = await send(`smtp://relay:pw@127.0.0.1:${r.port}?requireTLS=true`, {
      methodId: 1,
      address: 'ops@example.com',
    });
    assert.notEqual(untrusted.status, 'sent');
    assert.equal(r.mails.length, 1);
  });

  it('fails "SMTP not configured" without a relay', async () => {
    const out = await send(null, { methodId: 12, address: 'a@example.com' });
    assert.deepEqual(out, { status: 'failed', reason: 'SMTP not configured (set SITEWATCH_SMTP_URL)' });
  });

  it('fails with the reply when the server rejects the recipient (5xx)', async () => {
    const r = await smtp({ rejectRcpt: { code: 550, message: 'No such user here' } });
    const out = await send(`smtp://127.0.0.1:${r.port}`, { methodId: 1, address: 'nobody@example.com' });
    assert.equal(out.status, 'failed');
    assert.match((out as { reason: string }).reason, /^SMTP server answered 550 No such user here/);
    assert.equal(r.mails.length, 0);
  });

  it('retries when the server answers 4xx', async () => {
    const r = await smtp({ rejectRcpt: { code: 451, message: 'Try again later' } });
    const out = await send(`smtp://127.0.0.1:${r.port}`, { methodId: 1, address: 'a@example.com' });
    assert.equal(out.status, 'retry');
    assert.match((out as { reason: string }).reason, /451 Try again later/);
  });

  it('retries at the deadline when the relay never greets', async () => {
    const silent = createServer(() => {
      /* accepts, says nothing */
    });
    const l = await listenOnPortZero(silent);
    try {
      const t0 = Date.now();
      const out = await send(
        `smtp://127.0.0.1:${l.port}`,
        { methodId: 1, address: 'a@example.com' },
        sampleEvent(),
        300,
      );
      assert.ok(Date.now() - t0 < 3000, `took ${Date.now() - t0} ms`);
      assert.deepEqual(out, {
        status: 'retry',
        reason: 'SMTP relay did not finish before the deadline (timed out)',
      });
    } finally {
      await l.close();
    }
  });

  it('fails on refused credentials, retries when the relay is down', async () => {
    const r = await smtp({ auth: { user: 'relay', pass: 'right' } });
    const bad = await send(`smtp://relay:wrong@127.0.0.1:${r.port}`, {
      methodId: 1,
      address: 'a@example.com',
    });
    assert.equal(bad.status, 'failed');
    assert.match((bad as { reason: string }).reason, /535/);
    const down = await send(`smtp://127.0.0.1:${await closedPort()}`, {
      methodId: 1,
      address: 'a@example.com',
    });
    assert.equal(down.status, 'retry');
    assert.match((down as { reason: string }).reason, /ECONNREFUSED|ECONNECTION|ESOCKET/);
  });
});
