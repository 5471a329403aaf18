// Monitoring modes (docs/compatibility.md §13), pure: when a failure asks for verification elsewhere, and what
// the latest status per (monitor, location) becomes after a scheduled result.
import { isInternalStatus } from '../domain/status-codes.ts';
import type { StatusRow } from '../store/results.ts';
import { ROUND_ROBIN } from '../slots/grid.ts';

/** A result that counts as an error: not OK and not the agent's own failure (21, 98). */
export const isFailure = (status: number): boolean => status !== 0 && !isInternalStatus(status);

/** What a failure at one location leads to. */
export type Verification =
  /** Nothing more: the mode does not verify, or this location's failures are only recorded. */
  | { kind: 'none' }
  /** The failure is confirmed already (single location whose retry failed too). */
  | { kind: 'confirmed' }
  /** Ask `location` to run the monitor now (kind 'verify'). */
  | { kind: 'verify'; location: number };

/**
 * Primary verifies failures of the home location only; Global Verify any location's. The other
 * location is the next one in the monitor's list after the failing one. With a single location
 * the verification is a re-check there, unless the retry already was one (a third run against a
 * failing target would tell nothing new).
 */
export function verificationFor(
  mode: string,
  location: number,
  home: number | null,
  locations: readonly number[],
  retried: boolean,
): Verification {
  const homeId = home ?? locations[0];
  if (!(mode === 'Global Verify' || (mode === 'Primary' && location === homeId))) return { kind: 'none' };
  const others = locations.filter((l) => l !== location);
  if (others.length === 0) return retried ? { kind: 'confirmed' } : { kind: 'verify', location };
  const at = locations.indexOf(location);
  const next = locations.slice(at + 1).find((l) => l !== location) ?? others[0]!;
  return { kind: 'verify', location: next };
}

/** A scheduled result as the status maths needs it. */
export interface Observed {
  monitor_id: number;
  location_id: number;
  account_id: number;
  slot: number;
  at: number;
  status: number;
  info_msg: string;
  response_ms: number | null;
  warning: boolean;
  /** The mode already confirms this failure (single location, retry failed). */
  confirmedNow: boolean;
}

/** Whether a new failure is confirmed at once by the mode (verification comes later, if any). */
function confirmedByMode(
  mode: string,
  prev: StatusRow | undefined,
  others: StatusRow[],
  o: Observed,
): boolean {
  if (o.confirmedNow) return true;
  if (mode === 'Global Notify' || mode === 'SLA') return true;
  if (mode === ROUND_ROBIN) {
    // "Two or more locations fail in a row": the monitor's previous run, wherever it ran, failed.
    const previous = [...others, ...(prev ? [prev] : [])].sort((a, b) => b.last_at - a.last_at)[0];
    return previous !== undefined && previous.consecutive_errors > 0;
  }
  // Primary, Global Verify: a failure already confirmed stays so while it lasts.
  return prev !== undefined && prev.consecutive_errors > 0 && prev.confirmed === 1;
}

/** The latest status after one scheduled result; internal results change only the last_* fields. */
export function nextStatus(
  mode: string,
  prev: StatusRow | undefined,
  others: StatusRow[],
  o: Observed,
): StatusRow {
  const base: StatusRow = {
    monitor_id: o.monitor_id,
    location_id: o.location_id,
    account_id: o.account_id,
    last_status: o.status,
    last_info_msg: o.info_msg,
    last_at: o.at,
    last_response_ms: o.response_ms,
    consecutive_errors: prev?.consecutive_errors ?? 0,
    last_error_at: prev?.last_error_at ?? null,
    last_ok_at: prev?.last_ok_at ?? null,
    last_slot: o.slot,
    last_warning: o.warning ? 1 : 0,
    confirmed: prev?.confirmed ?? 0,
  };
  if (isInternalStatus(o.status)) return base;
  if (o.status === 0) return { ...base, consecutive_errors: 0, last_ok_at: o.at, confirmed: 0 };
  return {
    ...base,
    consecutive_errors: base.consecutive_errors + 1,
    last_error_at: o.at,
    confirmed: confirmedByMode(mode, prev, others, o) ? 1 : 0,
  };
}
