import type { Zone } from 'luxon';
import { parseTimeOfDay, resolve, startOfDay, wallOf, weekdayOf, zoneOf } from './local-time.ts';

// "Is this monitor (or recipient) blacked out at instant T, and for what?" — pure, so the engine
// and alerting can call it with rows they already hold, and it can be tested without a database.
//
// One-time windows are instants: [from_at, thru_at), so a blackout "13:00:00 to 15:30:00" lets the
// 15:30:00 check run.
//
// Recurring windows are weekly and read on the account's wall clock: "Sunday 01:00 to Sunday 03:00"
// is 01:00–03:00 local in summer and in winter. Their end minute is included (hh:mm has no
// seconds, and AlertSite's own example "Friday 00:00 – Saturday 23:59" means the whole weekend), so
// an occurrence runs from start_time to end_time + 1 minute. A start day/time after the end wraps
// the week (Saturday 22:00 → Sunday 02:00); equal bounds make a whole week.
//
// Each occurrence's bounds become instants by RFC 5545 §3.3.5 (see `resolve`):
// - spring forward: a bound inside the skipped hour moves forward by the gap, so a window never
//   silently disappears: Sunday 02:15–02:45 in New York runs 03:15–03:46 EDT on the change day,
//   and 01:00–03:00 runs 01:00 EST–03:01 EDT (one real hour shorter, same wall times);
// - fall back: a bound inside the repeated hour means its first occurrence, so 01:00–03:00 covers
//   both passes through 01:xx (three real hours), while 01:15–01:45 happens once, on the first pass.

/** The three kinds of blackout (AlertSite `type`). */
export const BLACKOUT_TYPES = ['Monitor', 'Alert', 'Notifier'] as const;
export type BlackoutType = (typeof BLACKOUT_TYPES)[number];

interface RuleBase {
  /** Blackout id, reported back in `ids`. */
  id: number;
  /** Monitor: no runs; Alert: runs but no alerts; Notifier: one recipient silenced. */
  type: BlackoutType;
}

/** A one-time blackout: two instants. */
export interface OneTimeRule extends RuleBase {
  /** Discriminant: one-time. */
  persistent: false;
  /** First blacked-out instant, epoch ms. */
  fromAt: number;
  /** First instant no longer blacked out, epoch ms. */
  thruAt: number;
}

/** A weekly blackout in the account's wall-clock time. */
export interface RecurringRule extends RuleBase {
  /** Discriminant: recurring. */
  persistent: true;
  /** 1 = Sunday … 7 = Saturday. */
  startDay: number;
  /** `hh:mm`, first blacked-out minute. */
  startTime: string;
  /** 1 = Sunday … 7 = Saturday. */
  endDay: number;
  /** `hh:mm`, last blacked-out minute (included). */
  endTime: string;
}

export type BlackoutRule = OneTimeRule | RecurringRule;

/** What is in force at one instant. */
export interface BlackoutState {
  /** Whether any blackout covers the instant. */
  blackedOut: boolean;
  /** The types in force, each once, in the order Monitor, Alert, Notifier. */
  types: BlackoutType[];
  /** Ids of the blackouts in force, in the order given. */
  ids: number[];
}

const MINUTE = 60_000;
const DAY = 86_400_000;
const WEEK_MINUTES = 7 * 1440;

/** Whether a weekly window covers `at`; rules with unreadable times cover nothing. */
export function recurringCovers(zone: Zone, at: number, r: Omit<RecurringRule, 'id' | 'type'>): boolean {
  const startTod = parseTimeOfDay(r.startTime);
  const endTod = parseTimeOfDay(r.endTime);
  if (startTod === null || endTod === null) return false;
  const startOfWeek = (r.startDay - 1) * 1440 + startTod;
  const endOfWeek = (r.endDay - 1) * 1440 + endTod + 1;
  const length = (((endOfWeek - startOfWeek) % WEEK_MINUTES) + WEEK_MINUTES) % WEEK_MINUTES || WEEK_MINUTES;

  const wall = wallOf(zone, at);
  const daysBack = (weekdayOf(wall) - r.startDay + 7) % 7;
  // The occurrence that started on the latest start_day on or before today, and the one a week
  // earlier (it may still be running: windows last up to a week).
  for (const weeks of [0, 1]) {
    const start = startOfDay(wall) - (daysBack + 7 * weeks) * DAY + startTod * MINUTE;
    if (resolve(zone, start) <= at && at < resolve(zone, start + length * MINUTE)) return true;
  }
  return false;
}

/** Which of `rules` cover instant `at` (epoch ms) for an account in time zone `timezone`. */
export function blackoutAt(timezone: string, at: number, rules: readonly BlackoutRule[]): BlackoutState {
  const zone = zoneOf(timezone);
  const ids: number[] = [];
  const types = new Set<BlackoutType>();
  for (const r of rules) {
    const covers = r.persistent ? recurringCovers(zone, at, r) : r.fromAt <= at && at < r.thruAt;
    if (covers) {
      ids.push(r.id);
      types.add(r.type);
    }
  }
  return { blackedOut: ids.length > 0, types: BLACKOUT_TYPES.filter((t) => types.has(t)), ids };
}
