import assert from 'node:assert/strict';
import { createServer as createHttpsServer } from 'node:https';
import { after, describe, it } from 'node:test';
import { channelFor } from '../../src/channels/registry.ts';
import { retryAfterMs } from '../../src/channels/http.ts';
import type { DeliveryOutcome } from '../../src/channels/types.ts';
import { makeCerts } from '../fakes/smtp-certs.ts';
import { listenOnPortZero } from '../helpers/listen.ts';
import { closedPort } from './ports.ts';
import {
  deliveryContext,
  sampleEvent,
  startHttpReceiver,
  type Handler,
  type HttpReceiver,
} from './receivers.ts';

// The shared HTTP delivery path under every fault the issue lists: each ends in a classified
// outcome with a reason a person understands, quickly.

const open: HttpReceiver[] = [];
after(() => Promise.all(open.map((r) => r.close())));
const receiver = async (handler?: Handler) => {
  const r = await startHttpReceiver(handler);
  open.push(r);
  return r;
};
const post = (address: string, opts: Parameters<typeof deliveryContext>[0] = {}, username?: string) => {
  const dest = { methodId: 16, address, username, password: username ? 'pw' : null };
  const ch = channelFor(16)!;
  return ch.deliver(ch.render(sampleEvent(), dest), dest, deliveryContext(opts));
};
const reason = (o: DeliveryOutcome) => (o.status === 'sent' ? '' : o.reason);

describe('HTTP delivery faults', () => {
  it('receiver down → retry, naming the address', async () => {
    const port = await closedPort();
    const out = await post(`http://127.0.0.1:${port}/hook`);
    assert.deepEqual(out, { status: 'retry', reason: `connection refused by 127.0.0.1:${port}` });
  });

  it('500 → retry with the answer; 400 → failed', async () => {
    const r500 = await receiver((_q, res) => {
      res.statusCode = 500;
      res.end('database on fire');
    });
    const out = await post(r500.url);
    assert.deepEqual(out, {
      status: 'retry',
      httpStatus: 500,
      reason: 'receiver answered HTTP 500: database on fire',
    });
    const r400 = await receiver((_q, res) => {
      res.statusCode = 400;
      res.end('bad field');
    });
    assert.deepEqual(await post(r400.url), {
      status: 'failed',
      httpStatus: 400,
      reason: 'receiver answered HTTP 400: bad field',
    });
  });

  it('408 and 503 with Retry-After → retry after it', async () => {
    const r = await receiver((_q, res) => {
      res.statusCode = 503;
      res.setHeader('retry-after', '7');
      res.end();
    });
    const out = await post(r.url);
    assert.equal(out.status, 'retry');
    assert.equal((out as { afterMs: number }).afterMs, 7000);
    const r408 = await receiver((_q, res) => {
      res.statusCode = 408;
      res.end();
    });
    assert.equal((await post(r408.url)).status, 'retry');
    assert.equal(retryAfterMs('Thu, 01 Jan 2026 00:01:00 GMT', Date.parse('2026-01-01T00:00:00Z')), 60_000);
    assert.equal(retryAfterMs('soon'), undefined);
  });

  it('a receiver that hangs → retry at the deadline', async () => {
    const r = await receiver(() => {
      /* never answers */
    });
    const t0 = Date.now();
    const out = await post(r.url, { timeoutMs: 300 });
    assert.ok(Date.now() - t0 < 3000);
    assert.equal(out.status, 'retry');
    assert.match(
      reason(out),
      /^no answer from 127\.0\.0\.1:\d+ before the attempt's deadline \(timed out\)$/,
    );
  });

  it('a 10 MB answer is cut at 64 KiB and never stalls the delivery', async () => {
    const r = await receiver((_q, res) => {
      res.writeHead(200, { 'content-length': String(10 * 1024 * 1024) });
      const chunk = Buffer.alloc(64 * 1024, 'x');
      let sent = 0;
      const pump = () => {
        while (sent < 160) {
          sent++;
          if (!res.write(chunk)) return res.once('drain', pump);
        }
        res.end();
      };
      pump();
    });
    const t0 = Date.now();
    const out = await post(r.url, { timeoutMs: 4000 });
    assert.equal(out.status, 'sent');
    assert.ok(Date.now() - t0 < 2000, `took ${Date.now() - t0} ms`);
    assert.ok((out as { reply: string }).reply.length < 400);
  });

  it('a redirect loop → failed with a clear reason', async () => {
    const r = await receiver((q, res) => {
      res.statusCode = 302;
      res.setHeader('location', q.url === '/a' ? '/b' : '/a');
      res.end();
    });
    const out = await post(`${r.url}/a`);
    assert.equal(out.status, 'failed');
    assert.equal(reason(out), `redirect loop: ${r.url}/b leads back to ${r.url}/a`);
    assert.equal(r.received.length, 2);
  });

  it('follows a redirect re-posting the body, credentials only to the same origin', async () => {
    const final = await receiver();
    const first = await receiver((_q, res) => {
      res.statusCode = 308;
      res.setHeader('location', `http://localhost:${final.port}/moved`);
      res.end();
    });
    const out = await post(`${first.url}/hook`, {}, 'ops');
    assert.equal(out.status, 'sent');
    assert.ok(first.received[0]!.headers.authorization);
    const got = final.received[0]!;
    assert.equal(got.url, '/moved');
    assert.equal(got.method, 'POST');
    assert.equal(got.headers.authorization, undefined);
    assert.equal(got.headers['x-sitewatch-delivery'], 'dlv-test-1');
    assert.deepEqual(JSON.parse(got.body), sampleEvent());
  });

  it('checks every redirect hop against the egress policy', async () => {
    const r = await receiver((_q, res) => {
      res.statusCode = 307;
      res.setHeader('location', 'http://169.254.169.254/latest/meta-data/');
      res.end();
    });
    const out = await post(r.url);
    assert.deepEqual(out, {
      status: 'failed',
      reason:
        'destination 169.254.169.254 is refused by the egress policy (link-local and cloud metadata addresses are never allowed)',
    });
  });

  it('a refused address → failed naming SITEWATCH_EGRESS_ALLOW, nothing sent', async () => {
    const r = await receiver();
    const out = await post(r.url, { allow: [] });
    assert.deepEqual(out, {
      status: 'failed',
      reason:
        'destination 127.0.0.1 is refused by the egress policy (loopback or an address of this host; SITEWATCH_EGRESS_ALLOW can allow it)',
    });
    assert.equal(r.received.length, 0);
  });

  it('a name that does not resolve → retry; a non-http URL → failed', async () => {
    const dns = await post('http://sitewatch-no-such-host.invalid/hook');
    assert.equal(dns.status, 'retry');
    assert.match(reason(dns), /could not be resolved/);
    const ftp = await post('ftp://example.com/x');
    assert.deepEqual(ftp, { status: 'failed', reason: 'cannot deliver to ftp: URLs (only http and https)' });
  });
});

