import { IANAZone, type Zone } from 'luxon';

// Wall-clock arithmetic in an account's IANA zone. A "naive" time is a wall-clock reading encoded
// as if it were UTC epoch ms (Date.UTC of its fields): day and minute arithmetic on it is plain
// addition, and `resolve` turns it into a real instant under one documented rule.

const MINUTE = 60_000;
const DAY = 86_400_000;

/** The zone named by an account's `timezone`; an unknown name falls back to UTC (the default). */
export function zoneOf(name: string): Zone {
  const zone = IANAZone.create(name);
  return zone.isValid ? zone : IANAZone.create('UTC');
}

/** The wall-clock reading (naive ms) of `instant` in `zone`. */
export function wallOf(zone: Zone, instant: number): number {
  return instant + zone.offset(instant) * MINUTE;
}

/**
 * The instant at which `zone`'s wall clock reads `naive`, by the rule of RFC 5545 §3.3.5 (what
 * calendars and Temporal's `disambiguation: 'compatible'` do):
 * - a reading that happens twice (the fall-back hour) means its first occurrence;
 * - a reading that never happens (the spring-forward gap) is read with the offset in force
 *   before the gap, so it lands as far after the gap as it was into it (02:30 → 03:30).
 */
export function resolve(zone: Zone, naive: number): number {
  // Offsets a day either side bracket any single transition near `naive`.
  const before = zone.offset(naive - DAY);
  const after = zone.offset(naive + DAY);
  const candidates = [before, after].map((o) => naive - o * MINUTE).filter((t) => wallOf(zone, t) === naive);
  if (candidates.length > 0) return Math.min(...candidates);
  return naive - before * MINUTE;
}

/** Day of the week of a naive reading: 1 = Sunday … 7 = Saturday (AlertSite numbering). */
export const weekdayOf = (naive: number) => new Date(naive).getUTCDay() + 1;

/** Midnight (naive) of the day holding `naive`. */
export const startOfDay = (naive: number) => naive - (((naive % DAY) + DAY) % DAY);

const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2}):(\d{2})$/;

/** Parses `YYYY-MM-DD HH:MM:SS` into a naive reading; null unless it names a real date and time. */
export function parseDateTime(text: string): number | null {
  const m = DATE_TIME.exec(text);
  if (!m) return null;
  const [y, mo, d, h, mi, s] = m.slice(1).map(Number) as [number, number, number, number, number, number];
  if (mo < 1 || mo > 12 || h > 23 || mi > 59 || s > 59) return null;
  const naive = Date.UTC(y, mo - 1, d, h, mi, s);
  // Date.UTC rolls 2023-02-30 over into March; a real date survives the round trip.
  const back = new Date(naive);
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) return null;
  return naive;
}

const TIME_OF_DAY = /^(\d{1,2}):(\d{2})$/;

/** Minutes after midnight of `hh:mm` (00:00–23:59; one-digit hours accepted); null if invalid. */
export function parseTimeOfDay(text: string): number | null {
  const m = TIME_OF_DAY.exec(text);
  if (!m) return null;
  const h = Number(m[1]);
  const mi = Number(m[2]);
  return h > 23 || mi > 59 ? null : h * 60 + mi;
}

/** `hh:mm` of minutes after midnight. */
export function formatTimeOfDay(minutes: number): string {
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}
