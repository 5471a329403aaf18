import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import { loggedInAccount } from '../helpers/fixtures.ts';
import { addUser, startTestServer, type TestServer } from '../helpers/server.ts';
import { closedPort } from './ports.ts';
import { startHttpReceiver, type Handler, type HttpReceiver } from './receivers.ts';
import { startSmtpReceiver, type SmtpReceiver } from './smtp-receiver.ts';

// POST /api/v3/test-notifiers over real HTTP against a real server, delivering to real receivers.

const LOOPBACK_ALLOWED = {
  SITEWATCH_EGRESS_ALLOW: '127.0.0.0/8,::1/128',
  SITEWATCH_TEST_ALERT_TIMEOUT_SECONDS: '1',
};

const receivers: (HttpReceiver | SmtpReceiver)[] = [];
after(() => Promise.all(receivers.map((r) => r.close())));
async function receiver(handler?: Handler) {
  const r = await startHttpReceiver(handler);
  receivers.push(r);
  return r;
}
const status =
  (code: number, body = ''): Handler =>
  (_q, res) => {
    res.statusCode = code;
    res.end(body);
  };

for (const dialect of DIALECTS) {
  describe(`POST /test-notifiers (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    let smtp: SmtpReceiver;
    before(async () => {
      smtp = await startSmtpReceiver();
      receivers.push(smtp);
      srv = await startTestServer({
        dialect,
        env: {
          ...LOOPBACK_ALLOWED,
          SITEWATCH_SMTP_URL: `smtp://127.0.0.1:${smtp.port}`,
          SITEWATCH_MAIL_FROM: 'alerts@sitewatch.test',
        },
      });
      token = await srv.login();
    });
    after(() => srv.close());
    const send = (body: unknown, t = token) =>
      srv.request('POST', '/api/v3/test-notifiers', { token: t, body });

    it('delivers a JSON test alert and answers what the receiver said', async () => {
      const r = await receiver(status(200, 'thanks'));
      const res = await send({
        method_id: 16,
        recipient: `${r.url}/hook?key=secret`,
        username: 'u',
        password: 'p',
      });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.status, 'sent');
      assert.equal(res.json.method_id, 16);
      assert.equal(res.json.method_description, 'JSON alerts (POST JSON)');
      assert.equal(res.json.destination, `${r.url}/hook?…`);
      assert.equal(res.json.reply, 'HTTP 200: thanks');
      assert.equal(res.json.http_status, 200);
      assert.match(res.json.delivery_id, /^test-[0-9a-f-]{36}$/);
      const got = r.received[0]!;
      assert.equal(got.headers['x-sitewatch-delivery'], res.json.delivery_id);
      assert.equal(got.headers.authorization, `Basic ${Buffer.from('u:p').toString('base64')}`);
      const body = JSON.parse(got.body);
      assert.equal(body.notify_type, 'test');
      assert.equal(body.company.length > 0, true);
      assert.equal(body.location, 'Local');
      assert.equal(body.location_num, 10);
    });

    it('delivers an e-mail test alert through the configured relay', async () => {
      const res = await send({ method_id: 12, recipient: 'ops@example.com' });
      assert.equal(res.status, 200, res.text);
      assert.match(res.json.reply, /^250 /);
      const mail = smtp.mails.at(-1)!;
      assert.equal(
        mail.subject,
        '[sitewatch] Site/Device Alert (ST=0) - sitewatch test alert Test alert (test)',
      );
      assert.deepEqual(mail.envelopeTo, ['ops@example.com']);
      assert.match(String(mail.html), /test alert from sitewatch/);
    });

    it('tests a stored recipient by id with its stored credentials; another account’s is 404', async () => {
      const r = await receiver();
      const created = await srv.request('POST', '/api/v3/recipients', {
        token,
        body: { method_id: 10, recipient: `${r.url}/form`, username: 'stored', password: 'sealed pw' },
      });
      assert.equal(created.status, 200, created.text);
      const res = await send({ recipient_id: Number(created.json.id) });
      assert.equal(res.status, 200, res.text);
      assert.equal(res.json.method_id, 10);
      assert.equal(
        r.received[0]!.headers.authorization,
        `Basic ${Buffer.from('stored:sealed pw').toString('base64')}`,
      );
      assert.equal(new URLSearchParams(r.received[0]!.body).get('notify_type'), 'test');

      const other = await loggedInAccount(srv, {
        name: `Other ${dialect}`,
        email: `other-${dialect}@example.com`,
        password: 'other account pw 1',
      });
      const foreign = await send({ recipient_id: Number(created.json.id) }, other.token);
      assert.equal(foreign.status, 404, foreign.text);
      assert.equal(r.received.length, 1);
      assert.equal((await send({ recipient_id: 999999 })).status, 404);
    });

    it('refuses READONLY and REPORTONLY users with 403, sending nothing', async () => {
      const r = await receiver();
      for (const role of ['READONLY', 'REPORTONLY']) {
        const user = await addUser(srv, token, role);
        const res = await send({ method_id: 16, recipient: r.url }, user.token);
        assert.equal(res.status, 403, res.text);
      }
      assert.equal(r.received.length, 0);
    });
  });
}

