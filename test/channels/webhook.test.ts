import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { channelFor } from '../../src/channels/registry.ts';
import type { Destination } from '../../src/channels/types.ts';
import {
  clearEvent,
  deliveryContext,
  sampleEvent,
  startHttpReceiver,
  type HttpReceiver,
} from './receivers.ts';

const open: HttpReceiver[] = [];
after(() => Promise.all(open.map((r) => r.close())));
const receiver = async (...a: Parameters<typeof startHttpReceiver>) => {
  const r = await startHttpReceiver(...a);
  open.push(r);
  return r;
};

async function send(dest: Destination, event = sampleEvent(), deliveryId = 'dlv-1') {
  const channel = channelFor(dest.methodId)!;
  const msg = channel.render(event, dest);
  return channel.deliver(msg, dest, deliveryContext({ deliveryId }));
}

describe('JSON POST (16)', () => {
  it('posts the §14 fields as JSON with Basic auth and the delivery id', async () => {
    const r = await receiver();
    const dest = { methodId: 16, address: `${r.url}/hook?token=abc`, username: 'ops', password: 's3cret:x' };
    const out = await send(dest);
    assert.deepEqual(out, { status: 'sent', httpStatus: 200, reply: 'HTTP 200: ok' });
    const [got] = r.received;
    assert.equal(got!.method, 'POST');
    assert.equal(got!.url, '/hook?token=abc');
    assert.equal(got!.headers['content-type'], 'application/json');
    assert.equal(got!.headers['x-sitewatch-delivery'], 'dlv-1');
    assert.equal(got!.headers.authorization, `Basic ${Buffer.from('ops:s3cret:x').toString('base64')}`);
    assert.deepEqual(JSON.parse(got!.body), sampleEvent());
  });

  it('sends no Authorization without a username, and the clear notice with errcount 0', async () => {
    const r = await receiver();
    await send({ methodId: 16, address: r.url }, clearEvent());
    const got = r.received[0]!;
    assert.equal(got.headers.authorization, undefined);
    const body = JSON.parse(got.body);
    assert.equal(body.notify_type, 'clear');
    assert.equal(body.errcount, 0);
    assert.equal(body.status, 0);
  });

  it('renders a group template with JSON-escaped values', async () => {
    const r = await receiver();
    const template = '{"text":"{{device_name}} is {{status_text}}","code":{{status}},"n":"{{nope}}"}';
    await send({ methodId: 16, address: r.url, template });
    assert.deepEqual(JSON.parse(r.received[0]!.body), {
      text: 'Shop <front> is HTTP error',
      code: 7,
      n: '{{nope}}',
    });
  });

  it('fails a template that does not render JSON, without sending', async () => {
    const r = await receiver();
    const out = await send({ methodId: 16, address: r.url, template: '{"a": {{device_name}}}' });
    assert.equal(out.status, 'failed');
    assert.match((out as { reason: string }).reason, /does not render a JSON object/);
    assert.equal(r.received.length, 0);
  });

  it('describes the URL without credentials or query', () => {
    const d = channelFor(16)!.describe({
      methodId: 16,
      address: 'https://u:p@hooks.example.com/a/b?key=secret',
    });
    assert.equal(d, 'https://hooks.example.com/a/b?…');
  });
});

describe('form POST (10)', () => {
  it('posts the same fields form-encoded', async () => {
    const r = await receiver();
    const out = await send({ methodId: 10, address: r.url, username: 'u', password: 'p' });
    assert.equal(out.status, 'sent');
    const got = r.received[0]!;
    assert.equal(got.headers['content-type'], 'application/x-www-form-urlencoded');
    assert.equal(got.headers['x-sitewatch-delivery'], 'dlv-1');
    assert.equal(got.headers.authorization, `Basic ${Buffer.from('u:p').toString('base64')}`);
    const form = Object.fromEntries(new URLSearchParams(got.body));
    assert.equal(form.device_name, 'Shop <front>');
    assert.equal(form.company, 'Acme & Co');
    assert.equal(form.status, '7');
    assert.equal(form.http_status, '503');
    assert.equal(form.notify_type, 'error');
    assert.equal(form.step_name, '');
    assert.deepEqual(Object.keys(form).sort(), Object.keys(sampleEvent()).sort());
  });
});
