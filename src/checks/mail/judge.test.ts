import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { EgressRefusedError } from '../egress.ts';
import {
  mailFailure,
  mailSuccess,
  parseSmtpLine,
  probeMessage,
  roundTripVerdict,
  serverEndpoint,
  urlEndpoint,
} from './judge.ts';
import { MailProtocolError } from '../line-session.ts';

describe('mail judge', () => {
  it('parses SMTP reply lines', () => {
    assert.deepEqual(parseSmtpLine('250-SIZE 100'), { code: 250, last: false, text: 'SIZE 100' });
    assert.deepEqual(parseSmtpLine('220 mx ESMTP'), { code: 220, last: true, text: 'mx ESMTP' });
    assert.deepEqual(parseSmtpLine('250'), { code: 250, last: true, text: '' });
    assert.equal(parseSmtpLine('hello'), null);
    assert.equal(parseSmtpLine('199 too low'), null);
  });

  it('reads server endpoints: default ports, implicit TLS ports, pinned ipv4', () => {
    assert.deepEqual(serverEndpoint('SMTP', { hostname: 'mx' }), {
      host: 'mx',
      port: 25,
      implicitTls: false,
    });
    assert.equal(serverEndpoint('SMTP', { hostname: 'mx', port: 465 }).implicitTls, true);
    assert.equal(serverEndpoint('POP3', { hostname: 'mx', port: 995 }).implicitTls, true);
    assert.equal(serverEndpoint('IMAP', { hostname: 'mx', port: 993 }).implicitTls, true);
    assert.equal(serverEndpoint('IMAP', { hostname: 'mx', port: 465 }).implicitTls, false);
    assert.equal(
      serverEndpoint('POP3', { hostname: 'mx', ipv4: '10.0.0.1', resolve_dns: false }).address,
      '10.0.0.1',
    );
    assert.equal(
      serverEndpoint('POP3', { hostname: 'mx', ipv4: '10.0.0.1', resolve_dns: true }).address,
      undefined,
    );
  });

  it('reads round-trip URLs', () => {
    assert.deepEqual(urlEndpoint('SMTP', 'smtps://mail.example.com'), {
      host: 'mail.example.com',
      port: 465,
      implicitTls: true,
    });
    assert.deepEqual(urlEndpoint('SMTP', 'mail.example.com:587'), {
      host: 'mail.example.com',
      port: 587,
      implicitTls: false,
    });
    assert.deepEqual(urlEndpoint('POP3', 'pop3://[::1]:1100'), {
      host: '::1',
      port: 1100,
      implicitTls: false,
    });
    assert.deepEqual(urlEndpoint('POP3', 'pop3s://h:2000'), { host: 'h', port: 2000, implicitTls: true });
    assert.equal(urlEndpoint('POP3', 'h:995').implicitTls, true);
  });

  it('describes success', () => {
    const v = mailSuccess({
      protocol: 'IMAP',
      target: 'h:143',
      greeting: '* OK ready',
      tls: 'none',
      login: null,
      elapsedMs: 12,
      phases: { connect: 1 },
    });
    assert.equal(v.status, 0);
    assert.equal(v.info_msg, 'IMAP server h:143 answered * OK ready, without TLS');
    assert.equal(v.responseMs, 12);
  });

  it('maps failures to statuses with readable messages', () => {
    const f = (err: unknown) => mailFailure('SMTP', 'h:25', 'while logging in', err, 10_000, 5);
    assert.equal(f(new MailProtocolError('SMTP greeting from h:25 was 554 No'))?.status, 17);
    const timeout = f(new DOMException('t', 'TimeoutError'));
    assert.equal(timeout?.status, 2);
    assert.equal(timeout?.info_msg, 'SMTP server h:25 did not answer within 10 s (while logging in)');
    assert.equal(f(Object.assign(new Error('x'), { code: 'ECONNREFUSED' }))?.status, 1);
    assert.equal(f(Object.assign(new Error('x'), { code: 'ECONNRESET' }))?.status, 17);
    assert.equal(f(Object.assign(new Error('x'), { code: 'ERR_SSL_WRONG_VERSION_NUMBER' }))?.status, 17);
    assert.equal(f(Object.assign(new Error('x'), { code: 'DEPTH_ZERO_SELF_SIGNED_CERT' }))?.status, 12);
    assert.equal(f(Object.assign(new Error('x'), { code: 'CERT_HAS_EXPIRED' }))?.status, 13);
    assert.equal(f(new EgressRefusedError('127.0.0.1'))?.status, 20);
    assert.equal(f(new TypeError('bug')), null);
  });

  it('builds the probe and judges the round trip', () => {
    const m = probeMessage('tok123', 'a@b.c', 'a@b.c', Date.UTC(2026, 0, 2, 3, 4, 5));
    assert.match(m, /\r\nSubject: sitewatch round-trip tok123\r\n/);
    assert.match(m, /\r\nDate: Fri, 02 Jan 2026 03:04:05 \+0000\r\n/);
    assert.ok(!/\n(?!\r)/.test(m.replace(/\r\n/g, '')), 'CRLF line ends only');
    const trip = { smtp: 's:25', mailbox: 'a@b.c at p:110', elapsedMs: 2345, sendMs: 40, polls: 3 };
    const ok = roundTripVerdict(trip, true);
    assert.equal(ok.status, 0);
    assert.equal(ok.responseMs, 2345);
    assert.equal(ok.info_msg, 'message sent through s:25 arrived in the mailbox a@b.c at p:110 after 2.3 s');
    const kept = roundTripVerdict({ ...trip, deleteError: '-ERR locked' }, true);
    assert.match(kept.info_msg, /\(could not delete it: -ERR locked\)$/);
    assert.equal(kept.detail?.deleted, false);
    const lost = roundTripVerdict(trip, false);
    assert.equal(lost.status, 18);
    assert.equal(
      lost.info_msg,
      'message sent through s:25 not found in the mailbox a@b.c at p:110 after 2.3 s',
    );
  });
});
