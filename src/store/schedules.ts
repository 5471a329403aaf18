// check_schedules: one row per (enabled monitor, location). Every state-changing statement is a
// named function here; writes to a leased row are fenced on lease_owner and leased_slot.
import { sql, type RawBuilder } from 'kysely';
import type { Db } from './db.ts';
import type { DialectAdapter } from './dialect/types.ts';

/** A (monitor, location) grid as the sync computed it. */
export interface ScheduleValues {
  monitor_id: number;
  location_id: number;
  account_id: number;
  /** First slot at or after now, used for new rows and rows whose grid changed or were parked. */
  next_run_at: number;
  period_ms: number;
  offset_ms: number;
  monitor_version: number;
}

/** A row the claim leased: what the engine needs from the schedule to run and complete it. */
export interface LeasedRow {
  monitor_id: number;
  location_id: number;
  account_id: number;
  /** The slot this lease runs: next_run_at, or verify_at for a verification run. */
  leased_slot: number;
  next_run_at: number;
  period_ms: number;
  offset_ms: number;
  verify_at: number | null;
  verify_for: number | null;
}

/** How one leased row is released after its run (or skip). */
export interface ScheduleCompletion {
  monitor_id: number;
  location_id: number;
  leased_slot: number;
  /** The new next_run_at; null leaves it (a verification run does not move the grid). */
  next_run_at: number | null;
  /** Whether the run was the pending verification (clears verify_at). */
  verify: boolean;
}

// Keeps statements well under SQLite's and PostgreSQL's bound-parameter limits.
const CHUNK = 500;

const int = (v: number | null) => sql`CAST(${v} AS bigint)`;
const values = (rows: RawBuilder<unknown>[][]) => sql.join(rows.map((r) => sql`(${sql.join(r)})`));

/** Monitors, with their locations, that should have schedule rows (enabled), by id. */
export async function scheduleTargets(db: Db, monitorIds: number[]) {
  if (monitorIds.length === 0) return [];
  return db
    .selectFrom('monitors as m')
    .innerJoin('monitor_locations as ml', 'ml.monitor_id', 'm.id')
    .select(['m.id', 'm.account_id', 'm.interval', 'm.mode', 'm.updated_at', 'ml.location_id', 'ml.position'])
    .where('m.id', 'in', monitorIds)
    .where('m.enabled', '=', 1)
    .orderBy('m.id')
    .orderBy('ml.position')
    .execute();
}

/** Deletes rows of `monitorIds` that are not in `keep` (disabled, deleted, location removed). */
export async function deleteStaleSchedules(
  db: Db,
  monitorIds: number[],
  keep: { monitor_id: number; location_id: number }[],
): Promise<void> {
  if (monitorIds.length === 0) return;
  let q = db.deleteFrom('check_schedules').where('monitor_id', 'in', monitorIds);
  if (keep.length > 0) {
    const keys = keep.map((k) => [int(k.monitor_id), int(k.location_id)]);
    q = q.where(sql<boolean>`(monitor_id, location_id) NOT IN (VALUES ${values(keys)})`);
  }
  await q.execute();
}

/**
 * Inserts or refreshes schedule rows. An existing row keeps its next_run_at (a due slot is not
 * lost to an edit) unless its grid changed or it was parked after a 98; lease columns are never
 * touched here, so a run in flight completes normally.
 */
export async function upsertSchedules(db: Db, rows: ScheduleValues[], parked: number): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('check_schedules')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['monitor_id', 'location_id']).doUpdateSet({
          account_id: (eb) => eb.ref('excluded.account_id'),
          period_ms: (eb) => eb.ref('excluded.period_ms'),
          offset_ms: (eb) => eb.ref('excluded.offset_ms'),
          monitor_version: (eb) => eb.ref('excluded.monitor_version'),
          next_run_at: sql<number>`CASE WHEN check_schedules.next_run_at >= ${parked}
            OR check_schedules.period_ms <> excluded.period_ms
            OR check_schedules.offset_ms <> excluded.offset_ms
            THEN excluded.next_run_at ELSE check_schedules.next_run_at END`,
        }),
      )
      .execute();
  }
}

/** Enabled monitors whose rows are missing or older than the monitor: the reconcile re-syncs them. */
export async function monitorsOutOfSync(db: Db, limit: number): Promise<number[]> {
  const rows = await db
    .selectFrom('monitors as m')
    .innerJoin('monitor_locations as ml', 'ml.monitor_id', 'm.id')
    .leftJoin('check_schedules as s', (j) =>
      j.onRef('s.monitor_id', '=', 'm.id').onRef('s.location_id', '=', 'ml.location_id'),
    )
    .select('m.id')
    .distinct()
    .where('m.enabled', '=', 1)
    .where((eb) =>
      eb.or([eb('s.monitor_id', 'is', null), eb('s.monitor_version', '<>', eb.ref('m.updated_at'))]),
    )
    .limit(limit)
    .execute();
  return rows.map((r) => r.id);
}

