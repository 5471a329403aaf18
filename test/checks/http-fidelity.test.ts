import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { createTrust, loadCaCerts } from '../../src/checks/trust.ts';
import { testPki, type TestPki } from '../fakes/http-certs.ts';
import { compressed, encoded, endless, headerFlood, htmlBytes } from '../fakes/http-faults.ts';
import { runHttp, webConfig } from '../fakes/http-harness.ts';
import { page, startHttpServer, type FakeHttpServer } from '../fakes/http-server.ts';

// Issue 13 (check fidelity) and the target side of issue 9: each finding reproduced by a local target.

const PAGE = '<html><body><h1>Featured products</h1>' + '<p>filler</p>'.repeat(200) + '</body></html>';

describe('HTTP check fidelity: encodings, charsets, sizes', () => {
  let srv: FakeHttpServer;
  const flood = endless(1024 * 1024 * 1024);
  before(async () => {
    const gz = compressed(PAGE, 'gzip');
    srv = await startHttpServer({
      '/gzip': encoded(gz, 'gzip'),
      '/deflate': encoded(compressed(PAGE, 'deflate'), 'deflate'),
      '/deflate-raw': encoded(compressed(PAGE, 'deflate-raw'), 'deflate'),
      '/br': encoded(compressed(PAGE, 'br'), 'br'),
      '/x-gzip': encoded(gz, 'x-gzip'),
      '/corrupt': encoded(
        Buffer.concat([gz.subarray(0, 20), Buffer.from('not gzip at all'), gz.subarray(40)]),
        'gzip',
      ),
      '/compress': encoded(Buffer.from('whatever'), 'compress'),
      '/latin1-meta': htmlBytes(
        Buffer.from('<html><head><meta charset="iso-8859-1"></head><body>Café crème</body></html>', 'latin1'),
      ),
      '/latin1-equiv': htmlBytes(
        Buffer.from(
          '<html><head><meta http-equiv="Content-Type" content="text/html; charset=ISO-8859-1"></head><body>Café crème</body></html>',
          'latin1',
        ),
      ),
      '/header-wins': (_q, r) =>
        r
          .writeHead(200, { 'content-type': 'text/html; charset=utf-8' })
          .end(Buffer.from('<meta charset="iso-8859-1">Café', 'utf8')),
      '/bom': htmlBytes(
        Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from('<meta charset="iso-8859-1">Café')]),
      ),
      '/flood': headerFlood(400),
      '/endless': flood,
      '/plain': page(PAGE),
    });
  });
  after(() => srv.close());

  const run = (path: string, over: Record<string, unknown> = {}) =>
    runHttp('website', webConfig(`${srv.origin}${path}`, { keyword_string: 'Featured products', ...over }));

  it('sends Accept-Encoding as a browser does', async () => {
    const v = await run('/plain');
    assert.equal(v.status, 0, v.info_msg);
    const sent = srv.seen.at(-1)!.headers['accept-encoding'];
    assert.match(String(sent), /^gzip, deflate, br(, zstd)?$/);
  });

  for (const path of ['/gzip', '/deflate', '/deflate-raw', '/br', '/x-gzip']) {
    it(`decodes ${path.slice(1)} (sent whatever was asked) and matches the keyword on the text`, async () => {
      const v = await run(path);
      assert.equal(v.status, 0, v.info_msg);
      assert.equal(v.info_msg, 'HTTP 200 OK');
      assert.equal(v.detail?.decoded_bytes, PAGE.length);
      assert.ok(Number(v.detail?.page_bytes) < PAGE.length / 4, `transferred ${v.detail?.page_bytes}`);
      assert.equal(
        v.detail?.content_encoding,
        path === '/x-gzip' ? 'x-gzip' : path.startsWith('/deflate') ? 'deflate' : path.slice(1),
      );
    });
  }

  it('3: a corrupt or unsupported encoding is a real error with a clear message', async () => {
    const corrupt = await run('/corrupt');
    assert.equal(corrupt.status, 3);
    assert.match(corrupt.info_msg, /^127\.0\.0\.1:\d+: the gzip body could not be decoded \(.+\)$/);
    const compress = await run('/compress');
    assert.equal(compress.status, 3);
    assert.match(compress.info_msg, /unsupported Content-Encoding "compress"/);
  });

  it('a charset declared only by <meta> (both forms) is honoured; the header wins over meta; a BOM wins over all', async () => {
    for (const path of ['/latin1-meta', '/latin1-equiv', '/header-wins', '/bom']) {
      const v = await run(path, { keyword_string: 'Café' });
      assert.equal(v.status, 0, `${path}: ${v.info_msg}`);
    }
  });

  it('3: a target answering ~400 KB of headers (was 21, internal)', async () => {
    const v = await run('/flood');
    assert.equal(v.status, 3);
    assert.match(v.info_msg, /^127\.0\.0\.1:\d+ sent more than 256 KiB of response headers$/);
  });

  it('a 1 GB body is not read whole: reading stops past the keyword bound, and info_msg says so', async () => {
    const started = Date.now();
    const v = await run('/endless', { keyword_string: '' });
    assert.equal(v.status, 0, v.info_msg);
    assert.equal(v.info_msg, 'HTTP 200 OK (read the first 4 MiB of a longer body)');
    assert.equal(v.detail?.truncated, true);
    // The server may have buffered a few socket windows ahead of the reader, no more.
    assert.ok(flood.sent() < 16 * 1024 * 1024, `sent ${flood.sent()}`);
    assert.ok(Date.now() - started < 4000);
    const missing = await run('/endless', { keyword_string: 'needle' });
    assert.equal(missing.status, 5);
    assert.equal(missing.info_msg, 'keyword "needle" not found in the first 4 MiB of the page');
  });
});

