import assert from 'node:assert/strict';
import { createServer, type AddressInfo } from 'node:net';
import { describe, it } from 'node:test';
import { createMailExecutor, mailExecutor } from '../../src/checks/mail/executor.ts';
import { imapLogin, imapLogout, imapOpen } from '../../src/checks/mail/imap.ts';
import type { Verdict } from '../../src/checks/types.ts';
import { testContext, testInput } from '../helpers/check-context.ts';
import { mailFakes } from '../helpers/mail-fakes.ts';
import { startImap } from '../fakes/imap.ts';
import { startPop3 } from '../fakes/pop3.ts';
import { startGreeter, startSmtp } from '../fakes/smtp.ts';

const fakes = mailFakes();
const { keep } = fakes;

/** The executor trusting the test CA (MailOptions.tls.extraCa), as a test deployment would. */
const trusting = () => createMailExecutor({ tls: { extraCa: [fakes.certs.ca] } });

async function check(
  type: string,
  port: number,
  extra: Record<string, unknown> = {},
  opts: { allow?: string[]; timeoutMs?: number; trust?: boolean; host?: string } = {},
): Promise<Verdict> {
  const ctx = testContext({ allow: opts.allow, timeoutMs: opts.timeoutMs ?? 5000 });
  const config: Record<string, unknown> = {
    hostname: opts.host ?? '127.0.0.1',
    port,
    username: '',
    ...extra,
  };
  if (typeof config.password === 'string') config.password = ctx.secrets.seal(config.password);
  const ex = opts.trust === false ? mailExecutor : trusting();
  return ex.run(testInput(type, config, { timeoutMs: opts.timeoutMs ?? 5000 }), ctx);
}

async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise((r) => s.close(r));
  return port;
}

describe('email-smtp', () => {
  it('answers 0 for a plain server that greets 220', async () => {
    const smtp = await keep(startSmtp());
    const v = await check('email-smtp', smtp.port);
    assert.equal(v.status, 0, v.info_msg);
    assert.match(v.info_msg, /^SMTP server 127\.0\.0\.1:\d+ answered 220 .*without TLS$/);
    assert.ok(v.responseMs !== null && v.responseMs >= 0);
    assert.equal(typeof v.phases.connect, 'number');
  });

  it('upgrades with STARTTLS (name checked against the certificate) and logs in', async () => {
    const smtp = await keep(startSmtp({ certs: fakes.certs, users: { bob: 'right' } }));
    const v = await check(
      'email-smtp',
      smtp.port,
      { username: 'bob', password: 'right' },
      { host: 'localhost' },
    );
    assert.equal(v.status, 0, v.info_msg);
    assert.match(v.info_msg, /upgraded to TLS, logged in as bob$/);
    assert.equal(v.detail?.tls, 'starttls');
    assert.equal(typeof v.phases.tls, 'number');
  });

  it('answers 17 with the server words for a refused login', async () => {
    const smtp = await keep(startSmtp({ certs: fakes.certs, users: { bob: 'right' } }));
    const v = await check('email-smtp', smtp.port, { username: 'bob', password: 'wrong' });
    assert.equal(v.status, 17);
    assert.match(v.info_msg, /refused the login of bob: 535 .*Authentication credentials invalid/);
  });

  it('answers 17 with the greeting for a server that greets 554', async () => {
    const g = await keep(startGreeter(['554 No service']));
    const v = await check('email-smtp', g.port);
    assert.equal(v.status, 17);
    assert.equal(v.info_msg, `SMTP greeting from 127.0.0.1:${g.port} was 554 No service`);
  });

  it('answers 12 when the certificate is not trusted', async () => {
    const smtp = await keep(startSmtp({ certs: fakes.certs }));
    const v = await check('email-smtp', smtp.port, {}, { trust: false });
    assert.equal(v.status, 12, v.info_msg);
    assert.match(v.info_msg, /TLS certificate of SMTP server 127\.0\.0\.1:\d+ is not trusted/);
  });

  it('answers 17 when the server refuses STARTTLS it advertised', async () => {
    const g = await keep(startGreeter(['220 hi', '250-hello', '250 STARTTLS', '454 TLS not available now']));
    const v = await check('email-smtp', g.port);
    assert.equal(v.status, 17);
    assert.match(v.info_msg, /refused STARTTLS: 454 TLS not available now/);
  });

  it('answers 1 when the connection is refused', async () => {
    const v = await check('email-smtp', await closedPort());
    assert.equal(v.status, 1);
    assert.match(v.info_msg, /connection refused by SMTP server 127\.0\.0\.1:\d+/);
  });

  it('answers 2 when the server never greets', async () => {
    const g = await keep(startGreeter([]));
    const v = await check('email-smtp', g.port, {}, { timeoutMs: 300 });
    assert.equal(v.status, 2);
    assert.match(v.info_msg, /did not answer within 0\.3 s/);
  });

  it('answers 20 for loopback when the egress policy does not allow it', async () => {
    const smtp = await keep(startSmtp());
    const v = await check('email-smtp', smtp.port, {}, { allow: [] });
    assert.equal(v.status, 20);
    assert.match(v.info_msg, /127\.0\.0\.1 is refused by the egress policy/);
  });

  it('connects to the pinned ipv4 when resolve_dns is false', async () => {
    const smtp = await keep(startSmtp());
    const v = await check(
      'email-smtp',
      smtp.port,
      { ipv4: '127.0.0.1', resolve_dns: false },
      { host: 'mail.invalid' },
    );
    assert.equal(v.status, 0, v.info_msg);
  });
});

