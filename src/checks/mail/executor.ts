import { imapLogin, imapLogout, imapOpen } from './imap.ts';
import {
  mailFailure,
  mailSuccess,
  serverEndpoint,
  type MailObservation,
  type MailProtocol,
} from './judge.ts';
import { pop3Login, pop3Open, pop3Quit } from './pop3.ts';
import type { LineSession, MailTls } from '../line-session.ts';
import { smtpLogin, smtpOpen, smtpQuit } from './smtp.ts';
import { defineExecutor, type CheckContext, type CheckExecutor, type CheckInput } from '../types.ts';

/** Options of the mail executors, set by the composition root (or a test). */
export interface MailOptions {
  /** Extra CAs to trust instead of ctx.trust (SITEWATCH_CA_CERTS); tests pass their own CA here. */
  tls?: MailTls;
  /** Name said in EHLO; default `sitewatch.localdomain`. */
  heloName?: string;
}

const PROTOCOL: Record<string, MailProtocol> = {
  'email-smtp': 'SMTP',
  'email-pop': 'POP3',
  'email-imap': 'IMAP',
};

/** The configured login, with the sealed password opened; null when no user name is set. */
export function credentials(
  config: Record<string, unknown>,
  ctx: CheckContext,
): { user: string; pass: string } | null {
  const user = typeof config.username === 'string' ? config.username : '';
  if (user === '') return null;
  const sealed = typeof config.password === 'string' ? config.password : '';
  return { user, pass: sealed === '' ? '' : ctx.secrets.open(sealed) };
}

/** One conversation per protocol: open (greeting + TLS), optional login, polite goodbye. */
async function converse(
  protocol: MailProtocol,
  input: CheckInput,
  ctx: CheckContext,
  opts: MailOptions,
  progress: (stage: string) => void,
): Promise<{
  session: LineSession;
  greeting: string;
  tls: 'implicit' | 'starttls' | 'none';
  login: string | null;
}> {
  const ep = serverEndpoint(protocol, input.config);
  const login = credentials(input.config, ctx);
  const tls = opts.tls ?? { trust: ctx.trust };
  progress('while connecting');
  if (protocol === 'SMTP') {
    const c = await smtpOpen(ctx, ep, tls, opts.heloName ?? 'sitewatch.localdomain');
    try {
      progress('while logging in');
      if (login) await smtpLogin(c, login.user, login.pass);
      progress('while saying QUIT');
    } catch (err) {
      c.session.close();
      throw err;
    }
    await smtpQuit(c);
    return { ...c, login: login?.user ?? null };
  }
  if (protocol === 'POP3') {
    const c = await pop3Open(ctx, ep, tls);
    try {
      progress('while logging in');
      if (login) await pop3Login(c, login.user, login.pass);
      progress('while saying QUIT');
    } catch (err) {
      c.session.close();
      throw err;
    }
    await pop3Quit(c);
    return { ...c, login: login?.user ?? null };
  }
  const c = await imapOpen(ctx, ep, tls);
  try {
    progress('while logging in');
    if (login) await imapLogin(c, login.user, login.pass);
    progress('while logging out');
  } catch (err) {
    c.session.close();
    throw err;
  }
  await imapLogout(c);
  return { ...c, login: login?.user ?? null };
}

/** What one mail-server check saw: the conversation, or where and how it broke off. */
export type MailRun =
  | { ok: true; seen: MailObservation }
  | { ok: false; protocol: MailProtocol; target: string; stage: string; error: unknown; elapsedMs: number };

/** Builds the mail-server executor (`email-smtp`, `email-pop`, `email-imap`); judge: mail/judge.ts. */
export function createMailExecutor(opts: MailOptions = {}): CheckExecutor {
  return defineExecutor<MailRun>({
    kind: 'mail',
    types: Object.keys(PROTOCOL),
    async observe(input, ctx) {
      const protocol = PROTOCOL[input.type];
      if (!protocol) throw new Error(`mail executor cannot run ${input.type}`);
      const ep = serverEndpoint(protocol, input.config);
      const target = `${ep.host}:${ep.port}`;
      const started = ctx.now();
      // Stages name what a timeout interrupted; greeting/TLS happen inside open().
      let stage = 'while connecting';
      try {
        const seen = await converse(protocol, input, ctx, opts, (s) => (stage = s));
        const { greeting, tls, login } = seen;
        const elapsedMs = ctx.now() - started;
        return {
          ok: true,
          seen: { protocol, target, greeting, tls, login, elapsedMs, phases: seen.session.phases },
        };
      } catch (error) {
        return { ok: false, protocol, target, stage, error, elapsedMs: ctx.now() - started };
      }
    },
    judge(input, run) {
      if (run.ok) return mailSuccess(run.seen);
      const verdict = mailFailure(
        run.protocol,
        run.target,
        run.stage,
        run.error,
        input.timeoutMs,
        run.elapsedMs,
      );
      // Not the server's doing: runCheck turns it into 21 (internal).
      if (!verdict) throw run.error;
      return verdict;
    },
  });
}

/** The mail executor with Node's trusted roots only. */
export const mailExecutor: CheckExecutor = createMailExecutor();
