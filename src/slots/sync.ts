import type { Db } from '../store/db.ts';
import {
  deleteOrphanSchedules,
  deleteStaleSchedules,
  monitorsOutOfSync,
  scheduleTargets,
  upsertSchedules,
  type ScheduleValues,
} from '../store/schedules.ts';
import { PARKED, slotAtOrAfter, slotGrid } from './grid.ts';

const SYNC_CHUNK = 500;

/**
 * Makes the schedule rows of `monitorIds` match the monitors: one row per (enabled monitor,
 * location) on its grid; rows of disabled or deleted monitors and of dropped locations go.
 * Called inside the monitor's own transaction (monitors/service.ts), so an edit takes effect on
 * the next claim; the reconcile calls it for monitors written around the service.
 */
export async function syncSchedules(db: Db, monitorIds: number[], now: number): Promise<ScheduledWork> {
  const work: ScheduledWork = { locations: [], dueAt: null };
  for (let i = 0; i < monitorIds.length; i += SYNC_CHUNK) {
    const ids = monitorIds.slice(i, i + SYNC_CHUNK);
    const targets = await scheduleTargets(db, ids);
    const counts = new Map<number, number>();
    for (const t of targets) counts.set(t.id, (counts.get(t.id) ?? 0) + 1);
    const rows: ScheduleValues[] = [];
    const positions = new Map<number, number>();
    for (const t of targets) {
      // Position among the monitor's locations (rows arrive in list order), for Round Robin turns.
      const position = positions.get(t.id) ?? 0;
      positions.set(t.id, position + 1);
      const grid = slotGrid(t.id, t.location_id, t.interval, t.mode, position, counts.get(t.id)!);
      rows.push({
        monitor_id: t.id,
        location_id: t.location_id,
        account_id: t.account_id,
        next_run_at: slotAtOrAfter(grid, now),
        period_ms: grid.periodMs,
        offset_ms: grid.offsetMs,
        monitor_version: t.updated_at,
      });
    }
    await deleteStaleSchedules(db, ids, rows);
    await upsertSchedules(db, rows, PARKED);
    for (const r of rows) {
      if (!work.locations.includes(r.location_id)) work.locations.push(r.location_id);
      if (work.dueAt === null || r.next_run_at < work.dueAt) work.dueAt = r.next_run_at;
    }
  }
  return work;
}

/**
 * What a sync scheduled, for the wake-up published after the commit: the locations whose workers
 * should look, and the earliest slot a new or moved row may have (an unchanged row keeps its own,
 * later or equal, slot: an early wake-up costs one empty claim).
 */
export interface ScheduledWork {
  locations: number[];
  dueAt: number | null;
}

/** The one hook monitors/service.ts calls after a create, edit, delete, enable or disable. */
export async function syncMonitorSchedule(db: Db, monitorId: number, now: number): Promise<ScheduledWork> {
  return syncSchedules(db, [monitorId], now);
}

/**
 * The safety net behind the hook, cheap enough to run every minute: one anti-join finds enabled
 * monitors whose rows are missing or older than the monitor, one set-based delete drops rows no
 * monitor wants. Answers how many monitors were re-synced and rows deleted.
 */
export async function reconcileSchedules(
  db: Db,
  now: number,
  limit = 5000,
): Promise<{ synced: number; deleted: number }> {
  const ids = await monitorsOutOfSync(db, limit);
  if (ids.length > 0) await db.transaction().execute((tx) => syncSchedules(tx, ids, now));
  const deleted = await deleteOrphanSchedules(db);
  return { synced: ids.length, deleted };
}
