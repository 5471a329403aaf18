// When a location counts as online (docs/compatibility.md §7): only while a live process serves it.

/** Heartbeats a location may miss before it shows offline. */
export const MISSED_BEATS = 3;

/**
 * Online: flagged so and heartbeated within three beats. Every location is served by a process
 * that heartbeats it (a worker, or an all-in-one `serve` for the configured ones); an API-only
 * process serves none, and a crashed worker never says goodbye: its heartbeat just stops.
 */
export function isLocationOnline(
  row: { online: number; last_seen: number | null },
  now: number,
  heartbeatMs: number,
): boolean {
  return row.online === 1 && row.last_seen !== null && row.last_seen >= now - MISSED_BEATS * heartbeatMs;
}
