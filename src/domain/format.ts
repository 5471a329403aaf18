// How reports, tests and histories write times and durations: AlertSite's text shapes.

/** `YYYY-MM-DD HH:MM:SS` in UTC (docs/compatibility.md §9, §11). */
export function utcDateTime(ms: number): string {
  return new Date(ms).toISOString().slice(0, 19).replace('T', ' ');
}

/** Milliseconds as seconds with exactly 3 decimals, as text ("0.412"). */
export function secondsText(ms: number): string {
  return (Math.round(ms) / 1000).toFixed(3);
}

/** Milliseconds as a number of seconds rounded to 3 decimals (0.412). */
export function seconds3(ms: number): number {
  return Math.round(ms) / 1000;
}

/** Rounds to 3 decimals (percentages, averages). */
export function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
