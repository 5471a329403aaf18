import type { CheckContext } from '../types.ts';
import { parseSmtpLine } from './judge.ts';
import {
  MailProtocolError,
  openSession,
  type Endpoint,
  type LineSession,
  type MailTls,
} from '../line-session.ts';

/** One SMTP reply: the code and the text of every line. */
export interface SmtpReply {
  /** Three-digit reply code. */
  code: number;
  /** Text after the code, one entry per line. */
  lines: string[];
}

/** An SMTP conversation after the greeting and EHLO (STARTTLS done when offered). */
export interface SmtpClient {
  /** The underlying line session (target, phases, secure). */
  session: LineSession;
  /** The greeting line as the server sent it. */
  greeting: string;
  /** EHLO keywords, upper-case (`STARTTLS`, `AUTH PLAIN LOGIN`, `SIZE 1000`). */
  extensions: string[];
  /** How the conversation was encrypted. */
  tls: 'implicit' | 'starttls' | 'none';
}

/** Reads one (possibly multi-line) reply. */
export async function readReply(s: LineSession): Promise<SmtpReply> {
  const lines: string[] = [];
  for (;;) {
    const raw = await s.line();
    const parsed = parseSmtpLine(raw);
    if (!parsed)
      throw new MailProtocolError(`SMTP server ${s.target} sent a malformed reply: ${raw.slice(0, 200)}`);
    lines.push(parsed.text);
    if (parsed.last) return { code: parsed.code, lines };
  }
}

const say = (r: SmtpReply) => `${r.code} ${r.lines.join(' ')}`.trim();

/** Sends a command and insists on a reply class (2 = 2xx, 3 = 3xx); `what` names the step for people. */
export async function command(s: LineSession, line: string, want: 2 | 3, what: string): Promise<SmtpReply> {
  s.send(line);
  const reply = await readReply(s);
  if (Math.floor(reply.code / 100) !== want)
    throw new MailProtocolError(`SMTP server ${s.target} refused ${what}: ${say(reply)}`);
  return reply;
}

/**
 * Connects, judges the greeting (220), says EHLO and upgrades with STARTTLS when the server offers
 * it (opportunistic: a server without STARTTLS is still checked in the clear).
 */
export async function smtpOpen(
  ctx: CheckContext,
  ep: Endpoint,
  tls: MailTls,
  helo: string,
): Promise<SmtpClient> {
  const session = await openSession(ctx, ep, tls);
  try {
    const greet = await readReply(session);
    const greeting = say(greet);
    if (greet.code !== 220)
      throw new MailProtocolError(`SMTP greeting from ${session.target} was ${greeting}`);
    let ehlo = await command(session, `EHLO ${helo}`, 2, 'EHLO');
    let mode: SmtpClient['tls'] = ep.implicitTls ? 'implicit' : 'none';
    if (!ep.implicitTls && keywords(ehlo).includes('STARTTLS')) {
      await command(session, 'STARTTLS', 2, 'STARTTLS');
      await session.startTls();
      mode = 'starttls';
      ehlo = await command(session, `EHLO ${helo}`, 2, 'EHLO after STARTTLS');
    }
    return { session, greeting, extensions: keywords(ehlo), tls: mode };
  } catch (err) {
    session.close();
    throw err;
  }
}

const keywords = (ehlo: SmtpReply) => ehlo.lines.slice(1).map((l) => l.toUpperCase());

/** AUTH PLAIN when offered, else AUTH LOGIN; the server's refusal is a MailProtocolError. */
export async function smtpLogin(c: SmtpClient, user: string, pass: string): Promise<void> {
  const auth = c.extensions.find((e) => e.startsWith('AUTH'))?.split(/[\s=]+/) ?? [];
  const b64 = (v: string) => Buffer.from(v, 'utf8').toString('base64');
  if (auth.includes('PLAIN') || !auth.includes('LOGIN')) {
    await command(c.session, `AUTH PLAIN ${b64(`\0${user}\0${pass}`)}`, 2, `the login of ${user}`);
    return;
  }
  await command(c.session, 'AUTH LOGIN', 3, 'AUTH LOGIN');
  await command(c.session, b64(user), 3, `the user name ${user}`);
  await command(c.session, b64(pass), 2, `the login of ${user}`);
}

/** Sends one message (already formatted with CRLF line ends); dot-stuffs the body. */
export async function smtpSend(c: SmtpClient, from: string, to: string, message: string): Promise<SmtpReply> {
  await command(c.session, `MAIL FROM:<${from}>`, 2, `the sender ${from}`);
  await command(c.session, `RCPT TO:<${to}>`, 2, `the recipient ${to}`);
  await command(c.session, 'DATA', 3, 'DATA');
  c.session.sendRaw(`${message.replace(/\r\n\./g, '\r\n..')}\r\n.\r\n`);
  const reply = await readReply(c.session);
  if (reply.code !== 250)
    throw new MailProtocolError(`SMTP server ${c.session.target} refused the message: ${say(reply)}`);
  return reply;
}

/** QUIT and close; a server that hangs up first is fine, the check already has what it needs. */
export async function smtpQuit(c: SmtpClient): Promise<void> {
  try {
    c.session.send('QUIT');
    await readReply(c.session);
  } catch {
    // the conversation is over either way
  } finally {
    c.session.close();
  }
}
