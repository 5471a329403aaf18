import { lineServer, type FakeServer } from './pop3-base.ts';
import type { TestCerts } from './smtp-certs.ts';

export interface ImapOptions {
  /** user → password. */
  users?: Record<string, string>;
  certs?: TestCerts;
  /** TLS from the first byte (IMAPS). */
  implicitTls?: boolean;
  /** Offer STARTTLS (needs certs). */
  starttls?: boolean;
  /** Greeting line; default `* OK fake IMAP4rev1 ready`. */
  greeting?: string;
}

const unquote = (s: string) => s.replace(/^"(.*)"$/, '$1').replace(/\\(.)/g, '$1');

/** Just enough IMAP4rev1 for a server check: CAPABILITY, STARTTLS, LOGIN, NOOP, LOGOUT. */
export function startImap(opts: ImapOptions = {}): Promise<FakeServer> {
  return lineServer({
    certs: opts.certs,
    implicitTls: opts.implicitTls,
    greet: (c) => c.say(opts.greeting ?? '* OK fake IMAP4rev1 ready'),
    onLine: (line, c) => {
      const m = /^(\S+) (\S+)(?: (.*))?$/.exec(line);
      if (!m) return c.say('* BAD syntax');
      const [, tag, verb, rest = ''] = m;
      switch (verb!.toUpperCase()) {
        case 'CAPABILITY':
          c.say(`* CAPABILITY IMAP4rev1${opts.starttls ? ' STARTTLS' : ''} AUTH=PLAIN`);
          return c.say(`${tag} OK CAPABILITY completed`);
        case 'STARTTLS':
          c.say(`${tag} OK begin TLS`);
          return c.startTls();
        case 'LOGIN': {
          const parts = /^("(?:[^"\\]|\\.)*"|\S+) ("(?:[^"\\]|\\.)*"|\S+)$/.exec(rest);
          const ok = parts && opts.users?.[unquote(parts[1]!)] === unquote(parts[2]!);
          return c.say(
            ok ? `${tag} OK LOGIN completed` : `${tag} NO [AUTHENTICATIONFAILED] Invalid credentials`,
          );
        }
        case 'NOOP':
          return c.say(`${tag} OK NOOP completed`);
        case 'LOGOUT':
          c.say('* BYE logging out');
          c.say(`${tag} OK LOGOUT completed`);
          return c.end();
        default:
          return c.say(`${tag} BAD unknown command`);
      }
    },
  });
}
