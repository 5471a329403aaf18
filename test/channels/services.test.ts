import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { channelFor } from '../../src/channels/registry.ts';
import type { Destination } from '../../src/channels/types.ts';
import {
  clearEvent,
  deliveryContext,
  sampleEvent,
  startHttpReceiver,
  type Handler,
  type HttpReceiver,
} from './receivers.ts';

// Each service channel against a local receiver: the exact body and headers its service documents.

const open: HttpReceiver[] = [];
after(() => Promise.all(open.map((r) => r.close())));
const receiver = async (handler?: Handler) => {
  const r = await startHttpReceiver(handler);
  open.push(r);
  return r;
};
async function send(dest: Destination, event = sampleEvent()) {
  const channel = channelFor(dest.methodId)!;
  return channel.deliver(channel.render(event, dest), dest, deliveryContext({ deliveryId: 'dlv-svc' }));
}
const json = (r: HttpReceiver, i = 0) => JSON.parse(r.received[i]!.body);

describe('Slack (101)', () => {
  it('posts text plus Block Kit blocks, escaped for mrkdwn', async () => {
    const r = await receiver();
    const out = await send({ methodId: 101, address: `${r.url}/services/T000/B000/XXXX` });
    assert.equal(out.status, 'sent');
    const got = r.received[0]!;
    assert.equal(got.url, '/services/T000/B000/XXXX');
    assert.equal(got.headers['content-type'], 'application/json');
    assert.equal(got.headers['x-sitewatch-delivery'], 'dlv-svc');
    const body = json(r);
    assert.equal(
      body.text,
      'sitewatch: Shop &lt;front&gt; DOWN ST=7 HTTP error at Local 2026-11-29T08:00:00.000Z',
    );
    assert.deepEqual(body.blocks[0], {
      type: 'header',
      text: { type: 'plain_text', text: 'Shop <front> DOWN: 7 HTTP error at Local' },
    });
    assert.equal(body.blocks[1].text.type, 'mrkdwn');
    assert.deepEqual(body.blocks[2].fields[0], {
      type: 'mrkdwn',
      text: '*Monitor*\nShop &lt;front&gt; (website, id 42)',
    });
  });

  it('fails on the words Slack answers 4xx with, and hides the secret path', async () => {
    const r = await receiver((_req, res) => {
      res.statusCode = 404;
      res.end('no_service');
    });
    const out = await send({ methodId: 101, address: `${r.url}/services/T000/B000/XXXX` });
    assert.deepEqual(out, {
      status: 'failed',
      httpStatus: 404,
      reason: 'receiver answered HTTP 404: no_service',
    });
    assert.equal(
      channelFor(101)!.describe({ methodId: 101, address: 'https://hooks.slack.com/services/T0/B0/SECRET' }),
      'https://hooks.slack.com/services/…',
    );
  });
});

describe('Microsoft Teams (102)', () => {
  it('posts a message with one Adaptive Card', async () => {
    const r = await receiver((_req, res) => {
      res.statusCode = 202;
      res.end();
    });
    const out = await send({ methodId: 102, address: `${r.url}/workflows/abc?sig=SECRET` }, clearEvent());
    assert.deepEqual(out, { status: 'sent', httpStatus: 202, reply: 'HTTP 202' });
    const body = json(r);
    assert.equal(body.type, 'message');
    assert.equal(body.summary, 'Shop <front> recovered at Local');
    const att = body.attachments[0];
    assert.equal(att.contentType, 'application/vnd.microsoft.card.adaptive');
    assert.equal(att.content.type, 'AdaptiveCard');
    assert.equal(att.content.body[0].text, 'Shop <front> recovered at Local');
    assert.equal(att.content.body[0].color, 'Good');
    assert.deepEqual(att.content.body[2].facts[3], { title: 'Status', value: '0 OK' });
  });
});

describe('Splunk HEC (15)', () => {
  it('posts the event envelope with Authorization: Splunk <token> to /services/collector/event', async () => {
    const r = await receiver((_req, res) => res.end('{"text":"Success","code":0}'));
    const out = await send({ methodId: 15, address: `${r.url}`, password: 'hec-token-1' });
    assert.equal(out.status, 'sent');
    const got = r.received[0]!;
    assert.equal(got.url, '/services/collector/event');
    assert.equal(got.headers.authorization, 'Splunk hec-token-1');
    const body = json(r);
    assert.equal(body.time, Date.parse('2026-11-29T08:00:00.000Z') / 1000);
    assert.equal(body.sourcetype, '_json');
    assert.equal(body.source, 'sitewatch');
    assert.equal(body.event.device_id, 42);
    assert.equal(body.event.notify_type, 'error');
    assert.match(body.event.message, /DOWN ST=7/);
    assert.ok(!got.body.includes('hec-token-1'));
  });

  it('fails without a token, keeping a given path', async () => {
    const out = await send({
      methodId: 15,
      address: 'https://splunk.example.com:8088/services/collector/raw',
    });
    assert.deepEqual(out, {
      status: 'failed',
      reason: "Splunk needs the HEC token in the recipient's password",
    });
    assert.equal(
      channelFor(15)!.describe({ methodId: 15, address: 'https://splunk.example.com:8088' }),
      'https://splunk.example.com:8088/services/collector/event',
    );
  });
});

