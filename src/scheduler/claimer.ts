import { blackoutAt } from '../blackouts/window.ts';
import { ruleOf } from '../blackouts/active.ts';
import type { CheckInput } from '../checks/types.ts';
import type { Deps } from '../deps.ts';
import { executionOf, monitorType } from '../monitors/registry.ts';
import { parseConfig } from '../monitors/view.ts';
import {
  locationNames,
  locationsOfMonitors,
  monitorBlackoutsAt,
  monitorScripts,
  monitorsForRun,
  type RunMonitorRow,
} from '../store/claims.ts';
import { claimDue, type LeasedRow } from '../store/schedules.ts';

/** What kind of result a run records. */
export type RunKind = 'scheduled' | 'verify';

/** One leased (monitor, location) with everything needed to run and complete it. */
export interface ClaimedCheck {
  /** The schedule row as leased (fencing keys, grid). */
  lease: LeasedRow;
  /** `verify` when the lease serves a verification another location asked for. */
  kind: RunKind;
  /** The slot the result belongs to (scheduled_at). */
  slot: number;
  /** What the executor runs; null when the monitor vanished between claim and load. */
  input: CheckInput | null;
  /** The monitor's mode (docs/compatibility.md §13). */
  mode: string;
  homeLocation: number | null;
  /** retry_on_failure (default on). */
  retry: boolean;
  /** The monitor's locations in list order. */
  locations: number[];
  /** A `Monitor` blackout covers the slot: no run, no result, next slot. */
  blackedOut: boolean;
}

/** How a claimer takes work. */
export interface ClaimOptions {
  /** This worker's id: the lease owner. */
  owner: string;
  /** Locations this worker runs. */
  locations: number[];
  limit: number;
  leaseMs: number;
}

function blackedOutMonitors(found: Awaited<ReturnType<typeof monitorBlackoutsAt>>, at: number): Set<number> {
  const byMonitor = new Map<number, { timezone: string; rules: ReturnType<typeof ruleOf>[] }>();
  for (const { row, timezone } of found) {
    const entry = byMonitor.get(row.assoc_id) ?? { timezone, rules: [] };
    entry.rules.push(ruleOf(row));
    byMonitor.set(row.assoc_id, entry);
  }
  const out = new Set<number>();
  for (const [id, { timezone, rules }] of byMonitor)
    if (blackoutAt(timezone, at, rules).blackedOut) out.add(id);
  return out;
}

function inputOf(
  m: RunMonitorRow,
  script: string | null,
  location: { id: number; name: string },
): CheckInput {
  return {
    monitorId: m.id,
    accountId: m.account_id,
    type: m.type,
    name: m.name,
    config: parseConfig(m.config),
    script,
    timeoutMs: m.timeout * 1000,
    location,
  };
}

/** Monitors of the batch whose type runs a script: only those pay for reading it. */
function needScripts(monitors: Map<number, RunMonitorRow>): number[] {
  const ids: number[] = [];
  for (const m of monitors.values()) {
    const spec = monitorType(m.type);
    if (spec?.script && executionOf(m.type, parseConfig(m.config)).executed) ids.push(m.id);
  }
  return ids;
}

/**
 * Claims one batch and loads what it needs with a fixed number of queries (claim, monitors,
 * locations of the monitors, location names, blackouts, and scripts only when a script type is in
 * the batch), whatever the batch size.
 */
export async function claimBatch(
  deps: Pick<Deps, 'db' | 'dialect' | 'clock'>,
  o: ClaimOptions,
): Promise<ClaimedCheck[]> {
  const now = deps.clock.now();
  const leased = await claimDue(deps.db, deps.dialect, { ...o, now });
  if (leased.length === 0) return [];
  const monitorIds = [...new Set(leased.map((l) => l.monitor_id))];
  const monitors = await monitorsForRun(deps.db, monitorIds);
  const [scripts, lists, names, blackouts] = await Promise.all([
    monitorScripts(deps.db, needScripts(monitors)),
    locationsOfMonitors(deps.db, monitorIds),
    locationNames(deps.db, [...new Set(leased.map((l) => l.location_id))]),
    monitorBlackoutsAt(deps.db, [...new Set(leased.map((l) => l.account_id))], monitorIds, now),
  ]);
  const dark = blackedOutMonitors(blackouts, now);
  return leased.map((lease) => {
    const m = monitors.get(lease.monitor_id);
    const verify = lease.verify_at !== null && lease.leased_slot === lease.verify_at;
    const location = { id: lease.location_id, name: names.get(lease.location_id) ?? `#${lease.location_id}` };
    const input = m ? inputOf(m, scripts.get(m.id) ?? null, location) : null;
    return {
      lease,
      kind: verify ? 'verify' : 'scheduled',
      slot: lease.leased_slot,
      input,
      mode: m?.mode ?? 'Primary',
      homeLocation: m?.home_location ?? null,
      retry: input?.config.retry_on_failure !== false,
      locations: lists.get(lease.monitor_id) ?? [],
      blackedOut: dark.has(lease.monitor_id),
    };
  });
}
