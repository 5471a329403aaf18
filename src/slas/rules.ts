import { DateTime } from 'luxon';
import { invalid } from '../domain/errors.ts';
import type { NewExclusion, NewPeriod } from '../store/slas.ts';
import type { ExclusionInput, Objectives, PeriodInput } from './schema.ts';

// The SLA rules of docs/alertsite-v3.md §11.1 that are not plain schema ranges: rounding, periods that cannot
// be empty, exclusion dates in the account's time zone, exclusion locations of the monitor.

export type { ExclusionInput, Objectives, PeriodInput };

/** The period an SLA gets when none is given: the whole week, Sunday 00:00 → Saturday 23:59. */
export const DEFAULT_PERIOD: PeriodInput = {
  exclude: false,
  from_day: 1,
  from_time: '00:00',
  thru_day: 7,
  thru_time: '23:59',
};

/** Rounds half away from zero on the decimal text, so 95.5555 gives 95.556 (not binary 95.555). */
export function roundTo(x: number, digits: number): number {
  return Number(`${Math.round(Number(`${x}e${digits}`))}e-${digits}`);
}

function percent(field: string, x: number): number {
  const v = roundTo(x, 3);
  // The schema bounds 0..100; a value that rounds to 0 is still not above 0.
  if (!(v > 0 && v <= 100)) throw invalid(field, 'must be greater than 0 and at most 100');
  return v;
}

function seconds(field: string, x: number): number {
  const v = roundTo(x, 2);
  if (!(v >= 0 && v <= 300)) throw invalid(field, 'must be between 0 and 300 seconds');
  return v;
}

/** Objectives rounded and range-checked, as the columns they are stored in. */
export function objectiveColumns(o: Objectives) {
  const out: {
    availability?: number;
    uptime?: number;
    response_time?: number;
    secondary_response_time?: number;
    use_fullpage_time?: number;
  } = {};
  if (o.availability !== undefined) out.availability = percent('availability', o.availability);
  if (o.uptime !== undefined) out.uptime = percent('uptime', o.uptime);
  if (o.response_time !== undefined) out.response_time = seconds('response_time', o.response_time);
  if (o.secondary_response_time !== undefined)
    out.secondary_response_time = seconds('secondary_response_time', o.secondary_response_time);
  if (o.use_fullpage_time !== undefined) out.use_fullpage_time = o.use_fullpage_time ? 1 : 0;
  return out;
}

/**
 * Periods as rows. A period whose thru is earlier in the week than its from wraps over Saturday →
 * Sunday (the same week arithmetic as recurring blackouts); only an empty period is refused.
 */
export function periodRows(periods: PeriodInput[]): NewPeriod[] {
  return periods.map((p, i) => {
    if (p.from_day === p.thru_day && p.from_time === p.thru_time)
      throw invalid(`operating_periods[${i}]`, 'from and thru must differ');
    return {
      exclude: p.exclude ? 1 : 0,
      from_day: p.from_day,
      from_time: p.from_time,
      thru_day: p.thru_day,
      thru_time: p.thru_time,
    };
  });
}

/** Epoch ms of "YYYY-MM-DD HH:MM:SS" in `zone`, or null when it is not a real date and time. */
export function parseLocalDateTime(text: string, zone: string): number | null {
  // luxon reads "24:00:00" as the next midnight; the format allows hours 00–23 only.
  if (!/^\d{4}-\d{2}-\d{2} ([01]\d|2[0-3]):[0-5]\d:[0-5]\d$/.test(text)) return null;
  const dt = DateTime.fromFormat(text, 'yyyy-MM-dd HH:mm:ss', { zone });
  return dt.isValid ? dt.toMillis() : null;
}

/**
 * Exclusions as rows: dates read in the account's time zone (past and future allowed), from before
 * thru, and a location that the monitor runs from. `locationsOk` is asked per location id.
 */
export function exclusionRows(
  items: ExclusionInput[],
  zone: string,
  locationsOk: (locationId: number) => boolean,
  whose = "the monitor's",
): NewExclusion[] {
  const field = 'exclusions';
  return items.map((e, i) => {
    const from = parseLocalDateTime(e.from_date, zone);
    if (from === null) throw invalid(`${field}[${i}].from_date`, 'must be a valid "YYYY-MM-DD HH:MM:SS"');
    const thru = parseLocalDateTime(e.thru_date, zone);
    if (thru === null) throw invalid(`${field}[${i}].thru_date`, 'must be a valid "YYYY-MM-DD HH:MM:SS"');
    if (thru <= from) throw invalid(`${field}[${i}].thru_date`, 'must be after from_date');
    const location = e.location_id ?? null;
    if (location !== null && !locationsOk(location))
      throw invalid(`${field}[${i}].location_id`, `must be one of ${whose} locations`);
    return {
      from_date: e.from_date,
      thru_date: e.thru_date,
      from_at: from,
      thru_at: thru,
      location_id: location,
      note: e.note ?? '',
    };
  });
}

/** Full-page monitors measure the whole page load: `interval_fullpage` set and not -1. */
export function isFullPage(config: string): boolean {
  try {
    const v = (JSON.parse(config) as { interval_fullpage?: unknown }).interval_fullpage;
    return v !== undefined && v !== null && v !== '' && Number(v) !== -1;
  } catch {
    return false;
  }
}

/** Monitors in SLA (MultiPOP) mode are the only ones measured against `uptime`. */
export const isSlaMode = (mode: string) => mode === 'SLA';
