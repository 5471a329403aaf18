import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { credentials, type MailOptions } from './executor.ts';
import { mailFailure, probeMessage, roundTripVerdict, urlEndpoint, type RoundTrip } from './judge.ts';
import { sendProbe, takeProbe } from './mailbox.ts';
import type { Endpoint } from '../line-session.ts';
import type { CheckContext, CheckExecutor, CheckInput, Verdict } from '../types.ts';

/** Waits between POP3 visits: quick at first (local delivery takes well under a second), then 2 s. */
const POLL_DELAYS_MS = [250, 500, 1000, 2000];

const at = (ep: Endpoint) => `${ep.host}:${ep.port}`;

async function roundTrip(input: CheckInput, ctx: CheckContext, opts: MailOptions): Promise<Verdict> {
  const smtp = urlEndpoint('SMTP', String(input.config.smtp_hostname ?? ''));
  const pop = urlEndpoint('POP3', String(input.config.pop3_hostname ?? ''));
  const to = String(input.config.email ?? '');
  const login = credentials(input.config, ctx) ?? { user: to, pass: '' };
  const tls = opts.tls ?? { trust: ctx.trust };
  const token = randomBytes(12).toString('base64url');
  const started = ctx.now();
  const trip: RoundTrip = {
    smtp: at(smtp),
    mailbox: `${to} at ${at(pop)}`,
    elapsedMs: 0,
    sendMs: 0,
    polls: 0,
  };

  try {
    await sendProbe(
      ctx,
      smtp,
      tls,
      opts.heloName ?? 'sitewatch.localdomain',
      login,
      to,
      probeMessage(token, to, to, started),
    );
  } catch (err) {
    const v = mailFailure(
      'SMTP',
      at(smtp),
      'while sending the test message',
      err,
      input.timeoutMs,
      ctx.now() - started,
    );
    if (!v) throw err;
    return v;
  }
  trip.sendMs = ctx.now() - started;

  for (;;) {
    try {
      await sleep(POLL_DELAYS_MS[Math.min(trip.polls, POLL_DELAYS_MS.length - 1)], undefined, {
        signal: ctx.signal,
      });
      trip.polls++;
      const got = await takeProbe(ctx, pop, tls, login, token);
      trip.elapsedMs = ctx.now() - started;
      if (got.found) return roundTripVerdict({ ...trip, deleteError: got.deleteError }, true);
    } catch (err) {
      trip.elapsedMs = ctx.now() - started;
      // The deadline ends the wait: the message was sent but never seen, which is what 18 means.
      if (ctx.signal.aborted) return roundTripVerdict(trip, false);
      const v = mailFailure(
        'POP3',
        at(pop),
        'while reading the mailbox',
        err,
        input.timeoutMs,
        trip.elapsedMs,
      );
      if (!v) throw err;
      return v;
    }
  }
}

/** Builds the round-trip executor (`email-round-trip`); options as for the mail executor. */
export function createRoundTripExecutor(opts: MailOptions = {}): CheckExecutor {
  return {
    kind: 'round-trip',
    types: ['email-round-trip'],
    run: (input, ctx) => roundTrip(input, ctx, opts),
  };
}

/** The round-trip executor with Node's trusted roots only. */
export const roundTripExecutor: CheckExecutor = createRoundTripExecutor();
