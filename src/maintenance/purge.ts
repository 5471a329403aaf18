import type { Deps } from '../deps.ts';
import { purgeIdleThrottles, trimThrottles } from '../store/login-throttle.ts';
import { purgeExpiredTokens } from '../store/tokens.ts';

/**
 * Login counters idle this long are forgotten (so is a username's consecutive-failure count): the
 * longest window (failures per hour) has then passed, and the table stays small.
 */
const THROTTLE_IDLE_MS = 3_600_000;

/** Deletes expired tokens and idle login counters; returns how many rows went. */
export async function purgeExpired(deps: Deps): Promise<{ tokens: number; throttles: number }> {
  const now = deps.clock.now();
  const tokens = await purgeExpiredTokens(deps.db, now);
  const throttles =
    (await purgeIdleThrottles(deps.db, now, THROTTLE_IDLE_MS)) +
    (await trimThrottles(deps.db, now, deps.settings.login.maxCounters));
  return { tokens, throttles };
}

/** Runs the purge every `everyMs` in the background; the timer never keeps the process alive. */
export function startPurgeLoop(deps: Deps, everyMs = 10 * 60_000): () => void {
  const log = deps.log.child({ component: 'purge' });
  const timer = setInterval(() => {
    purgeExpired(deps)
      .then((n) => {
        if (n.tokens || n.throttles) log.info(n, 'purged expired rows');
      })
      .catch((err: unknown) => log.warn({ err }, 'purge failed'));
  }, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
