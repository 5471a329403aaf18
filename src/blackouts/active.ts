import type { Deps } from '../deps.ts';
import { loadBlackoutsAt, type BlackoutRow } from '../store/blackouts.ts';
import { blackoutAt, type BlackoutRule, type BlackoutState, type BlackoutType } from './window.ts';

/** Whose blackouts to check: a monitor's (Monitor, Alert) or a recipient's (Notifier). */
export type BlackoutTarget = { monitorId: number } | { recipientId: number };

/** A stored blackout as a window rule. */
export function ruleOf(row: BlackoutRow): BlackoutRule {
  const base = { id: row.id, type: row.type as BlackoutType };
  return row.persistent === 1
    ? {
        ...base,
        persistent: true,
        startDay: row.start_day ?? 1,
        startTime: row.start_time ?? '',
        endDay: row.end_day ?? 1,
        endTime: row.end_time ?? '',
      }
    : { ...base, persistent: false, fromAt: row.from_at ?? 0, thruAt: row.thru_at ?? 0 };
}

/**
 * Whether a monitor (or recipient) of `accountId` is blacked out at `at` (epoch ms), and for
 * which types: one query loads the account's time zone and the candidate blackouts, then the pure
 * window maths decides. The engine skips runs under `Monitor`; alerting sends nothing under
 * `Alert`, and skips a recipient under `Notifier` (docs/compatibility.md §13).
 */
export async function activeBlackouts(
  deps: Pick<Deps, 'db'>,
  accountId: number,
  target: BlackoutTarget,
  at: number,
): Promise<BlackoutState> {
  const which =
    'monitorId' in target
      ? { kind: 'monitor' as const, id: target.monitorId }
      : { kind: 'recipient' as const, id: target.recipientId };
  const { timezone, rows } = await loadBlackoutsAt(deps.db, accountId, which, at);
  return blackoutAt(timezone ?? 'UTC', at, rows.map(ruleOf));
}
