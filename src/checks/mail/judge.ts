import { classifyError, failed, FAILURE_STATUS, type FailureCode } from '../failures.ts';
import type { Phases, Verdict } from '../types.ts';
import type { Endpoint } from '../line-session.ts';

// Pure parts of the mail checks: reading config, parsing SMTP lines, turning what happened into a
// Verdict. The I/O lives in session.ts / smtp.ts / pop3.ts / imap.ts.

export type MailProtocol = 'SMTP' | 'POP3' | 'IMAP';

/** Ports where TLS starts with the first byte (RFC 8314): everything else may upgrade in-band. */
const IMPLICIT_TLS_PORTS: Record<MailProtocol, number> = { SMTP: 465, POP3: 995, IMAP: 993 };
const DEFAULT_PORTS: Record<MailProtocol, number> = { SMTP: 25, POP3: 110, IMAP: 143 };

/** One SMTP reply line: `250-text` (more follow) or `250 text` (last). */
export function parseSmtpLine(raw: string): { code: number; last: boolean; text: string } | null {
  const m = /^([2-5]\d\d)([ -]|$)(.*)$/.exec(raw);
  if (!m) return null;
  return { code: Number(m[1]), last: m[2] !== '-', text: m[3]! };
}

/**
 * Where an `email-smtp|pop|imap` monitor connects: `hostname` and `port`, or the `ipv4` address
 * when `resolve_dns` is false (the name stays the TLS servername). Implicit TLS on 465/995/993.
 */
export function serverEndpoint(protocol: MailProtocol, config: Record<string, unknown>): Endpoint {
  const host = String(config.hostname ?? '');
  const port = typeof config.port === 'number' ? config.port : DEFAULT_PORTS[protocol];
  const ipv4 = typeof config.ipv4 === 'string' ? config.ipv4 : '';
  const pinned = config.resolve_dns === false && ipv4 !== '';
  return {
    host,
    port,
    implicitTls: port === IMPLICIT_TLS_PORTS[protocol],
    ...(pinned ? { address: ipv4 } : {}),
  };
}

/**
 * A round-trip server URL: `smtp[s]://host[:port]`, `pop3[s]://host[:port]` or a bare `host[:port]`
 * (plain scheme). The `s` scheme, or the implicit-TLS port with the plain scheme, means implicit TLS.
 */
export function urlEndpoint(protocol: 'SMTP' | 'POP3', value: string): Endpoint {
  const plain = protocol === 'SMTP' ? 'smtp:' : 'pop3:';
  const url = new URL(value.includes('://') ? value : `${plain}//${value}`);
  const secure = url.protocol !== plain;
  const port = url.port ? Number(url.port) : secure ? IMPLICIT_TLS_PORTS[protocol] : DEFAULT_PORTS[protocol];
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { host, port, implicitTls: secure || port === IMPLICIT_TLS_PORTS[protocol] };
}

/** What a successful mail-server conversation saw. */
export interface MailObservation {
  protocol: MailProtocol;
  target: string;
  greeting: string;
  tls: 'implicit' | 'starttls' | 'none';
  /** The user logged in as, when credentials were configured. */
  login: string | null;
  elapsedMs: number;
  phases: Phases;
}

const TLS_WORDS = { implicit: 'over TLS', starttls: 'upgraded to TLS', none: 'without TLS' } as const;

/** Status 0 with what was seen: "SMTP server mx:25 answered 220 mx ESMTP, upgraded to TLS, logged in as bob". */
export function mailSuccess(o: MailObservation): Verdict {
  const login = o.login === null ? '' : `, logged in as ${o.login}`;
  return {
    status: 0,
    info_msg: `${o.protocol} server ${o.target} answered ${o.greeting.slice(0, 200)}, ${TLS_WORDS[o.tls]}${login}`,
    responseMs: o.elapsedMs,
    phases: o.phases,
    steps: [],
    detail: { greeting: o.greeting.slice(0, 500), tls: o.tls, login: o.login !== null },
  };
}

/**
 * The Verdict for an error thrown while talking to a mail server, or null when it is not the
 * target's fault (the caller rethrows: internal error 21). TLS handshake failures and resets are
 * the mail server's failure (17); an untrusted certificate keeps 12, an expired one 13.
 */
export function mailFailure(
  protocol: MailProtocol,
  target: string,
  stage: string,
  err: unknown,
  timeoutMs: number,
  elapsedMs: number | null = null,
): Verdict | null {
  if ((err as { code?: string })?.code === 'MAIL_FAILED')
    return failed('MAIL_FAILED', (err as Error).message, elapsedMs);
  const { code, message } = classifyError(err, `${protocol} server ${target}`);
  const as = (c: FailureCode, m: string) => failed(c, m, elapsedMs);
  switch (code) {
    case 'TIMEOUT':
      return as(code, `${protocol} server ${target} did not answer within ${timeoutMs / 1000} s (${stage})`);
    case 'TLS_HANDSHAKE':
      return as('MAIL_FAILED', `${message} (${stage})`);
    case 'CONNECTION_RESET':
      return as('MAIL_FAILED', `${protocol} server ${target} closed or reset the connection (${stage})`);
    case 'INTERNAL':
      return null;
    default:
      return FAILURE_STATUS[code] === undefined ? null : as(code, message);
  }
}

/** The round-trip probe: a plain-text message whose subject and Message-ID carry `token`. */
export function probeMessage(token: string, from: string, to: string, nowMs: number): string {
  return [
    `From: sitewatch <${from}>`,
    `To: <${to}>`,
    `Subject: sitewatch round-trip ${token}`,
    `Date: ${new Date(nowMs).toUTCString().replace('GMT', '+0000')}`,
    `Message-ID: <${token}@sitewatch.round-trip>`,
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=us-ascii',
    '',
    'This message was sent by a sitewatch round-trip email monitor. It is deleted when found.',
  ].join('\r\n');
}

/** How a round trip ended, for the Verdict. */
export interface RoundTrip {
  smtp: string;
  mailbox: string;
  /** ms from the start of sending to the POP3 listing that found the message. */
  elapsedMs: number;
  /** Time the SMTP conversation took, ms. */
  sendMs: number;
  polls: number;
  /** Why the message could not be deleted, when it could not. */
  deleteError?: string;
}

/** 0 with the round-trip time, or 18 when the message did not arrive before the deadline. */
export function roundTripVerdict(r: RoundTrip, found: boolean): Verdict {
  const secs = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
  const detail = { send_ms: r.sendMs, polls: r.polls, deleted: found && !r.deleteError };
  if (!found)
    return {
      ...failed(
        'ROUND_TRIP_TIMEOUT',
        `message sent through ${r.smtp} not found in the mailbox ${r.mailbox} after ${secs(r.elapsedMs)}`,
        r.elapsedMs,
      ),
      detail,
    };
  const kept = r.deleteError ? ` (could not delete it: ${r.deleteError})` : '';
  return {
    status: 0,
    info_msg: `message sent through ${r.smtp} arrived in the mailbox ${r.mailbox} after ${secs(r.elapsedMs)}${kept}`,
    responseMs: r.elapsedMs,
    phases: {},
    steps: [],
    detail,
  };
}
