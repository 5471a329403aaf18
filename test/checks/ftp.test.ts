import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { after, before, describe, it } from 'node:test';
import { createFtpExecutor, ftpExecutor } from '../../src/checks/ftp.ts';
import type { CheckContext } from '../../src/checks/types.ts';
import { testContext, testInput } from '../helpers/check-context.ts';
import { ftpServer, type FakeFtp } from '../fakes/ftp.ts';
import { closedPort, lineServer } from '../fakes/tcp.ts';
import { makeCerts, type TestCerts } from '../fakes/tcp-tls.ts';

function ftp(
  ctx: CheckContext,
  port: number,
  over: { username?: string; password?: string; upload?: boolean; type?: string; hostname?: string } = {},
) {
  return testInput(over.type ?? 'ftp', {
    hostname: over.hostname ?? '127.0.0.1',
    ipv4: '',
    resolve_dns: true,
    port,
    enable_ftp_upload: over.upload ?? false,
    username: over.username ?? 'anonymous',
    password: over.password === undefined ? '' : ctx.secrets.seal(over.password),
  });
}

describe('ftp executor against ftp-srv on loopback', () => {
  let server: FakeFtp;
  before(async () => {
    server = await ftpServer({ user: 'alice', password: 's3cret', anonymous: true });
  });
  after(() => server.close());

  it('logs in with the sealed password and lists: 0', async () => {
    const ctx = testContext();
    const v = await ftpExecutor.run(ftp(ctx, server.port, { username: 'alice', password: 's3cret' }), ctx);
    assert.equal(v.status, 0, v.info_msg);
    assert.match(
      v.info_msg,
      new RegExp(`^logged in and listed at 127\\.0\\.0\\.1:${server.port} \\(1 entry\\) in \\d+ ms$`),
    );
    assert.deepEqual(v.detail, { entries: 1, uploaded: false });
  });

  it('logs in anonymously when no user is configured: 0', async () => {
    const ctx = testContext();
    const v = await ftpExecutor.run(ftp(ctx, server.port, { username: '' }), ctx);
    assert.equal(v.status, 0, v.info_msg);
  });

  it('a wrong password: 16 with the server reply', async () => {
    const ctx = testContext();
    const v = await ftpExecutor.run(ftp(ctx, server.port, { username: 'alice', password: 'nope' }), ctx);
    assert.equal(v.status, 16);
    assert.equal(v.info_msg, `login failed at 127.0.0.1:${server.port}: 530 Login incorrect.`);
  });

  it('uploads a file and deletes it again when enable_ftp_upload: 0', async () => {
    const ctx = testContext();
    const v = await ftpExecutor.run(
      ftp(ctx, server.port, { username: 'alice', password: 's3cret', upload: true }),
      ctx,
    );
    assert.equal(v.status, 0, v.info_msg);
    assert.match(v.info_msg, /^logged in, listed and uploaded at /);
    assert.equal(server.stored.length, 1);
    assert.deepEqual(readdirSync(server.root), ['readme.txt']);
  });

  it('an upload the server refuses: 16', async () => {
    const denying = await ftpServer({ anonymous: true, refuse: ['STOR'] });
    try {
      const ctx = testContext();
      const v = await ftpExecutor.run(ftp(ctx, denying.port, { upload: true }), ctx);
      assert.equal(v.status, 16, v.info_msg);
      assert.match(
        v.info_msg,
        new RegExp(`^uploading a test file failed at 127\\.0\\.0\\.1:${denying.port}: 502 `),
      );
    } finally {
      await denying.close();
    }
  });

  it('a greeting that turns us away: 16', async () => {
    const busy = await lineServer('421 Too many users, try later\r\n');
    try {
      const ctx = testContext();
      const v = await ftpExecutor.run(ftp(ctx, busy.port), ctx);
      assert.equal(v.status, 16, v.info_msg);
      assert.equal(v.info_msg, `connecting failed at 127.0.0.1:${busy.port}: 421 Too many users, try later`);
    } finally {
      await busy.close();
    }
  });

  it('refused: 1', async () => {
    const port = await closedPort();
    const ctx = testContext();
    const v = await ftpExecutor.run(ftp(ctx, port), ctx);
    assert.equal(v.status, 1);
    assert.equal(v.info_msg, `connection refused by 127.0.0.1:${port}`);
  });

  it('a server that never greets: 2 at the deadline', async () => {
    const silent = await lineServer(null);
    try {
      const ctx = testContext({ timeoutMs: 400 });
      const v = await ftpExecutor.run({ ...ftp(ctx, silent.port), timeoutMs: 400 }, ctx);
      assert.equal(v.status, 2, v.info_msg);
      assert.equal(v.info_msg, `127.0.0.1:${silent.port} did not answer in time (connecting)`);
    } finally {
      await silent.close();
    }
  });

  it('loopback refused by the egress policy: 20', async () => {
    const ctx = testContext({ allow: [] });
    const v = await ftpExecutor.run(ftp(ctx, server.port), ctx);
    assert.equal(v.status, 20);
    assert.equal(
      v.info_msg,
      'destination 127.0.0.1 is refused by the egress policy (loopback or an address of this host; SITEWATCH_EGRESS_ALLOW can allow it)',
    );
  });
});

