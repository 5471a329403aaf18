import type { CheckContext } from '../types.ts';
import {
  MailProtocolError,
  openSession,
  type Endpoint,
  type LineSession,
  type MailTls,
} from '../line-session.ts';

/** A POP3 conversation after the greeting (STLS done when offered). */
export interface Pop3Client {
  /** The underlying line session (target, phases, secure). */
  session: LineSession;
  /** The greeting line as the server sent it. */
  greeting: string;
  /** How the conversation was encrypted. */
  tls: 'implicit' | 'starttls' | 'none';
}

/** Sends a command and reads its status line; `-ERR` is a MailProtocolError with the server's words. */
export async function pop3Command(s: LineSession, line: string, what: string): Promise<string> {
  s.send(line);
  const reply = await s.line();
  if (!reply.startsWith('+OK'))
    throw new MailProtocolError(`POP3 server ${s.target} refused ${what}: ${reply}`);
  return reply;
}

/** Reads a multi-line answer up to the lone "." and undoes dot-stuffing (RFC 1939 §3). */
export async function readMultiline(s: LineSession): Promise<string[]> {
  const out: string[] = [];
  for (;;) {
    const l = await s.line();
    if (l === '.') return out;
    out.push(l.startsWith('..') ? l.slice(1) : l);
  }
}

/**
 * Connects, judges the greeting (+OK) and upgrades with STLS when CAPA lists it (opportunistic,
 * like SMTP). A server without CAPA (RFC 1939 only) is checked in the clear.
 */
export async function pop3Open(ctx: CheckContext, ep: Endpoint, tls: MailTls): Promise<Pop3Client> {
  const session = await openSession(ctx, ep, tls);
  try {
    const greeting = await session.line();
    if (!greeting.startsWith('+OK'))
      throw new MailProtocolError(`POP3 greeting from ${session.target} was ${greeting || '(empty)'}`);
    let mode: Pop3Client['tls'] = ep.implicitTls ? 'implicit' : 'none';
    if (!ep.implicitTls) {
      session.send('CAPA');
      const capa = (await session.line()).startsWith('+OK') ? await readMultiline(session) : [];
      if (capa.some((c) => c.toUpperCase() === 'STLS')) {
        await pop3Command(session, 'STLS', 'STLS');
        await session.startTls();
        mode = 'starttls';
      }
    }
    return { session, greeting, tls: mode };
  } catch (err) {
    session.close();
    throw err;
  }
}

/** USER/PASS login. */
export async function pop3Login(c: Pop3Client, user: string, pass: string): Promise<void> {
  await pop3Command(c.session, `USER ${user}`, `the user ${user}`);
  await pop3Command(c.session, `PASS ${pass}`, `the login of ${user}`);
}

/** Number of messages in the maildrop (STAT). */
export async function pop3Count(c: Pop3Client): Promise<number> {
  const reply = await pop3Command(c.session, 'STAT', 'STAT');
  const n = Number(/^\+OK\s+(\d+)/.exec(reply)?.[1]);
  if (!Number.isInteger(n))
    throw new MailProtocolError(`POP3 server ${c.session.target} answered STAT with ${reply}`);
  return n;
}

/** The header lines of message `n` (TOP n 0). */
export async function pop3Headers(c: Pop3Client, n: number): Promise<string[]> {
  await pop3Command(c.session, `TOP ${n} 0`, `TOP ${n}`);
  return readMultiline(c.session);
}

/** The whole message `n` (RETR), lines without CRLF. */
export async function pop3Retrieve(c: Pop3Client, n: number): Promise<string[]> {
  await pop3Command(c.session, `RETR ${n}`, `RETR ${n}`);
  return readMultiline(c.session);
}

/** Marks message `n` deleted; the deletion happens at QUIT (RFC 1939 UPDATE state). */
export async function pop3Delete(c: Pop3Client, n: number): Promise<void> {
  await pop3Command(c.session, `DELE ${n}`, `deleting message ${n}`);
}

/** QUIT, which commits deletions; `strict` reports a refused QUIT (deletions then did not happen). */
export async function pop3Quit(c: Pop3Client, strict = false): Promise<void> {
  try {
    await pop3Command(c.session, 'QUIT', 'QUIT');
  } catch (err) {
    if (strict) throw err;
  } finally {
    c.session.close();
  }
}