describe('email-pop', () => {
  it('upgrades with STLS and logs in', async () => {
    const pop = await keep(startPop3({ certs: fakes.certs, stls: true, users: { ann: 'pw' } }));
    const v = await check('email-pop', pop.port, { username: 'ann', password: 'pw' });
    assert.equal(v.status, 0, v.info_msg);
    assert.match(
      v.info_msg,
      /^POP3 server 127\.0\.0\.1:\d+ answered \+OK fake POP3 ready, upgraded to TLS, logged in as ann$/,
    );
  });

  it('answers 0 without TLS or login for a plain server', async () => {
    const pop = await keep(startPop3());
    const v = await check('email-pop', pop.port);
    assert.equal(v.status, 0, v.info_msg);
    assert.match(v.info_msg, /without TLS$/);
  });

  it('answers 17 for a bad greeting and for a refused login', async () => {
    const busy = await keep(startPop3({ greeting: '-ERR too many connections' }));
    const v1 = await check('email-pop', busy.port);
    assert.equal(v1.status, 17);
    assert.equal(v1.info_msg, `POP3 greeting from 127.0.0.1:${busy.port} was -ERR too many connections`);
    const pop = await keep(startPop3({ users: { ann: 'pw' } }));
    const v2 = await check('email-pop', pop.port, { username: 'ann', password: 'nope' });
    assert.equal(v2.status, 17);
    assert.match(v2.info_msg, /refused the login of ann: -ERR \[AUTH\] invalid user name or password/);
  });

  it('answers 12 for an untrusted certificate after STLS', async () => {
    const pop = await keep(startPop3({ certs: fakes.certs, stls: true }));
    const v = await check('email-pop', pop.port, {}, { trust: false });
    assert.equal(v.status, 12, v.info_msg);
  });
});

describe('email-imap', () => {
  it('upgrades with STARTTLS and logs in', async () => {
    const imap = await keep(startImap({ certs: fakes.certs, starttls: true, users: { 'a "q"': 'p\\w' } }));
    const v = await check('email-imap', imap.port, { username: 'a "q"', password: 'p\\w' });
    assert.equal(v.status, 0, v.info_msg);
    assert.match(
      v.info_msg,
      /^IMAP server 127\.0\.0\.1:\d+ answered \* OK fake IMAP4rev1 ready, upgraded to TLS, logged in as a "q"$/,
    );
  });

  it('answers 17 for a BYE greeting and for a refused login', async () => {
    const bye = await keep(startImap({ greeting: '* BYE server shutting down' }));
    const v1 = await check('email-imap', bye.port);
    assert.equal(v1.status, 17);
    assert.equal(v1.info_msg, `IMAP greeting from 127.0.0.1:${bye.port} was * BYE server shutting down`);
    const imap = await keep(startImap({ users: { ann: 'pw' } }));
    const v2 = await check('email-imap', imap.port, { username: 'ann', password: 'x' });
    assert.equal(v2.status, 17);
    assert.match(v2.info_msg, /refused the login of ann: NO \[AUTHENTICATIONFAILED\] Invalid credentials/);
  });

  it('speaks implicit TLS (IMAPS) when the endpoint says so', async () => {
    const imap = await keep(startImap({ certs: fakes.certs, implicitTls: true, users: { ann: 'pw' } }));
    const ctx = testContext();
    const c = await imapOpen(
      ctx,
      { host: 'localhost', address: '127.0.0.1', port: imap.port, implicitTls: true },
      {
        extraCa: [fakes.certs.ca],
      },
    );
    assert.equal(c.tls, 'implicit');
    assert.ok(c.session.secure);
    await imapLogin(c, 'ann', 'pw');
    await imapLogout(c);
  });
});