describe('ServiceNow (17)', () => {
  it('opens an incident through the Table API with Basic auth, and resolves on clear', async () => {
    const r = await receiver((_req, res) => {
      res.statusCode = 201;
      res.setHeader('content-type', 'application/json');
      res.end('{"result":{"sys_id":"abc","number":"INC0010001"}}');
    });
    const dest = { methodId: 17, address: r.url, username: 'svc', password: 'pw' };
    const out = await send(dest);
    assert.equal(out.status, 'sent');
    assert.equal((out as { providerId: string }).providerId, 'INC0010001');
    const got = r.received[0]!;
    assert.equal(got.url, '/api/now/table/incident');
    assert.equal(got.headers.authorization, `Basic ${Buffer.from('svc:pw').toString('base64')}`);
    assert.equal(got.headers.accept, 'application/json');
    const inc = json(r);
    assert.equal(inc.short_description, 'Shop <front> DOWN: 7 HTTP error at Local');
    assert.equal(inc.urgency, '1');
    assert.equal(inc.correlation_id, 'sitewatch:7:42:10');
    assert.equal(inc.state, undefined);
    await send(dest, clearEvent());
    const clear = json(r, 1);
    assert.equal(clear.state, '6');
    assert.equal(clear.correlation_id, 'sitewatch:7:42:10');
    assert.equal(clear.close_code, 'Solved (Permanently)');
  });

  it('fails at once on 401', async () => {
    const r = await receiver((_req, res) => {
      res.statusCode = 401;
      res.end('{"error":{"message":"User Not Authenticated"}}');
    });
    const out = await send({ methodId: 17, address: r.url, username: 'svc', password: 'bad' });
    assert.equal(out.status, 'failed');
    assert.match((out as { reason: string }).reason, /^receiver answered HTTP 401: .*User Not Authenticated/);
  });
});

describe('PagerDuty Events v2 (103)', () => {
  it('triggers, then resolves with the same dedup_key; the routing key only in the sent body', async () => {
    const r = await receiver((req, res) => {
      res.statusCode = 202;
      res.end(
        JSON.stringify({
          status: 'success',
          message: 'Event processed',
          dedup_key: JSON.parse(req.body).dedup_key,
        }),
      );
    });
    const dest = { methodId: 103, address: `${r.url}/v2/enqueue`, password: 'R0UTINGKEY' };
    const channel = channelFor(103)!;
    const msg = channel.render(sampleEvent(), dest);
    assert.ok(msg.kind === 'http' && !msg.body.includes('R0UTINGKEY'));
    const out = await send(dest);
    assert.deepEqual(out, {
      status: 'sent',
      httpStatus: 202,
      reply: 'HTTP 202: {"status":"success","message":"Event processed","dedup_key":"sitewatch:7:42:10"}',
      providerId: 'sitewatch:7:42:10',
    });
    const trigger = json(r);
    assert.equal(trigger.routing_key, 'R0UTINGKEY');
    assert.equal(trigger.event_action, 'trigger');
    assert.equal(trigger.dedup_key, 'sitewatch:7:42:10');
    assert.equal(trigger.payload.severity, 'critical');
    assert.equal(trigger.payload.source, 'https://shop.example.com/');
    assert.equal(trigger.payload.timestamp, '2026-11-29T08:00:00.000Z');
    assert.match(trigger.payload.summary, /Shop <front> DOWN ST=7/);
    assert.equal(trigger.payload.custom_details.device_id, 42);
    await send(dest, clearEvent());
    assert.deepEqual(json(r, 1), {
      routing_key: 'R0UTINGKEY',
      event_action: 'resolve',
      dedup_key: 'sitewatch:7:42:10',
    });
  });

  it('retries a 429 after Retry-After, fails without a routing key', async () => {
    const r = await receiver((_req, res) => {
      res.statusCode = 429;
      res.setHeader('retry-after', '30');
      res.end('{"status":"throttle event"}');
    });
    const out = await send({ methodId: 103, address: r.url, password: 'k' });
    assert.equal(out.status, 'retry');
    assert.equal((out as { afterMs: number }).afterMs, 30_000);
    const none = await send({ methodId: 103, address: r.url });
    assert.equal(none.status, 'failed');
    assert.match((none as { reason: string }).reason, /routing key/);
  });
});

describe('pager, SMS and voice (2, 3, 5, 6, 11)', () => {
  it('fail "delivery method not configured" and never pretend', async () => {
    for (const methodId of [2, 3, 5, 6, 11]) {
      const out = await send({ methodId, address: '+1 555 0100' });
      assert.deepEqual(out, { status: 'failed', reason: 'delivery method not configured' });
    }
  });
});
