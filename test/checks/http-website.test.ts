import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import type { Verdict } from '../../src/checks/types.ts';
import { box, runHttp, webConfig } from '../fakes/http-harness.ts';
import {
  garbage,
  hang,
  hangBody,
  page,
  redirect,
  reset,
  slow,
  startHttpServer,
  type FakeHttpServer,
} from '../fakes/http-server.ts';

/** A port nothing listens on: bound, then closed. */
async function closedPort(): Promise<number> {
  const s: Server = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const port = (s.address() as { port: number }).port;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

function assertPhasesSane(v: Verdict): void {
  assert.ok(v.responseMs !== null && v.responseMs >= 0);
  for (const k of ['dns', 'connect', 'firstByte', 'download'] as const)
    assert.equal(typeof v.phases[k], 'number', k);
  const sum = Object.values(v.phases).reduce((a, b) => a + (b ?? 0), 0);
  assert.ok(
    Math.abs(sum - v.responseMs!) <= 2,
    `phases ${JSON.stringify(v.phases)} vs total ${v.responseMs}`,
  );
}

describe('website executor against a local HTTP server', () => {
  let srv: FakeHttpServer;
  let refusedPort: number;
  before(async () => {
    refusedPort = await closedPort();
    srv = await startHttpServer({
      '/': page('<html><body>Featured products</body></html>'),
      '/down': page('maintenance', 503),
      '/teapot': (_q, res) => res.writeHead(418, 'Short And Stout').end(),
      '/slow': slow(300),
      '/hang': hang,
      '/hang-body': hangBody,
      '/reset': reset,
      '/garbage': garbage,
      '/loop': redirect('/loop'),
      '/hop': redirect('/'),
      '/to-refused': redirect(`http://127.0.0.1:${refusedPort}/`),
      '/to-metadata': redirect('http://169.254.169.254/latest/meta-data/'),
      '/secret': (req, res) => {
        const ok = req.headers.authorization === `Basic ${Buffer.from('ann:s3cret').toString('base64')}`;
        res.writeHead(ok ? 200 : 401, { 'www-authenticate': 'Basic realm="x"' }).end(ok ? 'welcome' : 'no');
      },
    });
  });
  after(() => srv.close());

  it('answers 0 with the status line, phases that add up, and detail', async () => {
    const v = await runHttp('website', webConfig(`${srv.origin}/`, { keyword_string: 'Featured products' }));
    assert.equal(v.status, 0, v.info_msg);
    assert.equal(v.info_msg, 'HTTP 200 OK');
    assertPhasesSane(v);
    assert.equal(v.detail?.http_status, 200);
    assert.equal(v.detail?.address, `127.0.0.1:${srv.port}`);
  });

  it('follows a redirect and keeps the phases of both hops', async () => {
    const v = await runHttp('website', webConfig(`${srv.origin}/hop`));
    assert.equal(v.status, 0, v.info_msg);
    assert.equal(v.detail?.redirects, 1);
    assertPhasesSane(v);
  });

  it('a slow page passes and its time shows in firstByte', async () => {
    const v = await runHttp('website', webConfig(`${srv.origin}/slow`));
    assert.equal(v.status, 0, v.info_msg);
    assert.ok(v.phases.firstByte! >= 250, JSON.stringify(v.phases));
    assertPhasesSane(v);
  });

  it('7: HTTP error status with the status line', async () => {
    const v = await runHttp('website', webConfig(`${srv.origin}/down`));
    assert.equal(v.status, 7);
    assert.equal(v.info_msg, 'HTTP 503 Service Unavailable');
    const t = await runHttp('website', webConfig(`${srv.origin}/teapot`));
    assert.equal(t.info_msg, 'HTTP 418 Short And Stout');
  });

  it('5: keyword missing (plain and regex); 9: forbidden keyword present', async () => {
    const url = `${srv.origin}/`;
    const missing = await runHttp('website', webConfig(url, { keyword_string: 'Sold out' }));
    assert.equal(missing.status, 5);
    assert.equal(missing.info_msg, 'keyword "Sold out" not found on the page');
    const re = await runHttp(
      'website',
      webConfig(url, { keyword_string: 'Feat\\w+ prod', keyword_match_type: 'Regular Expression' }),
    );
    assert.equal(re.status, 0, re.info_msg);
    const reMissing = await runHttp(
      'website',
      webConfig(url, { keyword_string: '^Featured', keyword_match_type: 'Regular Expression' }),
    );
    assert.equal(reMissing.status, 5);
    const forbidden = await runHttp(
      'website',
      webConfig(url, { keyword_string: 'Featured', keyword_match_invert: true }),
    );
    assert.equal(forbidden.status, 9);
    assert.match(forbidden.info_msg, /forbidden keyword "Featured" is present/);
    const absent = await runHttp(
      'website',
      webConfig(url, { keyword_string: 'Error', keyword_match_invert: true }),
    );
    assert.equal(absent.status, 0);
  });

  it('basic auth from the config, password sealed', async () => {
    const url = `${srv.origin}/secret`;
    const ok = await runHttp(
      'website',
      webConfig(url, { http_basic_auth_username: 'ann', http_basic_auth_password: box.seal('s3cret') }),
    );
    assert.equal(ok.status, 0, ok.info_msg);
    const wrong = await runHttp(
      'website',
      webConfig(url, { http_basic_auth_username: 'ann', http_basic_auth_password: box.seal('nope') }),
    );
    assert.equal(wrong.status, 7);
    assert.equal(wrong.info_msg, 'HTTP 401 Unauthorized');
  });

  it('1: connection refused names the address', async () => {
    const v = await runHttp('website', webConfig(`http://127.0.0.1:${refusedPort}/`));
    assert.equal(v.status, 1);
    assert.equal(v.info_msg, `connection refused by 127.0.0.1:${refusedPort}`);
    assert.equal(typeof v.phases.dns, 'number');
  });

  it('2: a hanging endpoint (no headers, or a body never finished) ends at the deadline', async () => {
    for (const path of ['/hang', '/hang-body']) {
      const started = Date.now();
      const v = await runHttp('website', webConfig(`${srv.origin}${path}`), { timeoutMs: 400 });
      const took = Date.now() - started;
      assert.equal(v.status, 2, `${path}: ${v.info_msg}`);
      assert.equal(v.info_msg, `no complete answer from 127.0.0.1:${srv.port} within 0.4 s`);
      assert.ok(took >= 380 && took < 1500, `${path} took ${took} ms`);
    }
  });

  it('3: a response that is not HTTP', async () => {
    const v = await runHttp('website', webConfig(`${srv.origin}/garbage`));
    assert.equal(v.status, 3, v.info_msg);
    assert.match(v.info_msg, /invalid HTTP response/);
  });

  it('4: a name that does not resolve', async () => {
    const v = await runHttp('website', webConfig('http://no-such-host.invalid/'));
    assert.equal(v.status, 4);
    assert.match(v.info_msg, /no-such-host\.invalid could not be resolved/);
  });

  it('6: the server resets the connection', async () => {
    const v = await runHttp('website', webConfig(`${srv.origin}/reset`));
    assert.equal(v.status, 6, v.info_msg);
    assert.match(v.info_msg, /closed or reset/);
  });

  it('8: a redirect loop stops after 10 redirects', async () => {
    const v = await runHttp('website', webConfig(`${srv.origin}/loop`));
    assert.equal(v.status, 8);
    assert.equal(v.info_msg, 'more than 10 redirects (the last to /loop)');
    assert.equal(srv.seen.filter((s) => s.path === '/loop').length, 11);
  });

  it('a redirect to a refused port is 1; to the metadata address is 20', async () => {
    const refused = await runHttp('website', webConfig(`${srv.origin}/to-refused`));
    assert.equal(refused.status, 1);
    const metadata = await runHttp('website', webConfig(`${srv.origin}/to-metadata`));
    assert.equal(metadata.status, 20);
    assert.equal(
      metadata.info_msg,
      'destination 169.254.169.254 is refused by the egress policy (link-local and cloud metadata addresses are never allowed)',
    );
  });

  it('20: loopback is refused unless the policy allows it', async () => {
    const v = await runHttp('website', webConfig(`${srv.origin}/`), { allow: [] });
    assert.equal(v.status, 20);
    const byName = await runHttp('website', webConfig(`http://localhost:${srv.port}/`), { allow: [] });
    assert.equal(byName.status, 20);
  });

  it('credentials do not follow a redirect to another origin', async () => {
    const other = await startHttpServer({ '/': page('other') });
    const hop = await startHttpServer({ '/': redirect(`${other.origin}/`) });
    try {
      const v = await runHttp(
        'website',
        webConfig(`${hop.origin}/`, {
          http_basic_auth_username: 'ann',
          http_basic_auth_password: box.seal('s3cret'),
        }),
      );
      assert.equal(v.status, 0, v.info_msg);
      assert.ok(hop.seen[0]!.headers.authorization);
      assert.equal(other.seen[0]!.headers.authorization, undefined);
    } finally {
      await Promise.all([other.close(), hop.close()]);
    }
  });
});
