import { createServer, type AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { listenOnPortZero } from '../helpers/listen.ts';
import type { FakeServer } from './pop3-base.ts';
import type { Mailbox } from './pop3.ts';
import type { TestCerts } from './smtp-certs.ts';

export interface SmtpOptions {
  /** Where accepted messages go; none means they are accepted and dropped. */
  mailbox?: Mailbox;
  /** Delay before an accepted message shows up in the mailbox (a slow relay). */
  deliveryDelayMs?: number;
  /** Accept but never deliver (a black hole). */
  neverDeliver?: boolean;
  /** Refuse these recipients with 550. */
  rejectRecipients?: string[];
  /** user → password; when set, AUTH is offered (and required for MAIL). */
  users?: Record<string, string>;
  certs?: TestCerts;
  /** TLS from the first byte (SMTPS). */
  implicitTls?: boolean;
}

/** A real SMTP server (nodemailer's smtp-server) on 127.0.0.1, port 0. */
export async function startSmtp(opts: SmtpOptions = {}): Promise<FakeServer & { delivered: number }> {
  const timers = new Set<NodeJS.Timeout>();
  const state = { delivered: 0 };
  const server = new SMTPServer({
    secure: opts.implicitTls ?? false,
    ...(opts.certs ? { key: opts.certs.key, cert: opts.certs.cert } : { hideSTARTTLS: true }),
    authOptional: !opts.users,
    // Without users, AUTH is not offered at all (an MX taking mail for its own domain).
    disabledCommands: opts.users ? [] : ['AUTH'],
    allowInsecureAuth: true,
    closeTimeout: 100,
    logger: false,
    onAuth(auth, _session, cb) {
      if (opts.users?.[auth.username ?? ''] === auth.password) return cb(null, { user: auth.username });
      const err = new Error('5.7.8 Authentication credentials invalid') as Error & { responseCode: number };
      err.responseCode = 535;
      cb(err);
    },
    onRcptTo(address, _session, cb) {
      if (opts.rejectRecipients?.includes(address.address)) {
        const err = new Error(`No such user here: ${address.address}`) as Error & { responseCode: number };
        err.responseCode = 550;
        return cb(err);
      }
      cb();
    },
    onData(stream, _session, cb) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        const raw = Buffer.concat(chunks).toString('utf8');
        cb();
        if (opts.neverDeliver || !opts.mailbox) return;
        const deliver = () => {
          state.delivered++;
          opts.mailbox!.add(raw);
        };
        if (!opts.deliveryDelayMs) return deliver();
        const t = setTimeout(() => {
          timers.delete(t);
          deliver();
        }, opts.deliveryDelayMs);
        timers.add(t);
      });
    },
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  return {
    port,
    get delivered() {
      return state.delivered;
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of timers) clearTimeout(t);
        server.close(() => resolve());
      }),
  };
}

/** A server that sends fixed lines on connect and then idles (bad greetings, silent servers). */
export async function startGreeter(lines: string[]): Promise<FakeServer> {
  const server = createServer((s) => {
    for (const l of lines) s.write(`${l}\r\n`);
  });
  return listenOnPortZero(server);
}
