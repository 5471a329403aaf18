import { DateTime } from 'luxon';
import { parseTimeOfDay, resolve, startOfDay, wallOf, weekdayOf, zoneOf } from '../blackouts/local-time.ts';
import type { ExclusionRow, PeriodRow } from '../store/slas.ts';

// Which instants of the current month an SLA measures (docs/compatibility.md §10): the calendar month in the
// account's zone up to now, inside the operating periods, outside the exclusions. Pure: the store
// turns the windows into one SQL condition, so a page of SLAs is measured in one statement.

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEK = 7 * DAY;

/** Half-open [from, to) intervals of epoch ms. */
export type Span = [number, number];

/** What one SLA measures. */
export interface MeasureWindows {
  /** When results count, at every location. */
  include: Span[];
  /** Per-location exclusions to leave out on top of `include`. */
  byLocation: [locationId: number, span: Span][];
}

/** Sorted, merged union of spans. */
export function union(spans: Span[]): Span[] {
  const sorted = spans.filter(([a, b]) => b > a).sort((x, y) => x[0] - y[0]);
  const out: Span[] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1]) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

/** `spans` minus `cuts`. */
export function subtract(spans: Span[], cuts: Span[]): Span[] {
  let out = union(spans);
  for (const [c, d] of union(cuts)) {
    out = out.flatMap(([a, b]): Span[] => {
      if (d <= a || c >= b) return [[a, b]];
      return [
        [a, Math.min(b, c)],
        [Math.max(a, d), b],
      ].filter(([x, y]) => y! > x!) as Span[];
    });
  }
  return out;
}

/** Start of the current calendar month in `zone`, as an instant. */
export function monthStart(zoneName: string, now: number): number {
  const zone = zoneOf(zoneName);
  const wall = DateTime.fromMillis(wallOf(zone, now), { zone: 'UTC' });
  return resolve(zone, Date.UTC(wall.year, wall.month - 1, 1));
}

/**
 * A weekly period as instants in [from, to). `thru_time` counts its whole minute, so the default
 * period Sunday 00:00 → Saturday 23:59 is the whole week; a thru before the from wraps the week.
 */
function periodSpans(p: PeriodRow, zoneName: string, from: number, to: number): Span[] {
  const zone = zoneOf(zoneName);
  const fromWall = wallOf(zone, from);
  const firstSunday = startOfDay(fromWall) - (weekdayOf(fromWall) - 1) * DAY - WEEK;
  const startMin = parseTimeOfDay(p.from_time) ?? 0;
  const thruMin = parseTimeOfDay(p.thru_time) ?? 0;
  const out: Span[] = [];
  for (let week = firstSunday; week <= wallOf(zone, to); week += WEEK) {
    const s = week + (p.from_day - 1) * DAY + startMin * MINUTE;
    let e = week + (p.thru_day - 1) * DAY + (thruMin + 1) * MINUTE;
    if (e <= s) e += WEEK;
    out.push([resolve(zone, s), resolve(zone, e)]);
  }
  return out;
}

/**
 * The windows of one SLA for the month so far. With no including period, the whole month is
 * measured (minus excluding periods); exclusions with a location leave out that location only.
 */
export function measureWindows(
  periods: PeriodRow[],
  exclusions: ExclusionRow[],
  zoneName: string,
  now: number,
): MeasureWindows {
  const start = monthStart(zoneName, now);
  const end = now + 1;
  const spans = (exclude: number) =>
    periods.filter((p) => p.exclude === exclude).flatMap((p) => periodSpans(p, zoneName, start, end));
  const including = periods.some((p) => p.exclude === 0) ? spans(0) : [[start, end] as Span];
  const allLocations = exclusions
    .filter((e) => e.location_id === null)
    .map((e): Span => [e.from_at, e.thru_at]);
  const include = subtract(
    subtract(including, spans(1)).map(([a, b]): Span => [Math.max(a, start), Math.min(b, end)]),
    allLocations,
  ).filter(([a, b]) => b > a);
  const byLocation = exclusions
    .filter((e) => e.location_id !== null)
    .map((e): [number, Span] => [e.location_id!, [e.from_at, e.thru_at]]);
  return { include, byLocation };
}
