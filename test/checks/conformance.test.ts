import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { insertMonitor, accountOf } from '../helpers/fixtures.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { dnsServer, silentDnsServer } from '../fakes/dns.ts';
import { testPki } from '../fakes/http-certs.ts';
import { compressed, encoded, endless, faultPki, headerFlood, htmlBytes } from '../fakes/http-faults.ts';
import { webConfig } from '../fakes/http-harness.ts';
import {
  garbage,
  hang,
  page,
  redirect,
  reset,
  startHttpServer,
  type FakeHttpServer,
} from '../fakes/http-server.ts';
import { makeCerts } from '../fakes/smtp-certs.ts';
import { startGreeter, startSmtp } from '../fakes/smtp.ts';
import { closedPort, UNRESOLVABLE_HOST, type Fake } from '../fakes/tcp.ts';
import { CONFORMANCE, type Case, type Targets } from './conformance.table.ts';

// Issue 13: the verdict of every known target fault, pinned. Each row runs through test on demand
// (GET /api/v3/tests?monitor_id=…) on a real server whose SITEWATCH_CA_CERTS folder holds the test
// CAs, all rows at once (each target is its own local server; timeouts are 1 s). A change in any
// status or info_msg fails here. The table itself is conformance.table.ts (and the README's list).

describe('conformance: every target fault through test on demand', () => {
  let srv: TestServer;
  let token: string;
  let caDir: string;
  const closers: (() => Promise<void>)[] = [];
  let targets: Targets;

  before(async () => {
    const pki = testPki();
    const faults = faultPki();
    const mail = makeCerts();
    caDir = mkdtempSync(join(tmpdir(), 'sitewatch-conformance-ca-'));
    writeFileSync(join(caDir, 'test-ca.pem'), pki.ca);
    writeFileSync(join(caDir, 'chain-root.crt'), faults.chainRoot);
    writeFileSync(join(caDir, 'mail-ca.pem'), mail.ca);
    const body = '<html><body><h1>Featured products</h1></body></html>';
    const routes = {
      '/': page(body),
      '/503': page('down', 503, { 'content-type': 'text/plain' }),
      '/redirect': redirect('/'),
      '/loop': redirect('/loop'),
      '/hang': hang,
      '/reset': reset,
      '/garbage': garbage,
      '/short': (_q: unknown, r: ServerResponse) => {
        r.writeHead(200, { 'content-type': 'text/html', 'content-length': '1000' });
        r.end('<html>only part');
        r.socket?.destroy();
      },
      '/chunked': (_q: unknown, r: ServerResponse) => {
        r.writeHead(200, { 'content-type': 'text/html' });
        r.write('<html><body>Featured ');
        setTimeout(() => r.end('products</body></html>'), 20);
      },
      '/latin1': (_q: unknown, r: ServerResponse) =>
        r
          .writeHead(200, { 'content-type': 'text/html; charset=iso-8859-1' })
          .end(Buffer.from('Café crème', 'latin1')),
      '/latin1-meta': htmlBytes(Buffer.from('<meta charset="iso-8859-1">Café crème', 'latin1')),
      '/gzip': encoded(compressed(body, 'gzip'), 'gzip'),
      '/br': encoded(compressed(body, 'br'), 'br'),
      '/deflate': encoded(compressed(body, 'deflate'), 'deflate'),
      '/corrupt-gzip': encoded(Buffer.from('this is not gzip'), 'gzip'),
      '/headers-400k': headerFlood(400),
      '/endless': endless(1024 * 1024 * 1024),
    };
    const https = (tls: NonNullable<Parameters<typeof startHttpServer>[1]>['tls']) =>
      startHttpServer(routes, { tls });
    const [
      http,
      good,
      expired,
      self,
      wrong,
      stale,
      chain,
      tls10,
      tls12,
      dns,
      silentDns,
      smtpOk,
      smtpTls,
      smtp554,
      smtpSilent,
      smtpUntrusted,
    ] = await Promise.all([
      startHttpServer(routes),
      https(pki.good),
      https(pki.expired),
      https(pki.selfSigned),
      https(pki.wrongHost),
      https(faults.strangerExpired),
      https(faults.incompleteChain),
      https({ ...pki.good, minVersion: 'TLSv1', maxVersion: 'TLSv1', ciphers: 'DEFAULT@SECLEVEL=0' }),
      https({ ...pki.good, maxVersion: 'TLSv1.2' }),
      dnsServer({ 'example.test': [{ type: 'A', address: '10.0.0.1' }], 'empty.test': [] }, ['broken.test']),
      silentDnsServer(),
      startSmtp(),
      startSmtp({ certs: mail }),
      startGreeter(['554 5.3.2 no service here']),
      startGreeter([]),
      startSmtp({ certs: makeCerts() }),
    ]);
    for (const s of [http, good, expired, self, wrong, stale, chain, tls10, tls12] as FakeHttpServer[])
      closers.push(() => s.close());
    for (const s of [dns, silentDns, smtpOk, smtpTls, smtp554, smtpSilent, smtpUntrusted] as Fake[])
      closers.push(() => s.close());
    // IPv6: the same page on ::1 (the fakes bind 127.0.0.1).
    const v6 = createServer((_q, r) => r.writeHead(200, { 'content-type': 'text/html' }).end(body));
    await new Promise<void>((resolve) => v6.listen(0, '::1', resolve));
    closers.push(() => new Promise<void>((resolve) => v6.close(() => resolve())));
    targets = {
      http: http.port,
      ipv6: (v6.address() as AddressInfo).port,
      good: good.port,
      expired: expired.port,
      self: self.port,
      wrong: wrong.port,
      stale: stale.port,
      chain: chain.port,
      tls10: tls10.port,
      tls12: tls12.port,
      closed: await closedPort(),
      dns: dns.port,
      silentDns: silentDns.port,
      smtpOk: smtpOk.port,
      smtpTls: smtpTls.port,
      smtp554: smtp554.port,
      smtpSilent: smtpSilent.port,
      smtpUntrusted: smtpUntrusted.port,
      unresolvable: UNRESOLVABLE_HOST,
    };
    srv = await startTestServer({
      env: { SITEWATCH_EGRESS_ALLOW: '127.0.0.0/8,::1/128', SITEWATCH_CA_CERTS: caDir },
    });
    token = await srv.login();
  });

  after(async () => {
    await srv?.close();
    await Promise.all(closers.map((c) => c()));
    rmSync(caDir, { recursive: true, force: true });
  });

  it('pins status and info_msg of every fault (TLS, HTTP, TCP, DNS, SMTP)', async () => {
    const account = await accountOf(srv);
    const cases: Case[] = CONFORMANCE.map((row) => row(targets));
    const results = await Promise.all(
      cases.map(async (c) => {
        const id = await insertMonitor(srv, account, {
          type: c.type,
          name: c.fault,
          timeout: c.timeout ?? 5,
          config: c.type.startsWith('website') ? webConfig(c.config.url as string, c.config) : c.config,
        });
        const r = await srv.request('GET', `/api/v3/tests?monitor_id=${id}`, { token });
        assert.equal(r.status, 200, r.text);
        return { c, status: r.json.status as number, info: r.json.info_msg as string };
      }),
    );
    const wrong = results.filter(
      ({ c, status, info }) =>
        status !== c.status || !(typeof c.info === 'string' ? info === c.info : c.info.test(info)),
    );
    assert.deepEqual(
      wrong.map(({ c, status, info }) => `${c.fault}: got ${status} "${info}"`),
      [],
      'verdicts that differ from the conformance table',
    );
  });
});
