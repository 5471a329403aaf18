import type { CheckContext } from '../types.ts';
import { pop3Count, pop3Delete, pop3Headers, pop3Login, pop3Open, pop3Quit } from './pop3.ts';
import type { Endpoint, MailTls } from '../line-session.ts';
import { smtpLogin, smtpOpen, smtpQuit, smtpSend } from './smtp.ts';

/** Newest messages looked at per poll: the probe is recent, and TOP costs one round trip each. */
const SCAN_LIMIT = 50;

/**
 * Sends the probe. SMTP AUTH is used only when the server offers it and credentials are set (an MX
 * on port 25 takes mail for its own domain without it; a submission port asks for it).
 */
export async function sendProbe(
  ctx: CheckContext,
  ep: Endpoint,
  tls: MailTls,
  helo: string,
  login: { user: string; pass: string } | null,
  to: string,
  message: string,
): Promise<void> {
  const c = await smtpOpen(ctx, ep, tls, helo);
  try {
    if (login && c.extensions.some((e) => e.startsWith('AUTH'))) await smtpLogin(c, login.user, login.pass);
    await smtpSend(c, to, to, message);
  } catch (err) {
    c.session.close();
    throw err;
  }
  await smtpQuit(c);
}

/**
 * One POP3 visit: looks for a message whose headers carry `token` among the newest SCAN_LIMIT and
 * deletes it. Answers whether it was found, and why deleting failed if it did.
 */
export async function takeProbe(
  ctx: CheckContext,
  ep: Endpoint,
  tls: MailTls,
  login: { user: string; pass: string },
  token: string,
): Promise<{ found: boolean; deleteError?: string }> {
  const c = await pop3Open(ctx, ep, tls);
  try {
    await pop3Login(c, login.user, login.pass);
    const count = await pop3Count(c);
    for (let n = count; n >= 1 && n > count - SCAN_LIMIT; n--) {
      const headers = await pop3Headers(c, n);
      if (!headers.some((h) => h.includes(token))) continue;
      try {
        await pop3Delete(c, n);
        await pop3Quit(c, true);
        return { found: true };
      } catch (err) {
        if (ctx.signal.aborted) throw err;
        return { found: true, deleteError: (err as Error).message };
      }
    }
  } catch (err) {
    c.session.close();
    throw err;
  }
  await pop3Quit(c);
  return { found: false };
}
