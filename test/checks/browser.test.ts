import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { skipUnless } from '../helpers/requirements.ts';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { browserExecutor, CHROMIUM_PATH } from '../../src/checks/browser.ts';
import { egressPolicy } from '../../src/checks/egress.ts';
import { executorsByType } from '../../src/monitors/registry.ts';
import type { Verdict } from '../../src/checks/types.ts';
import { systemClock } from '../../src/domain/clock.ts';
import { runCheck } from '../../src/engine/run-check.ts';
import { LOOPBACK, testContext, testInput } from '../helpers/check-context.ts';

// CI installs Debian's chromium; elsewhere the browser tests say why they did not run.
const skip = skipUnless(existsSync(CHROMIUM_PATH), `${CHROMIUM_PATH} is absent: install Debian's chromium`);
/** 127.0.0.2 stands for a destination the operator refuses (a metadata or internal address). */
const DENY = ['127.0.0.2/32'];
const PNG = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');

let site: Server;
let forbidden: Server;
let base = '';
let forbiddenBase = '';
let forbiddenHits = 0;

async function listen(s: Server, host: string): Promise<string> {
  await new Promise<void>((r) => s.listen(0, host, r));
  return `http://${host}:${(s.address() as AddressInfo).port}`;
}

const page = (body: string) =>
  `<!doctype html><html><head><title>t</title></head><body>${body}</body></html>`;

before(async () => {
  forbidden = createServer((_req, res) => {
    forbiddenHits++;
    res.end('secret');
  });
  forbiddenBase = await listen(forbidden, '127.0.0.2');
  site = createServer((req, res) => {
    const html = (b: string) => res.writeHead(200, { 'content-type': 'text/html' }).end(page(b));
    switch (req.url) {
      case '/':
        return html('<img src="/ok.png"><script src="/app.js"></script><img src="/missing.png"><p>shop</p>');
      case '/ok.png':
        return res.writeHead(200, { 'content-type': 'image/png' }).end(PNG);
      case '/app.js':
        return res.writeHead(200, { 'content-type': 'text/javascript' }).end('document.title = "ready";');
      case '/hang':
        return html('<script src="/never.js"></script>');
      case '/never.js':
        return; // never answers: the load event never fires
      case '/error':
        return res.writeHead(500, { 'content-type': 'text/html' }).end(page('boom'));
      case '/redirect':
        return res.writeHead(302, { location: `${forbiddenBase}/` }).end();
      case '/leak':
        return html(`<img src="${forbiddenBase}/pixel.png"><img src="/ok.png">`);
      default:
        return res.writeHead(404).end('not found');
    }
  });
  base = await listen(site, '127.0.0.1');
});

after(async () => {
  site.closeAllConnections();
  forbidden.closeAllConnections();
  await Promise.all([new Promise((r) => site.close(r)), new Promise((r) => forbidden.close(r))]);
});

async function load(path: string, opts: { allow?: string[]; timeoutMs?: number } = {}): Promise<Verdict> {
  const timeoutMs = opts.timeoutMs ?? 15_000;
  const ctx = testContext({ allow: opts.allow, deny: DENY, timeoutMs });
  const config = {
    url: path.startsWith('http') ? path : `${base}${path}`,
    step_timeout: 60,
    transaction_steps: 1,
  };
  return browserExecutor.run(testInput('dejaclick', config, { timeoutMs }), ctx);
}

describe('dejaclick (real browser)', { skip }, () => {
  it('loads a page: load time, requests counted, the missing image named', async () => {
    const v = await load('/');
    assert.equal(v.status, 0, v.info_msg);
    assert.match(
      v.info_msg,
      /^page http:\/\/127\.0\.0\.1:\d+\/ loaded in \d+\.\d\d s \(\d+ requests\); 1 request failed: http:\/\/127\.0\.0\.1:\d+\/missing\.png \(HTTP 404 Not Found\)$/,
    );
    assert.ok(v.responseMs !== null && v.responseMs > 0);
    assert.equal(v.detail?.failed_requests, 1);
    assert.ok((v.detail?.requests as number) >= 4);
    assert.equal(v.detail?.http_status, 200);
    assert.equal(v.steps[0]?.status, 0);
    assert.equal(typeof v.phases.firstByte, 'number', 'navigation timing read from the page');
  });

  it('answers 2 (through runCheck) for a page that never finishes loading', async () => {
    const deps = {
      executors: executorsByType([browserExecutor]),
      egress: egressPolicy({ allow: LOOPBACK, deny: DENY }),
      secrets: testContext().secrets,
      clock: systemClock,
      log: pino({ level: 'silent' }),
    };
    const input = testInput(
      'dejaclick',
      { url: `${base}/hang`, step_timeout: 60, transaction_steps: 1 },
      { timeoutMs: 4000 },
    );
    const v = await runCheck(deps, input);
    assert.equal(v.status, 2, v.info_msg);
    assert.match(v.info_msg, /did not finish loading within 4 s/);
  });

  it('answers 19 for an HTTP error of the main document', async () => {
    const v = await load('/error');
    assert.equal(v.status, 19);
    assert.match(
      v.info_msg,
      /^page http:\/\/127\.0\.0\.1:\d+\/error answered HTTP 500 Internal Server Error$/,
    );
  });

  it('answers 19 when the page cannot be reached', async () => {
    const closed = createServer();
    const url = await listen(closed, '127.0.0.1');
    await new Promise((r) => closed.close(r));
    const v = await load(`${url}/`);
    assert.equal(v.status, 19, v.info_msg);
    assert.match(v.info_msg, /failed to load: net::ERR_/);
  });

  it('answers 20 for a refused page without launching a browser', async () => {
    const v = await load('/', { allow: [] });
    assert.equal(v.status, 20);
    assert.match(v.info_msg, /127\.0\.0\.1 is refused by the egress policy/);
  });

  it('answers 20 when the page redirects to a refused address, which is never contacted', async () => {
    const v = await load('/redirect');
    assert.equal(v.status, 20, v.info_msg);
    assert.match(v.info_msg, /leads to 127\.0\.0\.2, which the egress policy refuses/);
    assert.equal(forbiddenHits, 0);
  });

  it('blocks and reports a subresource from a refused address', async () => {
    const v = await load('/leak');
    assert.equal(v.status, 0, v.info_msg);
    assert.match(
      v.info_msg,
      /1 request blocked by the egress policy: http:\/\/127\.0\.0\.2:\d+\/pixel\.png$/,
    );
    assert.equal(v.detail?.blocked_requests, 1);
    assert.equal(v.detail?.failed_requests, 0);
    assert.equal(forbiddenHits, 0);
  });
});
