import { connect as netConnect, isIP, type Socket } from 'node:net';
import { connect as tlsConnect, rootCertificates, type TLSSocket } from 'node:tls';
import type { Trust } from './trust.ts';
import type { CheckContext, Phases } from './types.ts';

/** Where a line-protocol check connects, and how. */
export interface Endpoint {
  /** Host name (TLS servername, messages) or literal IP. */
  host: string;
  /** Literal address to check against the egress policy instead of resolving `host` (`resolve_dns: false`). */
  address?: string;
  port: number;
  /** TLS from the first byte (SMTPS 465, POP3S 995, IMAPS 993). */
  implicitTls: boolean;
}

/** TLS trust of a session. */
export interface MailTls {
  /** Extra PEM CAs trusted on top of Node's roots (tests trust their own CA this way). */
  extraCa?: readonly string[];
  /** The process's trust (ctx.trust: SITEWATCH_CA_CERTS), used when `extraCa` is not given. */
  trust?: Trust;
}

/** A failure the server caused with its own words (bad greeting, refused login): status 17. */
export class MailProtocolError extends Error {
  readonly code = 'MAIL_FAILED';
}

// The one line-protocol session of the checks (TCP connect, SMTP, POP3, IMAP): connect through the
// egress policy, read lines, send commands, upgrade with STARTTLS; the deadline from ctx.signal.

/** One line-oriented conversation with a server, through the egress policy. */
export interface LineSession {
  /** The address actually connected to, after the egress policy allowed it. */
  readonly address: string;
  /** `host:port` as people read it in info_msg. */
  readonly target: string;
  /** Whether the conversation is now encrypted. */
  readonly secure: boolean;
  /** Time spent per phase so far (dns, connect, tls, firstByte). */
  readonly phases: Phases;
  /** The next line without its CRLF; rejects on close, error or deadline. */
  line(): Promise<string>;
  /** Sends one command line (CRLF added). */
  send(text: string): void;
  /** Sends raw bytes (a message body) as they are. */
  sendRaw(text: string): void;
  /** Upgrades the plain socket to TLS (after STARTTLS/STLS was accepted). */
  startTls(): Promise<void>;
  /** Destroys the socket; safe to call twice. */
  close(): void;
}

const MAX_LINE = 8192;

function tlsOptions(host: string, tls: MailTls) {
  return {
    // SNI needs a name; a literal IP target is verified against the certificate's IP SANs.
    servername: isIP(host) ? undefined : host,
    ca: tls.extraCa?.length ? [...rootCertificates, ...tls.extraCa] : undefined,
    secureContext: tls.extraCa?.length ? undefined : tls.trust?.context,
    rejectUnauthorized: true,
  };
}

function waitFor(socket: Socket, event: 'connect' | 'secureConnect', signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    const done = (err?: unknown) => {
      socket.off(event, ok);
      socket.off('error', done);
      signal.removeEventListener('abort', aborted);
      if (err) reject(err);
      else resolve();
    };
    const ok = () => done();
    const aborted = () => done(signal.reason);
    socket.once(event, ok);
    socket.once('error', done);
    signal.addEventListener('abort', aborted, { once: true });
  });
}

/** Opens a connection to `ep` (address checked by ctx.egress) and returns a line reader over it. */
export async function openSession(ctx: CheckContext, ep: Endpoint, tls: MailTls = {}): Promise<LineSession> {
  const { signal } = ctx;
  const target = `${ep.host}:${ep.port}`;
  const phases: Phases = {};
  let t = ctx.now();
  const { address } = await ctx.egress.resolve(ep.address ?? ep.host, signal);
  phases.dns = ctx.now() - t;
  t = ctx.now();
  let socket: Socket = ep.implicitTls
    ? tlsConnect({ host: address, port: ep.port, ...tlsOptions(ep.host, tls) })
    : netConnect({ host: address, port: ep.port });
  const opened = ctx.now();
  try {
    await waitFor(socket, ep.implicitTls ? 'secureConnect' : 'connect', signal);
  } catch (err) {
    socket.destroy();
    throw err;
  }
  phases.connect = ctx.now() - t;
  let firstLine = true;

  let buffer = '';
  const lines: string[] = [];
  let failure: unknown = null;
  let waiter: { resolve: (l: string) => void; reject: (e: unknown) => void } | null = null;
  const settle = () => {
    if (!waiter) return;
    const w = waiter;
    if (lines.length > 0) {
      waiter = null;
      w.resolve(lines.shift()!);
    } else if (failure) {
      waiter = null;
      w.reject(failure);
    }
  };
  const fail = (err: unknown) => {
    failure ??= err;
    settle();
  };
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    let i: number;
    while ((i = buffer.indexOf('\n')) >= 0) {
      lines.push(buffer.slice(0, i).replace(/\r$/, ''));
      buffer = buffer.slice(i + 1);
    }
    if (buffer.length > MAX_LINE)
      fail(new MailProtocolError(`${target} sent a line longer than ${MAX_LINE} bytes`));
    settle();
  };
  const onEnd = () => fail(new MailProtocolError(`${target} closed the connection`));
  const attach = (s: Socket) => {
    s.on('data', onData);
    s.on('error', fail);
    s.on('close', onEnd);
  };
  const detach = (s: Socket) => {
    s.off('data', onData);
    s.off('error', fail);
    s.off('close', onEnd);
  };
  const aborted = () => {
    fail(signal.reason);
    socket.destroy();
  };
  signal.addEventListener('abort', aborted, { once: true });
  attach(socket);

  return {
    address,
    target,
    get secure() {
      return 'encrypted' in socket;
    },
    phases,
    line() {
      return new Promise<string>((resolve, reject) => {
        waiter = { resolve, reject };
        settle();
      }).then((l) => {
        if (firstLine) {
          phases.firstByte = ctx.now() - opened;
          firstLine = false;
        }
        return l;
      });
    },
    send(text) {
      socket.write(`${text}\r\n`);
    },
    sendRaw(text) {
      socket.write(text);
    },
    async startTls() {
      const plain = socket;
      detach(plain);
      // Anything that arrived in the clear after the go-ahead could be injected (CVE-2011-0411
      // class): only what comes over TLS counts.
      lines.length = 0;
      buffer = '';
      const start = ctx.now();
      const secure: TLSSocket = tlsConnect({ socket: plain, ...tlsOptions(ep.host, tls) });
      socket = secure;
      try {
        await waitFor(secure, 'secureConnect', signal);
      } catch (err) {
        secure.destroy();
        throw err;
      }
      phases.tls = ctx.now() - start;
      attach(secure);
    },
    close() {
      signal.removeEventListener('abort', aborted);
      detach(socket);
      socket.on('error', () => {});
      socket.destroy();
    },
  };
}
