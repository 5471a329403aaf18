import type { CheckContext } from '../types.ts';
import {
  MailProtocolError,
  openSession,
  type Endpoint,
  type LineSession,
  type MailTls,
} from '../line-session.ts';

// A raw IMAP4rev1 conversation (RFC 3501): greeting, CAPABILITY, STARTTLS, LOGIN, LOGOUT. That is
// all a server monitor needs ("it answers and logs in"); imapflow would also SELECT and IDLE, and
// would need a much larger fake server to test.

/** An IMAP conversation after the greeting (STARTTLS done when offered). */
export interface ImapClient {
  /** The underlying line session (target, phases, secure). */
  session: LineSession;
  /** The greeting line as the server sent it. */
  greeting: string;
  /** Capabilities, upper-case, after TLS. */
  capabilities: string[];
  /** How the conversation was encrypted. */
  tls: 'implicit' | 'starttls' | 'none';
  /** Next tag number. */
  seq: number;
}

/** Sends a tagged command and reads up to its completion; NO/BAD is a MailProtocolError. */
export async function imapCommand(c: ImapClient, cmd: string, what: string): Promise<string[]> {
  const tag = `sw${++c.seq}`;
  c.session.send(`${tag} ${cmd}`);
  const untagged: string[] = [];
  for (;;) {
    const l = await c.session.line();
    if (!l.startsWith(`${tag} `)) {
      untagged.push(l);
      continue;
    }
    const rest = l.slice(tag.length + 1);
    if (/^OK\b/i.test(rest)) return untagged;
    throw new MailProtocolError(`IMAP server ${c.session.target} refused ${what}: ${rest}`);
  }
}

/** IMAP quoted string (RFC 3501 §4.3): backslash and quote escaped. */
export function imapQuote(v: string): string {
  return `"${v.replace(/[\\"]/g, (m) => `\\${m}`)}"`;
}

const caps = (lines: string[]) =>
  lines
    .filter((l) => /^\* CAPABILITY /i.test(l))
    .flatMap((l) => l.slice('* CAPABILITY '.length).trim().toUpperCase().split(/\s+/));

/** Connects, judges the greeting (* OK or * PREAUTH) and upgrades with STARTTLS when offered. */
export async function imapOpen(ctx: CheckContext, ep: Endpoint, tls: MailTls): Promise<ImapClient> {
  const session = await openSession(ctx, ep, tls);
  try {
    const greeting = await session.line();
    if (!/^\* (OK|PREAUTH)\b/i.test(greeting))
      throw new MailProtocolError(`IMAP greeting from ${session.target} was ${greeting || '(empty)'}`);
    const c: ImapClient = {
      session,
      greeting,
      capabilities: [],
      tls: ep.implicitTls ? 'implicit' : 'none',
      seq: 0,
    };
    c.capabilities = caps(await imapCommand(c, 'CAPABILITY', 'CAPABILITY'));
    if (!ep.implicitTls && c.capabilities.includes('STARTTLS')) {
      await imapCommand(c, 'STARTTLS', 'STARTTLS');
      await session.startTls();
      c.tls = 'starttls';
      // RFC 3501 §6.2.1: capabilities learnt before TLS must be discarded.
      c.capabilities = caps(await imapCommand(c, 'CAPABILITY', 'CAPABILITY after STARTTLS'));
    }
    return c;
  } catch (err) {
    session.close();
    throw err;
  }
}

/** LOGIN with quoted user and password. */
export async function imapLogin(c: ImapClient, user: string, pass: string): Promise<void> {
  if (/[\r\n]/.test(user + pass))
    throw new MailProtocolError('IMAP user name or password contains a line break');
  await imapCommand(c, `LOGIN ${imapQuote(user)} ${imapQuote(pass)}`, `the login of ${user}`);
}

/** LOGOUT and close; a server that hangs up first is fine. */
export async function imapLogout(c: ImapClient): Promise<void> {
  try {
    await imapCommand(c, 'LOGOUT', 'LOGOUT');
  } catch {
    // the conversation is over either way
  } finally {
    c.session.close();
  }
}
