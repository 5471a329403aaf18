import type { Zone } from 'luxon';
import { ApiError } from '../domain/errors.ts';
import { formatTimeOfDay, parseDateTime, parseTimeOfDay, resolve } from './local-time.ts';
import type { BlackoutType } from './window.ts';

// The blackout rules that need no database: which kind a body describes, the date and time
// formats, "from before thru", "in the future". Each problem names its field; all are reported.

/** Blackout fields as a client sends them (null is the same as absent: GET shows nulls). */
export interface BlackoutFields {
  /** Monitor, Alert, Notifier, or Recipient (= Notifier). */
  type?: string;
  /** true = recurring, false = one-time; inferred from the other fields when absent. */
  persistent?: boolean;
  /** One-time bounds, account-local `YYYY-MM-DD HH:MM:SS`. */
  from_date?: string | null;
  thru_date?: string | null;
  /** Weekly bounds: day 1 = Sunday … 7 = Saturday, `hh:mm`. */
  start_day?: number | null;
  start_time?: string | null;
  end_day?: number | null;
  end_time?: string | null;
}

/** A one-time window, checked. */
export interface OneTimeWindow {
  /** Discriminant: one-time. */
  persistent: false;
  /** Start as given, account-local `YYYY-MM-DD HH:MM:SS`. */
  fromDate: string;
  /** End as given. */
  thruDate: string;
  /** Start as UTC epoch ms. */
  fromAt: number;
  /** End as UTC epoch ms (first instant no longer blacked out). */
  thruAt: number;
}

/** A weekly window, checked; times normalised to `hh:mm`. */
export interface RecurringWindow {
  /** Discriminant: recurring. */
  persistent: true;
  /** 1 = Sunday … 7 = Saturday. */
  startDay: number;
  /** `hh:mm`, first minute. */
  startTime: string;
  /** 1 = Sunday … 7 = Saturday. */
  endDay: number;
  /** `hh:mm`, last minute (included). */
  endTime: string;
}

export type CheckedWindow = OneTimeWindow | RecurringWindow;

const ONE_TIME = ['from_date', 'thru_date'] as const;
const RECURRING = ['start_day', 'start_time', 'end_day', 'end_time'] as const;
const DATE_FORMAT = 'must be a date and time YYYY-MM-DD HH:MM:SS';
const TIME_FORMAT = 'must be a time hh:mm from 00:00 to 23:59';

/** Collects field problems, then fails with all of them in one 400. */
export class Problems {
  private readonly list: { field: string; message: string }[] = [];

  /** Records that `field` is wrong; answers null, for `return problems.add(...)` in checks. */
  add(field: string, message: string): null {
    this.list.push({ field, message });
    return null;
  }

  /** How many problems so far: a check compares it before and after to know if it passed. */
  get count(): number {
    return this.list.length;
  }

  /** Throws the 400 if anything was recorded. */
  throwIfAny(): void {
    const [first, ...rest] = this.list;
    if (!first) return;
    const more = rest.map((p) => ({ message: p.message, fields: [p.field] }));
    throw new ApiError(400, first.message, [first.field], undefined, more);
  }
}

/** Runs `check`; throws its problems as one 400, else answers its result. */
export function mustPass<T>(check: (problems: Problems) => T | null): T {
  const problems = new Problems();
  const result = check(problems);
  problems.throwIfAny();
  if (result === null) throw new ApiError(400, 'invalid_request - Request is not valid.');
  return result;
}

/** `Recipient` is the docs' other name for `Notifier` (docs/compatibility.md §15). */
export const normalType = (type: string): BlackoutType =>
  (type === 'Recipient' ? 'Notifier' : type) as BlackoutType;

const present = (v: unknown) => v !== undefined && v !== null;

/**
 * Decides one-time or recurring: `persistent` when given, else from which fields are present.
 * Mixing both kinds, or giving neither, is a problem; answers null then.
 */
export function kindOf(f: BlackoutFields, problems: Problems, at = ''): boolean | null {
  const oneTime = ONE_TIME.filter((k) => present(f[k]));
  const recurring = RECURRING.filter((k) => present(f[k]));
  if (typeof f.persistent === 'boolean') {
    const stray = f.persistent ? oneTime : recurring;
    const kind = f.persistent ? 'recurring' : 'one-time';
    for (const k of stray) problems.add(at + k, `must be empty on a ${kind} blackout`);
    return stray.length === 0 ? f.persistent : null;
  }
  if (oneTime.length > 0 && recurring.length > 0) {
    const message =
      'give either from_date and thru_date (one-time) or start_day, start_time, end_day and end_time (recurring), not both';
    for (const k of [...oneTime, ...recurring]) problems.add(at + k, message);
    return null;
  }
  if (oneTime.length === 0 && recurring.length === 0) {
    const message =
      'required and is empty: give from_date and thru_date (one-time) or start_day, start_time, end_day and end_time (recurring)';
    for (const k of [...ONE_TIME, ...RECURRING]) problems.add(at + k, message);
    return null;
  }
  return recurring.length > 0;
}

/**
 * Checks a one-time window read in `zone`: real dates, from before thru, both in the future
 * (`now` truncated to the second, the format's precision, so "this second" is not the past).
 */
export function checkOneTime(
  f: BlackoutFields,
  zone: Zone,
  now: number,
  problems: Problems,
  at = '',
): OneTimeWindow | null {
  const read = (k: 'from_date' | 'thru_date'): number | null => {
    const text = f[k];
    if (!present(text)) return problems.add(at + k, 'required and is empty');
    const naive = parseDateTime(text as string);
    return naive === null ? problems.add(at + k, DATE_FORMAT) : resolve(zone, naive);
  };
  const fromAt = read('from_date');
  const thruAt = read('thru_date');
  if (fromAt === null || thruAt === null) return null;
  const nowSecond = now - (now % 1000);
  if (fromAt < nowSecond) {
    return problems.add(at + 'from_date', 'must be in the future: a past blackout cannot be created');
  }
  if (thruAt <= fromAt) return problems.add(at + 'thru_date', 'must be after from_date');
  return { persistent: false, fromDate: f.from_date!, thruDate: f.thru_date!, fromAt, thruAt };
}

/** Checks a weekly window: all four fields, days 1–7 (schema), times hh:mm. */
export function checkRecurring(f: BlackoutFields, problems: Problems, at = ''): RecurringWindow | null {
  const start = problems.count;
  const day = (k: 'start_day' | 'end_day'): number => {
    if (!present(f[k])) problems.add(at + k, 'required and is empty');
    return f[k] as number;
  };
  const time = (k: 'start_time' | 'end_time'): string => {
    const minutes = present(f[k]) ? parseTimeOfDay(f[k] as string) : null;
    if (minutes !== null) return formatTimeOfDay(minutes);
    problems.add(at + k, present(f[k]) ? TIME_FORMAT : 'required and is empty');
    return '';
  };
  const window: RecurringWindow = {
    persistent: true,
    startDay: day('start_day'),
    startTime: time('start_time'),
    endDay: day('end_day'),
    endTime: time('end_time'),
  };
  return problems.count === start ? window : null;
}

/** Kind, then the window of that kind; null (with problems recorded) when anything is wrong. */
export function checkWindow(
  f: BlackoutFields,
  zone: Zone,
  now: number,
  problems: Problems,
  at = '',
): CheckedWindow | null {
  const recurring = kindOf(f, problems, at);
  if (recurring === null) return null;
  return recurring ? checkRecurring(f, problems, at) : checkOneTime(f, zone, now, problems, at);
}
