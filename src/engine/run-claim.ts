import type { Verdict } from '../checks/types.ts';
import type { ClaimedCheck } from '../scheduler/claimer.ts';
import { PARKED, slotAfter } from '../slots/grid.ts';
import type { NewResultRow } from '../store/results.ts';
import { isFailure, verificationFor, type Verification } from './modes.ts';
import { runCheck, type RunDeps } from './run-check.ts';

/** What one claimed check produced, waiting for the batched completion. */
export interface Completion {
  claim: ClaimedCheck;
  /** The result to record; null when the run was skipped (Monitor blackout, monitor gone). */
  result: NewResultRow | null;
  /** The new next_run_at; null leaves it (verification runs do not move the grid). */
  nextRunAt: number | null;
  /** What the mode asks for after a failed scheduled run. */
  verification: Verification;
}

const UNSUPPORTED = 98;

function skip(c: ClaimedCheck, now: number): Completion {
  const nextRunAt = c.kind === 'verify' ? null : slotAfter(gridOf(c), now);
  return { claim: c, result: null, nextRunAt, verification: { kind: 'none' } };
}

const gridOf = (c: ClaimedCheck) => ({ periodMs: c.lease.period_ms, offsetMs: c.lease.offset_ms });

function resultRow(c: ClaimedCheck, startedAt: number, v: Verdict, first: Verdict | null): NewResultRow {
  const warning = first !== null && v.status === 0;
  const detail = first
    ? { ...v.detail, first_attempt_status: first.status, first_attempt_info: first.info_msg }
    : (v.detail ?? {});
  if (c.kind === 'verify' && c.lease.verify_for !== null)
    Object.assign(detail, { verifies_location: c.lease.verify_for });
  return {
    account_id: c.lease.account_id,
    monitor_id: c.lease.monitor_id,
    location_id: c.lease.location_id,
    kind: c.kind,
    scheduled_at: c.slot,
    started_at: startedAt,
    status: v.status,
    info_msg: warning ? `Passed on retry; the first attempt failed: ${first.info_msg}` : v.info_msg,
    response_ms: v.responseMs === null ? null : Math.round(v.responseMs),
    phases: JSON.stringify(v.phases),
    steps: JSON.stringify(v.steps),
    detail: JSON.stringify(detail),
    warning: warning ? 1 : 0,
    target: null,
  };
}

/**
 * Runs one claimed check: skips it under a `Monitor` blackout, re-runs a failure once at the same
 * location when retry_on_failure is on (a pass then is a warning, status 0), and says what comes
 * next. Answers null when `stop` aborted the run (shutdown): nothing is recorded and the released
 * lease lets the slot run again elsewhere.
 */
export async function runClaim(
  deps: RunDeps,
  c: ClaimedCheck,
  stop: AbortSignal,
): Promise<Completion | null> {
  const now = deps.clock.now();
  if (!c.input || c.blackedOut) return skip(c, now);
  const startedAt = now;
  let verdict = await runCheck(deps, c.input, stop);
  if (stop.aborted) return null;
  let first: Verdict | null = null;
  if (c.kind === 'scheduled' && c.retry && isFailure(verdict.status)) {
    first = verdict;
    verdict = await runCheck(deps, c.input, stop);
    if (stop.aborted) return null;
  }
  const result = resultRow(c, startedAt, verdict, first);
  if (c.kind === 'verify') return { claim: c, result, nextRunAt: null, verification: { kind: 'none' } };
  // 98 is recorded once; the row then waits, parked, until the monitor is edited (sync unparks).
  const nextRunAt = verdict.status === UNSUPPORTED ? PARKED : slotAfter(gridOf(c), deps.clock.now());
  const verification = isFailure(verdict.status)
    ? verificationFor(c.mode, c.lease.location_id, c.homeLocation, c.locations, first !== null)
    : ({ kind: 'none' } as const);
  return { claim: c, result, nextRunAt, verification };
}
