import net from 'node:net';
import tls from 'node:tls';
import type { CheckContext, Phases } from './types.ts';

// A line-oriented conversation over one socket (TCP banners, FTP/SMTP/POP3/IMAP greetings):
// connect through the egress policy, expect lines, send lines, upgrade to TLS. Every wait ends at
// the check's deadline, when the socket is destroyed and the wait rejects with the signal's reason.

/** The peer closed the connection while a line was awaited (status 6 through classifyError). */
export class ConnectionClosedError extends Error {
  readonly code = 'ECONNRESET';
  constructor(target: string) {
    super(`connection closed by ${target}`);
  }
}

/** A line did not match what the dialogue expected. */
export class UnexpectedLineError extends Error {
  readonly code = 'UNEXPECTED_LINE';
  constructor(
    readonly line: string,
    readonly pattern: RegExp,
  ) {
    super(`unexpected answer "${line}" (expected ${pattern})`);
  }
}

/** A numbered reply as FTP and SMTP send it: `220-…` lines continue until `220 …`. */
export interface Reply {
  /** The three-digit reply code. */
  code: number;
  /** Every line of the reply, line ends removed. */
  lines: string[];
  /** The last line, which carries the code and the summary ("530 Login incorrect."). */
  text: string;
}

/** Where to connect. */
export interface DialogueTarget {
  /** Host name or literal IP, as configured; resolved through the egress policy. */
  host: string;
  port: number;
  /** Implicit TLS from the first byte (smtps, pop3s, imaps, implicit FTPS); absent = plain. */
  tls?: tls.ConnectionOptions;
}

/** An open conversation; close it when done (it also closes itself at the deadline). */
export interface Dialogue {
  /** The address actually connected to, after the egress policy allowed it. */
  readonly address: string;
  /** `host:port` as configured, for messages. */
  readonly target: string;
  /** Milliseconds spent resolving, connecting and in TLS handshakes so far. */
  readonly phases: Phases;
  /** The next line without its line end; rejects when the peer closes or at the deadline. */
  readLine(): Promise<string>;
  /** The next line when it matches `pattern`; otherwise rejects with UnexpectedLineError. */
  expect(pattern: RegExp): Promise<string>;
  /** The next numbered (possibly multi-line) reply. */
  readReply(): Promise<Reply>;
  /** Writes `line` followed by CRLF. */
  send(line: string): Promise<void>;
  /** Upgrades the connection to TLS (STARTTLS, AUTH TLS); the host name is the servername. */
  startTls(options?: tls.ConnectionOptions): Promise<void>;
  /** Destroys the socket; safe to call twice. */
  close(): void;
}

/** A line longer than this is not a protocol line; refusing it bounds memory against a hostile peer. */
const MAX_LINE = 64 * 1024;

function tlsOptions(host: string, options: tls.ConnectionOptions = {}): tls.ConnectionOptions {
  // The address is what we connect to; the name is what the certificate must match (SNI is
  // only allowed for names, so a literal IP target is checked against the IP SANs instead).
  return { ...(net.isIP(host) ? {} : { servername: host }), host, ...options };
}

function settle<T extends net.Socket>(socket: T, event: string, signal: AbortSignal): Promise<T> {
  return new Promise((resolve, reject) => {
    const done = (err?: unknown) => {
      socket.off(event, onOk).off('error', done);
      signal.removeEventListener('abort', onAbort);
      if (err) {
        socket.destroy();
        reject(err);
      } else resolve(socket);
    };
    const onOk = () => done();
    const onAbort = () => done(signal.reason);
    socket.once(event, onOk).once('error', done);
    signal.addEventListener('abort', onAbort, { once: true });
    if (signal.aborted) onAbort();
  });
}

/** Connects to `target` through the egress policy (throws EgressRefusedError / DnsFailedError). */
export async function openDialogue(
  ctx: Pick<CheckContext, 'signal' | 'egress' | 'now'>,
  target: DialogueTarget,
): Promise<Dialogue> {
  const { signal } = ctx;
  const name = `${target.host}:${target.port}`;
  const phases: Phases = {};
  let t = ctx.now();
  const { address } = await ctx.egress.resolve(target.host, signal);
  signal.throwIfAborted();
  phases.dns = ctx.now() - t;
  t = ctx.now();
  let socket: net.Socket = await settle(net.connect({ host: address, port: target.port }), 'connect', signal);
  phases.connect = ctx.now() - t;
  const upgrade = async (options?: tls.ConnectionOptions) => {
    const started = ctx.now();
    detach();
    socket = await settle(
      tls.connect({ ...tlsOptions(target.host, options), socket }),
      'secureConnect',
      signal,
    );
    attach();
    phases.tls = (phases.tls ?? 0) + ctx.now() - started;
  };

  let buffer = '';
  const lines: string[] = [];
  let failure: unknown = null;
  let waiter: { resolve(line: string): void; reject(err: unknown): void } | null = null;
  const fail = (err: unknown) => {
    failure ??= err;
    const w = waiter;
    waiter = null;
    w?.reject(failure);
  };
  const onData = (chunk: Buffer) => {
    buffer += chunk.toString('utf8');
    let nl: number;
    while ((nl = buffer.indexOf('\n')) >= 0) {
      lines.push(buffer.slice(0, nl).replace(/\r$/, ''));
      buffer = buffer.slice(nl + 1);
    }
    if (buffer.length > MAX_LINE) fail(new Error(`${name} sent a line longer than ${MAX_LINE} bytes`));
    if (waiter && lines.length > 0) {
      const w = waiter;
      waiter = null;
      w.resolve(lines.shift()!);
    }
  };
  const onEnd = () => fail(new ConnectionClosedError(name));
  const onAbort = () => {
    fail(signal.reason);
    socket.destroy();
  };
  function attach() {
    socket.on('data', onData).on('error', fail).on('end', onEnd).on('close', onEnd);
  }
  function detach() {
    socket.off('data', onData).off('error', fail).off('end', onEnd).off('close', onEnd);
  }
  attach();
  signal.addEventListener('abort', onAbort, { once: true });
  if (target.tls) {
    try {
      await upgrade(target.tls);
    } catch (err) {
      signal.removeEventListener('abort', onAbort);
      throw err;
    }
  }

  const readLine = () =>
    new Promise<string>((resolve, reject) => {
      if (lines.length > 0) resolve(lines.shift()!);
      else if (failure) reject(failure);
      else waiter = { resolve, reject };
    });

  return {
    address,
    target: name,
    phases,
    readLine,
    async expect(pattern) {
      const line = await readLine();
      if (!pattern.test(line)) throw new UnexpectedLineError(line, pattern);
      return line;
    },
    async readReply() {
      const first = await readLine();
      const head = /^(\d{3})([ -]?)/.exec(first);
      if (!head) throw new UnexpectedLineError(first, /^\d{3}/);
      const all = [first];
      let last = first;
      // RFC 959 §4.2: a multi-line reply ends with the same code followed by a space.
      if (head[2] === '-') {
        do {
          last = await readLine();
          all.push(last);
        } while (!last.startsWith(`${head[1]} `));
      }
      return { code: Number(head[1]), lines: all, text: last };
    },
    send(line) {
      return new Promise((resolve, reject) => {
        if (failure) return reject(failure);
        socket.write(`${line}\r\n`, (err) => (err ? reject(err) : resolve()));
      });
    },
    startTls: upgrade,
    close() {
      signal.removeEventListener('abort', onAbort);
      detach();
      socket.destroy();
    },
  };
}