describe('ftp-ssl executor against ftp-srv with TLS', () => {
  let certs: TestCerts;
  let explicit: FakeFtp;
  let implicit: FakeFtp;
  before(async () => {
    certs = makeCerts();
    explicit = await ftpServer({ user: 'alice', password: 's3cret', tls: { certs, mode: 'explicit' } });
    implicit = await ftpServer({ user: 'alice', password: 's3cret', tls: { certs, mode: 'implicit' } });
  });
  after(async () => {
    await explicit.close();
    await implicit.close();
  });

  it('explicit FTPS (AUTH TLS) with a trusted CA, uploading over a TLS data connection: 0', async () => {
    const trusting = createFtpExecutor({ ca: [certs.ca] });
    const ctx = testContext();
    const input = ftp(ctx, explicit.port, {
      type: 'ftp-ssl',
      username: 'alice',
      password: 's3cret',
      upload: true,
      hostname: 'localhost',
    });
    const v = await trusting.run(input, ctx);
    assert.equal(v.status, 0, v.info_msg);
    assert.equal(explicit.stored.length, 1);
  });

  it('implicit FTPS on an implicit port: 0', async () => {
    const trusting = createFtpExecutor({ ca: [certs.ca], implicitTlsPorts: [implicit.port] });
    const ctx = testContext();
    const v = await trusting.run(
      ftp(ctx, implicit.port, { type: 'ftp-ssl', username: 'alice', password: 's3cret' }),
      ctx,
    );
    assert.equal(v.status, 0, v.info_msg);
  });

  it('a trusted certificate for another name: 12', async () => {
    const nameOnly = makeCerts('DNS:localhost');
    const other = await ftpServer({ anonymous: true, tls: { certs: nameOnly, mode: 'explicit' } });
    try {
      const ctx = testContext();
      const trusting = createFtpExecutor({ ca: [nameOnly.ca] });
      const v = await trusting.run(ftp(ctx, other.port, { type: 'ftp-ssl' }), ctx);
      assert.equal(v.status, 12, v.info_msg);
      assert.match(v.info_msg, /ERR_TLS_CERT_ALTNAME_INVALID/);
      const byName = await trusting.run(
        ftp(ctx, other.port, { type: 'ftp-ssl', hostname: 'localhost' }),
        ctx,
      );
      assert.equal(byName.status, 0, byName.info_msg);
    } finally {
      await other.close();
    }
  });

  it('a certificate the agent does not trust: 12', async () => {
    const ctx = testContext();
    const v = await ftpExecutor.run(
      ftp(ctx, explicit.port, { type: 'ftp-ssl', username: 'alice', password: 's3cret' }),
      ctx,
    );
    assert.equal(v.status, 12, v.info_msg);
    assert.match(
      v.info_msg,
      /^the TLS certificate of 127\.0\.0\.1:\d+ is not trusted \(UNABLE_TO_VERIFY_LEAF_SIGNATURE\)$/,
    );
  });
});
