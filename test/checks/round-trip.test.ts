import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { simpleParser } from 'mailparser';
import { createRoundTripExecutor, roundTripExecutor } from '../../src/checks/mail/round-trip.ts';
import type { Verdict } from '../../src/checks/types.ts';
import { testContext, testInput } from '../helpers/check-context.ts';
import { mailFakes } from '../helpers/mail-fakes.ts';
import { Mailbox, startPop3 } from '../fakes/pop3.ts';
import { startGreeter, startSmtp, type SmtpOptions } from '../fakes/smtp.ts';

const USER = 'probe@example.com';
const fakes = mailFakes();
const { keep } = fakes;

/** An SMTP server delivering into a mailbox a POP3 server reads, as a real mail system would. */
async function mailSystem(smtp: Omit<SmtpOptions, 'mailbox'> = {}, pop: { implicitTls?: boolean } = {}) {
  const mailbox = new Mailbox();
  const s = await keep(startSmtp({ ...smtp, mailbox }));
  const p = await keep(startPop3({ mailbox, users: { [USER]: 'secret' }, certs: fakes.certs, ...pop }));
  return { mailbox, smtp: s, pop: p };
}

async function trip(
  smtpUrl: string,
  popUrl: string,
  opts: { timeoutMs?: number; password?: string; allow?: string[] } = {},
): Promise<Verdict> {
  const timeoutMs = opts.timeoutMs ?? 5000;
  const ctx = testContext({ timeoutMs, allow: opts.allow });
  const config = {
    smtp_hostname: smtpUrl,
    pop3_hostname: popUrl,
    email: USER,
    username: USER,
    password: ctx.secrets.seal(opts.password ?? 'secret'),
  };
  const ex = createRoundTripExecutor({ tls: { extraCa: [fakes.certs.ca] } });
  return ex.run(testInput('email-round-trip', config, { timeoutMs }), ctx);
}

describe('email-round-trip', () => {
  it('answers 0 with the delivery time and deletes the message (SMTP AUTH when offered)', async () => {
    const { mailbox, smtp, pop } = await mailSystem({ deliveryDelayMs: 600, users: { [USER]: 'secret' } });
    mailbox.add('Subject: someone else\r\n\r\nhello');
    const v = await trip(`smtp://127.0.0.1:${smtp.port}`, `pop3://127.0.0.1:${pop.port}`);
    assert.equal(v.status, 0, v.info_msg);
    assert.match(
      v.info_msg,
      /^message sent through 127\.0\.0\.1:\d+ arrived in the mailbox probe@example\.com at 127\.0\.0\.1:\d+ after \d+\.\d s$/,
    );
    assert.ok(v.responseMs! >= 600, `responseMs ${v.responseMs}`);
    assert.ok((v.detail?.polls as number) >= 2);
    assert.equal(v.detail?.deleted, true);
    assert.equal(smtp.delivered, 1);
    assert.deepEqual(
      mailbox.messages.map((m) => m.raw),
      ['Subject: someone else\r\n\r\nhello'],
    );
  });

  it('sends a well-formed message tagged with a token in the subject', async () => {
    const { mailbox, smtp } = await mailSystem({ neverDeliver: false });
    const pop = await keep(startPop3({ mailbox, users: {} })); // login refused: the message stays
    const v = await trip(`127.0.0.1:${smtp.port}`, `127.0.0.1:${pop.port}`);
    assert.equal(v.status, 17);
    assert.match(v.info_msg, /^POP3 server 127\.0\.0\.1:\d+ refused the login of probe@example\.com: -ERR/);
    const mail = await simpleParser(mailbox.messages[0]!.raw);
    assert.match(mail.subject ?? '', /^sitewatch round-trip [\w-]{16}$/);
    assert.equal(mail.to && 'text' in mail.to ? mail.to.text : '', USER);
  });

  it('speaks implicit TLS for smtps:// and pop3s://', async () => {
    const { smtp, pop } = await mailSystem({ certs: fakes.certs, implicitTls: true }, { implicitTls: true });
    const v = await trip(`smtps://localhost:${smtp.port}`, `pop3s://localhost:${pop.port}`);
    assert.equal(v.status, 0, v.info_msg);
  });

  it('answers 18 when delivery is slower than the timeout', async () => {
    const { mailbox, smtp, pop } = await mailSystem({ deliveryDelayMs: 3000 });
    const v = await trip(`smtp://127.0.0.1:${smtp.port}`, `pop3://127.0.0.1:${pop.port}`, {
      timeoutMs: 1500,
    });
    assert.equal(v.status, 18, v.info_msg);
    assert.match(
      v.info_msg,
      /not found in the mailbox probe@example\.com at 127\.0\.0\.1:\d+ after 1\.\d s$/,
    );
    assert.equal(mailbox.messages.length, 0);
  });

  it('answers 18 when the message is never delivered', async () => {
    const { smtp, pop } = await mailSystem({ neverDeliver: true });
    const v = await trip(`smtp://127.0.0.1:${smtp.port}`, `pop3://127.0.0.1:${pop.port}`, {
      timeoutMs: 1200,
    });
    assert.equal(v.status, 18, v.info_msg);
    assert.ok((v.detail?.polls as number) >= 2);
  });

  it('answers 17 when SMTP refuses the recipient', async () => {
    const { smtp, pop } = await mailSystem({ rejectRecipients: [USER] });
    const v = await trip(`smtp://127.0.0.1:${smtp.port}`, `pop3://127.0.0.1:${pop.port}`);
    assert.equal(v.status, 17);
    assert.match(v.info_msg, /refused the recipient probe@example\.com: 550 No such user here/);
  });

  it('answers 17 for a bad SMTP greeting and 2 for a silent SMTP server', async () => {
    const pop = await keep(startPop3());
    const bad = await keep(startGreeter(['421 too busy']));
    const v1 = await trip(`smtp://127.0.0.1:${bad.port}`, `pop3://127.0.0.1:${pop.port}`);
    assert.equal(v1.status, 17);
    assert.equal(v1.info_msg, `SMTP greeting from 127.0.0.1:${bad.port} was 421 too busy`);
    const silent = await keep(startGreeter([]));
    const v2 = await trip(`smtp://127.0.0.1:${silent.port}`, `pop3://127.0.0.1:${pop.port}`, {
      timeoutMs: 300,
    });
    assert.equal(v2.status, 2);
    assert.match(v2.info_msg, /SMTP server 127\.0\.0\.1:\d+ did not answer within 0\.3 s/);
  });

  it('answers 20 when the egress policy refuses the SMTP server', async () => {
    const { smtp, pop } = await mailSystem();
    const v = await trip(`smtp://127.0.0.1:${smtp.port}`, `pop3://127.0.0.1:${pop.port}`, { allow: [] });
    assert.equal(v.status, 20);
    assert.equal(smtp.delivered, 0);
  });

  it('answers 12 when the certificate is not trusted', async () => {
    const { smtp, pop } = await mailSystem({ certs: fakes.certs, implicitTls: true });
    const ctx = testContext();
    const config = {
      smtp_hostname: `smtps://127.0.0.1:${smtp.port}`,
      pop3_hostname: `127.0.0.1:${pop.port}`,
      email: USER,
    };
    const v = await roundTripExecutor.run(testInput('email-round-trip', config), ctx);
    assert.equal(v.status, 12, v.info_msg);
  });
});