describe('SITEWATCH_CA_CERTS: a private CA for every TLS path', () => {
  let pki: TestPki;
  let dir: string;
  let expired: FakeHttpServer;
  let good: FakeHttpServer;
  let tls12: FakeHttpServer;
  let wrongHost: FakeHttpServer;
  before(async () => {
    pki = testPki();
    dir = mkdtempSync(join(tmpdir(), 'sitewatch-ca-'));
    writeFileSync(join(dir, 'private-ca.pem'), pki.ca);
    writeFileSync(join(dir, 'README'), 'not a certificate, ignored (no .pem/.crt)');
    const routes = { '/': page('<p>internal service</p>') };
    [expired, good, tls12, wrongHost] = await Promise.all([
      startHttpServer(routes, { tls: pki.expired }),
      startHttpServer(routes, { tls: pki.good }),
      startHttpServer(routes, { tls: { ...pki.good, maxVersion: 'TLSv1.2' } }),
      startHttpServer(routes, { tls: pki.wrongHost }),
    ]);
  });
  after(async () => {
    await Promise.all([expired, good, tls12, wrongHost].map((s) => s.close()));
    rmSync(dir, { recursive: true, force: true });
  });

  it('loads PEM files and folders; a wrong path or a file without certificates stops the start', () => {
    assert.equal(loadCaCerts([dir]).length, 1);
    assert.equal(loadCaCerts([join(dir, 'private-ca.pem'), dir]).length, 2);
    assert.throws(() => loadCaCerts([join(dir, 'nope.pem')]), /ENOENT/);
    assert.throws(() => loadCaCerts([join(dir, 'README')]), /holds no PEM certificate/);
  });

  it('"Off" ignores the dates of a certificate from the private CA, and nothing else', async () => {
    const trust = createTrust(loadCaCerts([dir]));
    const url = `https://127.0.0.1:${expired.port}/`;
    const off = await runHttp('website-ssl', webConfig(url, { check_ssl_expiration_dates: 'Off' }), {
      trust,
    });
    assert.equal(off.status, 0, off.info_msg);
    const on = await runHttp('website-ssl', webConfig(url), { trust });
    assert.equal(on.status, 13, on.info_msg);
    assert.match(on.info_msg, /expired on \d{4}-\d\d-\d\d$/);
    // Dates only: a certificate for another host from the same CA still fails under "Off".
    const wrong = await runHttp(
      'website-ssl',
      webConfig(`https://127.0.0.1:${wrongHost.port}/`, { check_ssl_expiration_dates: 'Off' }),
      { trust },
    );
    assert.equal(wrong.status, 12, wrong.info_msg);
    assert.match(wrong.info_msg, /does not match the host \(CN=wrong\)$/);
  });

  it('API steps trust the private CA through the same setting', async () => {
    const trust = createTrust(loadCaCerts([dir]));
    const step = {
      step_number: 1,
      step_name: 'internal',
      url: `https://127.0.0.1:${good.port}/`,
      http_method: 'GET',
      post: null,
      head: {
        http_basic_auth_username: '',
        http_basic_auth_password: null,
        preemptive_authentication: false,
      },
      assertions: [],
      variables: [],
    };
    const v = await runHttp('website-ssl-api', { api_steps: [step] }, { trust });
    assert.equal(v.status, 0, v.info_msg);
    const without = await runHttp('website-ssl-api', { api_steps: [step] });
    assert.equal(without.status, 12, without.info_msg);
  });

  it('use_ssl_version pins the protocol: 6 (TLS 1.3) against a TLS 1.2-only server is 11; 5 and 0 pass', async () => {
    const trust = createTrust([pki.ca]);
    const url = `https://127.0.0.1:${tls12.port}/`;
    const pinned13 = await runHttp('website-ssl', webConfig(url, { use_ssl_version: 6 }), { trust });
    assert.equal(pinned13.status, 11, pinned13.info_msg);
    assert.match(pinned13.info_msg, /TLS handshake with 127\.0\.0\.1:\d+ failed/);
    for (const version of [5, 0, 2]) {
      const v = await runHttp('website-ssl', webConfig(url, { use_ssl_version: version }), { trust });
      assert.equal(v.status, 0, `${version}: ${v.info_msg}`);
    }
  });
});
