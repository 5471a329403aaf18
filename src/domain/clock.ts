/** Injected time source, so tests can move time and SQL never reads the wall clock itself. */
export interface Clock {
  /** Current time in epoch milliseconds. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** `YYYY-MM-DDTHH:MM:SSZ`, the ISO shape of `date_added` and friends. */
export function isoSeconds(ms: number): string {
  return new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
