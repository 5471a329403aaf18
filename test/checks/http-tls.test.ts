import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runHttp, webConfig } from '../fakes/http-harness.ts';
import { testPki, type TestPki } from '../fakes/http-certs.ts';
import { page, startHttpServer, type FakeHttpServer } from '../fakes/http-server.ts';

describe('website-ssl executor against local HTTPS servers', () => {
  let pki: TestPki;
  let good: FakeHttpServer;
  let expired: FakeHttpServer;
  let wrongHost: FakeHttpServer;
  let selfSigned: FakeHttpServer;
  let plain: FakeHttpServer;
  before(async () => {
    pki = testPki();
    const routes = { '/': page('<p>secure shop</p>') };
    [good, expired, wrongHost, selfSigned, plain] = await Promise.all([
      startHttpServer(routes, { tls: pki.good }),
      startHttpServer(routes, { tls: pki.expired }),
      startHttpServer(routes, { tls: pki.wrongHost }),
      startHttpServer(routes, { tls: pki.selfSigned }),
      startHttpServer(routes),
    ]);
  });
  after(() => Promise.all([good, expired, wrongHost, selfSigned, plain].map((s) => s.close())));

  const ssl = (srv: FakeHttpServer, over: Record<string, unknown> = {}, host = '127.0.0.1') =>
    webConfig(`https://${host}:${srv.port}/`, { keyword_string: 'secure shop', ...over });

  it('0: a certificate from the trusted test CA, with TLS timing and certificate facts', async () => {
    for (const host of ['127.0.0.1', 'localhost']) {
      const v = await runHttp('website-ssl', ssl(good, {}, host), { ca: pki.ca });
      assert.equal(v.status, 0, v.info_msg);
      assert.equal(typeof v.phases.tls, 'number');
      const sum = Object.values(v.phases).reduce((a, b) => a + (b ?? 0), 0);
      assert.ok(Math.abs(sum - v.responseMs!) <= 2);
      assert.match(String(v.detail?.cert_issuer), /sitewatch test CA/);
      assert.ok(Date.parse(String(v.detail?.cert_not_after)) > Date.now());
    }
  });

  it('12: the same certificate without its CA is not trusted; self-signed neither', async () => {
    const v = await runHttp('website-ssl', ssl(good));
    assert.equal(v.status, 12);
    assert.match(v.info_msg, /is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE/);
    const self = await runHttp('website-ssl', ssl(selfSigned), { ca: pki.ca });
    assert.equal(self.status, 12);
    assert.match(self.info_msg, /DEPTH_ZERO_SELF_SIGNED_CERT/);
  });

  it('12: a trusted certificate for another host', async () => {
    const v = await runHttp('website-ssl', ssl(wrongHost), { ca: pki.ca });
    assert.equal(v.status, 12);
    assert.equal(
      v.info_msg,
      `the TLS certificate of 127.0.0.1:${wrongHost.port} does not match the host (CN=wrong)`,
    );
  });

  it('13: an expired certificate; "Off" accepts it when the chain is otherwise trusted', async () => {
    const v = await runHttp('website-ssl', ssl(expired), { ca: pki.ca });
    assert.equal(v.status, 13);
    assert.match(v.info_msg, /^the TLS certificate of 127\.0\.0\.1:\d+ expired on \d{4}-\d\d-\d\d$/);
    const off = await runHttp('website-ssl', ssl(expired, { check_ssl_expiration_dates: 'Off' }), {
      ca: pki.ca,
    });
    assert.equal(off.status, 0, off.info_msg);
    // Without the CA, "Off" does not turn an untrusted expired certificate into a pass, and
    // trust is reported first (renewing alone would not clear it), the expiry beside it.
    for (const dates of ['Off', 'Expired']) {
      const untrusted = await runHttp('website-ssl', ssl(expired, { check_ssl_expiration_dates: dates }));
      assert.equal(untrusted.status, 12, untrusted.info_msg);
      assert.match(
        untrusted.info_msg,
        /^the TLS certificate of 127\.0\.0\.1:\d+ is not trusted \(UNABLE_TO_GET_ISSUER_CERT_LOCALLY, issuer CN=sitewatch test CA\); it also expired on \d{4}-\d\d-\d\d$/,
      );
    }
  });

  it('13: inside the "<N> Days" warning window (the good leaf has 10 days left)', async () => {
    const v = await runHttp('website-ssl', ssl(good, { check_ssl_expiration_dates: '30 Days' }), {
      ca: pki.ca,
    });
    assert.equal(v.status, 13);
    assert.match(v.info_msg, /expires in 9 days \(\d{4}-\d\d-\d\d\), inside the 30-day warning window/);
    const outside = await runHttp('website-ssl', ssl(good, { check_ssl_expiration_dates: '7 Days' }), {
      ca: pki.ca,
    });
    assert.equal(outside.status, 0, outside.info_msg);
  });

  it('11: the handshake fails (https to a plain HTTP server)', async () => {
    const v = await runHttp('website-ssl', ssl(plain), { ca: pki.ca });
    assert.equal(v.status, 11, v.info_msg);
    assert.match(v.info_msg, /TLS handshake with 127\.0\.0\.1:\d+ failed/);
  });

  it('20: loopback HTTPS refused by the egress policy before any handshake', async () => {
    const v = await runHttp('website-ssl', ssl(good), { ca: pki.ca, allow: [] });
    assert.equal(v.status, 20);
  });
});
