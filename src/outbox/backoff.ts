// Retry delays of the outbox, pure.

/**
 * Delay before attempt `attempt + 1` after a retryable failure of attempt `attempt` (1-based):
 * base × 2^(attempt−1), capped at `maxMs`, with "equal jitter" (half fixed, half random) so that
 * many deliveries failing together (a receiver restart) do not come back in lockstep. A receiver's
 * Retry-After (`afterMs`) is honoured when longer, within the cap.
 */
export function backoffMs(
  attempt: number,
  o: { baseMs: number; maxMs: number; afterMs?: number },
  random: () => number = Math.random,
): number {
  const exp = Math.min(o.maxMs, o.baseMs * 2 ** Math.min(30, Math.max(0, attempt - 1)));
  const jittered = exp / 2 + random() * (exp / 2);
  return Math.round(Math.min(o.maxMs, Math.max(jittered, o.afterMs ?? 0)));
}