describe('POST /test-notifiers: bad input and faults (sqlite)', () => {
  let srv: TestServer;
  let token: string;
  before(async () => {
    srv = await startTestServer({ env: LOOPBACK_ALLOWED });
    token = await srv.login();
  });
  after(() => srv.close());
  const send = (body: unknown) => srv.request('POST', '/api/v3/test-notifiers', { token, body });
  const error = (res: { json: { errors: { code: number; message: string; fields?: string[] }[] } }) =>
    res.json.errors[0]!;

  it('400 for an unknown method, a destination in the wrong format, or nothing to send to', async () => {
    let res = await send({ method_id: 7, recipient: 'x' });
    assert.equal(res.status, 400);
    assert.deepEqual(error(res).fields, ['method_id']);
    assert.match(
      error(res).message,
      /^must be one of: 1, 2, 3, 4, 5, 6, 8, 9, 10, 11, 12, 15, 16, 17, 101, 102, 103$/,
    );
    res = await send({ method_id: 16, recipient: 'not a url' });
    assert.equal(res.status, 400);
    assert.deepEqual(error(res), {
      code: 400,
      message: 'must be an http:// or https:// URL for method_id 16 (JSON alerts (POST JSON))',
      fields: ['recipient'],
    });
    res = await send({ method_id: 1, recipient: 'ops@example.com', location_id: 424242 });
    assert.equal(res.status, 400);
    assert.deepEqual(error(res).fields, ['location_id']);
    assert.equal((await send({})).status, 400);
    assert.equal((await send({ method_id: 'sixteen', recipient: 'x' })).status, 400);
    assert.equal((await send({ recipient_id: 1, method_id: 16 })).status, 400);
    assert.equal(
      (
        await srv.request('POST', '/api/v3/test-notifiers', {
          token,
          raw: '{"method_id":',
          headers: { 'content-type': 'application/json' },
        })
      ).status,
      400,
    );
  });

  it('400 naming SITEWATCH_EGRESS_ALLOW for a refused address', async () => {
    const res = await send({ method_id: 16, recipient: 'http://169.254.169.254/latest' });
    assert.equal(res.status, 400, res.text);
    assert.equal(
      error(res).message,
      'test alert refused: destination 169.254.169.254 is refused by the egress policy (link-local and cloud metadata addresses are never allowed)',
    );
  });

  it('502 with the reason: SMTP not configured, no provider, receiver 500, down, hangs, redirect loop', async () => {
    const cases: [unknown, RegExp][] = [];
    cases.push([
      { method_id: 1, recipient: 'ops@example.com' },
      /^test alert to ops@example\.com not delivered: SMTP not configured \(set SITEWATCH_SMTP_URL\)$/,
    ]);
    cases.push([
      { method_id: 6, recipient: '+1 555 0100' },
      /not delivered: delivery method not configured$/,
    ]);
    const r500 = await receiver(status(500, 'upstream broke'));
    cases.push([
      { method_id: 16, recipient: r500.url },
      /not delivered: receiver answered HTTP 500: upstream broke$/,
    ]);
    const port = await closedPort();
    cases.push([
      { method_id: 101, recipient: `http://127.0.0.1:${port}/services/x` },
      new RegExp(`not delivered: connection refused by 127\\.0\\.0\\.1:${port}$`),
    ]);
    const hang = await receiver(() => {});
    cases.push([{ method_id: 102, recipient: hang.url }, /not delivered: no answer from .* \(timed out\)$/]);
    const loop = await receiver((q, res) => {
      res.statusCode = 301;
      res.setHeader('location', q.url === '/a' ? '/b' : '/a');
      res.end();
    });
    cases.push([{ method_id: 16, recipient: `${loop.url}/a` }, /not delivered: redirect loop: /]);
    for (const [body, message] of cases) {
      const res = await send(body);
      assert.equal(res.status, 502, `${JSON.stringify(body)} → ${res.status} ${res.text}`);
      assert.equal(error(res).code, 502);
      assert.match(error(res).message, message);
    }
    assert.ok(srv.logs.some((l) => l.includes('test alert not delivered')));
  });

  it('is in the OpenAPI document', async () => {
    const res = await srv.request('GET', '/api/v3/openapi.json');
    const path = res.json?.paths?.['/api/v3/test-notifiers'] ?? res.json?.paths?.['/test-notifiers'];
    assert.ok(path?.post, Object.keys(res.json?.paths ?? {}).join(' '));
  });
});