describe('HTTP delivery: answers cut short', () => {
  it('a 200 whose body never ends is still delivered at the deadline, not retried', async () => {
    const r = await receiver((_q, res) => {
      res.writeHead(200, { 'content-type': 'text/plain' });
      res.write('accepted, but the body trickles');
    });
    const out = await post(r.url, { timeoutMs: 400 });
    assert.equal(out.status, 'sent');
    assert.equal((out as { reply: string }).reply, 'HTTP 200: accepted, but the body trickles');
  });
});

describe('HTTP delivery over TLS', () => {
  it('fails at once when the receiver’s certificate does not verify, sending nothing', async () => {
    const certs = makeCerts();
    let requests = 0;
    const server = createHttpsServer({ key: certs.key, cert: certs.cert }, (_q, res) => {
      requests++;
      res.end('ok');
    });
    const l = await listenOnPortZero(server);
    try {
      const out = await post(`https://127.0.0.1:${l.port}/hook`);
      assert.equal(out.status, 'failed');
      assert.match(
        reason(out),
        new RegExp(`^TLS with 127\\.0\\.0\\.1 \\(127\\.0\\.0\\.1:${l.port}\\) failed: .*certificate`),
      );
      assert.equal(requests, 0);
    } finally {
      await l.close();
    }
  });
});

describe('HTTP delivery: long redirect chains', () => {
  it('gives up after 5 redirects, without showing query strings', async () => {
    const r = await receiver((q, res) => {
      const n = Number(/\/(\d+)/.exec(q.url)?.[1] ?? 0);
      res.statusCode = 307;
      res.setHeader('location', `/${n + 1}?token=secret`);
      res.end();
    });
    const out = await post(`${r.url}/0`);
    assert.equal(out.status, 'failed');
    assert.equal(reason(out), `more than 5 redirects (last to ${r.url}/6?…)`);
    assert.equal(r.received.length, 6);
  });
});