/** Deletes rows whose monitor is disabled or no longer runs at that location (set-based). */
export async function deleteOrphanSchedules(db: Db): Promise<number> {
  const r = await db
    .deleteFrom('check_schedules')
    .where(({ not, exists, selectFrom }) =>
      not(
        exists(
          selectFrom('monitors as m')
            .innerJoin('monitor_locations as ml', 'ml.monitor_id', 'm.id')
            .select('m.id')
            .whereRef('m.id', '=', 'check_schedules.monitor_id')
            .whereRef('ml.location_id', '=', 'check_schedules.location_id')
            .where('m.enabled', '=', 1),
        ),
      ),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * Leases up to `limit` due rows of `locations` in one statement: a row is due when its slot or a
 * requested verification has come and no live lease holds it. PostgreSQL skips rows another
 * claimer has locked; SQLite serialises writers, so the statement alone is atomic.
 */
export async function claimDue(
  db: Db,
  dialect: DialectAdapter,
  o: { owner: string; locations: number[]; limit: number; leaseMs: number; now: number },
): Promise<LeasedRow[]> {
  const { owner, locations, limit, leaseMs, now } = o;
  const free = sql`(lease_until IS NULL OR lease_until < ${int(now)})`;
  const here = sql`location_id IN (${sql.join(locations)})`;
  const pick = dialect.pickDueSchedules({ here, free, now: int(now), limit });
  const r = await sql<LeasedRow>`
    UPDATE check_schedules SET lease_owner = ${owner}, lease_until = ${int(now + leaseMs)},
      leased_slot = CASE WHEN verify_at IS NOT NULL AND verify_at <= ${int(now)} THEN verify_at ELSE next_run_at END
    WHERE ${pick}
    RETURNING monitor_id, location_id, account_id, leased_slot, next_run_at, period_ms, offset_ms,
      verify_at, verify_for`.execute(db);
  return r.rows;
}

/** Pushes out every lease `owner` holds (runs still in flight); one statement for all. */
export async function extendLeases(db: Db, owner: string, until: number): Promise<number> {
  const r = await db
    .updateTable('check_schedules')
    .set({ lease_until: until })
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/** Gives back every lease `owner` still holds (shutdown): those slots become due for others. */
export async function releaseLeases(db: Db, owner: string): Promise<number> {
  const r = await db
    .updateTable('check_schedules')
    .set({ lease_owner: null, lease_until: null, leased_slot: null })
    .where('lease_owner', '=', owner)
    .executeTakeFirst();
  return Number(r.numUpdatedRows);
}

/**
 * Completes leased rows: moves next_run_at, clears a served verification and the lease. Fenced on
 * lease_owner and leased_slot, so a worker whose lease expired and was taken over changes
 * nothing; answers the (monitor, location) keys that were still ours (only those get results).
 */
export async function completeLeases(
  db: Db,
  owner: string,
  rows: ScheduleCompletion[],
): Promise<Set<string>> {
  const done = new Set<string>();
  for (let i = 0; i < rows.length; i += CHUNK) {
    const v = rows
      .slice(i, i + CHUNK)
      .map((c) => [
        int(c.monitor_id),
        int(c.location_id),
        int(c.leased_slot),
        int(c.next_run_at),
        int(c.verify ? 1 : 0),
      ]);
    const r = await sql<{ monitor_id: number; location_id: number }>`
      UPDATE check_schedules SET
        next_run_at = COALESCE(v.column4, check_schedules.next_run_at),
        last_slot = CASE WHEN v.column5 = 1 THEN check_schedules.last_slot ELSE v.column3 END,
        verify_at = CASE WHEN v.column5 = 1 THEN NULL ELSE check_schedules.verify_at END,
        verify_for = CASE WHEN v.column5 = 1 THEN NULL ELSE check_schedules.verify_for END,
        lease_owner = NULL, lease_until = NULL, leased_slot = NULL
      FROM (VALUES ${values(v)}) AS v
      WHERE check_schedules.monitor_id = v.column1 AND check_schedules.location_id = v.column2
        AND check_schedules.leased_slot = v.column3 AND check_schedules.lease_owner = ${owner}
      RETURNING check_schedules.monitor_id, check_schedules.location_id`.execute(db);
    for (const k of r.rows) done.add(`${k.monitor_id}:${k.location_id}`);
  }
  return done;
}

/**
 * Asks for a verification run at other locations. Only the request columns are written, not the
 * lease, so it is safe on a row another worker holds: its claimer picks the request up next.
 * A pending request is not replaced.
 */
export async function requestVerifications(
  db: Db,
  rows: { monitor_id: number; location_id: number; origin: number }[],
  at: number,
): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    const v = rows.slice(i, i + CHUNK).map((r) => [int(r.monitor_id), int(r.location_id), int(r.origin)]);
    await sql`
      UPDATE check_schedules SET verify_at = ${int(at)}, verify_for = v.column3
      FROM (VALUES ${values(v)}) AS v
      WHERE check_schedules.monitor_id = v.column1 AND check_schedules.location_id = v.column2
        AND check_schedules.verify_at IS NULL`.execute(db);
  }
}
