import { lineServer, type FakeServer } from './pop3-base.ts';
import type { TestCerts } from './smtp-certs.ts';

/** An in-memory maildrop shared by the fake SMTP server (writes) and the fake POP3 server (reads). */
export class Mailbox {
  /** Messages in arrival order, CRLF line ends. */
  readonly messages: { uid: string; raw: string }[] = [];
  private next = 1;
  /** Stores a message now. */
  add(raw: string): void {
    this.messages.push({ uid: `m${this.next++}`, raw: raw.replace(/\r?\n/g, '\r\n') });
  }
}

export interface Pop3Options {
  mailbox?: Mailbox;
  /** user → password; empty means every login is refused. */
  users?: Record<string, string>;
  certs?: TestCerts;
  /** TLS from the first byte (POP3S). */
  implicitTls?: boolean;
  /** Offer STLS in CAPA (needs certs). */
  stls?: boolean;
  /** Greeting line; default `+OK fake POP3 ready`. */
  greeting?: string;
}

/** A POP3 server (RFC 1939 + CAPA/STLS/TOP/UIDL) over a Mailbox; sessions see a snapshot. */
export function startPop3(opts: Pop3Options = {}): Promise<FakeServer> {
  const box = opts.mailbox ?? new Mailbox();
  return lineServer({
    certs: opts.certs,
    implicitTls: opts.implicitTls,
    greet: (c) => c.say(opts.greeting ?? '+OK fake POP3 ready'),
    onLine: (() => {
      // Per-connection state lives in a WeakMap keyed by the client.
      const state = new WeakMap<
        object,
        { user?: string; authed: boolean; drop: typeof box.messages; dele: Set<number> }
      >();
      return (line, c) => {
        let s = state.get(c);
        if (!s) state.set(c, (s = { authed: false, drop: [], dele: new Set() }));
        const [verb = '', ...args] = line.split(' ');
        const n = Number(args[0]);
        const msg = s.authed && Number.isInteger(n) && !s.dele.has(n) ? s.drop[n - 1] : undefined;
        const multi = (lines: string[]) => {
          for (const l of lines) c.say(l.startsWith('.') ? `.${l}` : l);
          c.say('.');
        };
        switch (verb.toUpperCase()) {
          case 'CAPA':
            c.say('+OK capabilities');
            return multi(['USER', 'TOP', 'UIDL', ...(opts.stls ? ['STLS'] : [])]);
          case 'STLS':
            c.say('+OK begin TLS');
            return c.startTls();
          case 'USER':
            s.user = args[0];
            return c.say('+OK send PASS');
          case 'PASS': {
            const ok = s.user !== undefined && opts.users?.[s.user] === args.join(' ');
            if (!ok) return c.say('-ERR [AUTH] invalid user name or password');
            s.authed = true;
            s.drop = [...box.messages];
            return c.say('+OK logged in');
          }
          case 'STAT':
            if (!s.authed) return c.say('-ERR log in first');
            return c.say(`+OK ${s.drop.length} ${s.drop.reduce((a, m) => a + m.raw.length, 0)}`);
          case 'TOP':
          case 'RETR': {
            if (!msg) return c.say('-ERR no such message');
            const [head, body = ''] = msg.raw.split('\r\n\r\n');
            c.say('+OK message follows');
            return multi(
              verb.toUpperCase() === 'TOP'
                ? head!.split('\r\n')
                : [...head!.split('\r\n'), '', ...body.split('\r\n')],
            );
          }
          case 'DELE':
            if (!msg) return c.say('-ERR no such message');
            s.dele.add(n);
            return c.say('+OK deleted');
          case 'NOOP':
            return c.say('+OK');
          case 'QUIT':
            for (const i of s.dele) {
              const at = box.messages.indexOf(s.drop[i - 1]!);
              if (at >= 0) box.messages.splice(at, 1);
            }
            c.say('+OK bye');
            return c.end();
          default:
            return c.say('-ERR unknown command');
        }
      };
    })(),
  });
}
