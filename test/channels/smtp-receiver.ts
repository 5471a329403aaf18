import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';
import { listenOnPortZero, type Listening } from '../helpers/listen.ts';

/** A real SMTP server (smtp-server) on loopback that parses every message with mailparser. */
export interface SmtpReceiver extends Listening {
  /** Every message accepted, parsed, with its envelope and whether the session was TLS. */
  mails: (ParsedMail & { envelopeTo: string[]; envelopeFrom: string; secure: boolean })[];
  /** Logins seen (user:pass). */
  logins: string[];
}

export async function startSmtpReceiver(
  opts: {
    auth?: { user: string; pass: string };
    rejectRcpt?: { code: number; message: string };
    /** Offer STARTTLS with this key and certificate. */
    tls?: { key: string; cert: string };
  } = {},
): Promise<SmtpReceiver> {
  const mails: SmtpReceiver['mails'] = [];
  const logins: string[] = [];
  const server = new SMTPServer({
    secure: false,
    ...(opts.tls ?? {}),
    disabledCommands: [...(opts.tls ? [] : ['STARTTLS']), ...(opts.auth ? [] : ['AUTH'])],
    authOptional: !opts.auth,
    allowInsecureAuth: true,
    logger: false,
    onAuth(auth, _session, cb) {
      logins.push(`${auth.username}:${auth.password}`);
      if (opts.auth && auth.username === opts.auth.user && auth.password === opts.auth.pass)
        return cb(null, { user: auth.username });
      cb(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onRcptTo(address, _session, cb) {
      if (opts.rejectRcpt)
        return cb(Object.assign(new Error(opts.rejectRcpt.message), { responseCode: opts.rejectRcpt.code }));
      cb();
    },
    onData(stream, session, cb) {
      simpleParser(stream).then(
        (mail) => {
          mails.push(
            Object.assign(mail, {
              envelopeTo: session.envelope.rcptTo.map((r) => r.address),
              envelopeFrom: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
              secure: session.secure,
            }),
          );
          cb(null, 'Message queued as test-1');
        },
        (err: Error) => cb(err),
      );
    },
  });
  server.on('error', () => {});
  const l = await listenOnPortZero(server.server);
  return { ...l, mails, logins };
}
