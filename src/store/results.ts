// check_results, monitor_status and check_rollups as the engine writes them: batched statements,
// called inside the completion transaction (store/schedules.ts fences which rows get here).
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from './db.ts';
import type { DialectAdapter } from './dialect/types.ts';
import type { CheckResultTable, CheckRollupTable, MonitorStatusTable } from './tables/engine.ts';

export type NewResultRow = Insertable<CheckResultTable>;
export type StatusRow = Selectable<MonitorStatusTable>;
export type RollupDelta = Selectable<CheckRollupTable>;

// 16 columns a row: 400 rows stay under SQLite's 32,766 and PostgreSQL's 65,535 parameters.
const CHUNK = 400;

/** Inserts results in chunks. */
export async function insertResults(db: Db, rows: NewResultRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('check_results')
      .values(rows.slice(i, i + CHUNK))
      .execute();
  }
}

/** Latest status rows of the given monitors (every location), for the state maths of a batch. */
export async function statusesOf(db: Db, monitorIds: number[]): Promise<StatusRow[]> {
  if (monitorIds.length === 0) return [];
  return db.selectFrom('monitor_status').selectAll().where('monitor_id', 'in', monitorIds).execute();
}

/** Writes the computed latest status per (monitor, location). */
export async function upsertStatuses(db: Db, rows: StatusRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await db
      .insertInto('monitor_status')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['monitor_id', 'location_id']).doUpdateSet((eb) => ({
          account_id: eb.ref('excluded.account_id'),
          last_status: eb.ref('excluded.last_status'),
          last_info_msg: eb.ref('excluded.last_info_msg'),
          last_at: eb.ref('excluded.last_at'),
          last_response_ms: eb.ref('excluded.last_response_ms'),
          consecutive_errors: eb.ref('excluded.consecutive_errors'),
          last_error_at: eb.ref('excluded.last_error_at'),
          last_ok_at: eb.ref('excluded.last_ok_at'),
          last_slot: eb.ref('excluded.last_slot'),
          last_warning: eb.ref('excluded.last_warning'),
          confirmed: eb.ref('excluded.confirmed'),
        })),
      )
      .execute();
  }
}

/**
 * Marks failures as confirmed by a verification run elsewhere; only rows still failing (an OK
 * that landed meanwhile wins).
 */
export async function confirmFailures(
  db: Db,
  keys: { monitor_id: number; location_id: number }[],
): Promise<void> {
  for (let i = 0; i < keys.length; i += CHUNK) {
    const v = keys
      .slice(i, i + CHUNK)
      .map((k) => sql`(CAST(${k.monitor_id} AS integer), CAST(${k.location_id} AS integer))`);
    // A join on the primary key (UPDATE … FROM): SQLite would scan the table for a row-value IN.
    await sql`UPDATE monitor_status SET confirmed = 1 FROM (VALUES ${sql.join(v)}) AS v
      WHERE monitor_status.monitor_id = v.column1 AND monitor_status.location_id = v.column2
        AND monitor_status.consecutive_errors > 0`.execute(db);
  }
}

/** Adds per-hour deltas to the rollups (insert, or add to the counters already there). */
export async function addToRollups(db: Db, dialect: DialectAdapter, deltas: RollupDelta[]): Promise<void> {
  for (let i = 0; i < deltas.length; i += CHUNK) {
    await db
      .insertInto('check_rollups')
      .values(deltas.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['monitor_id', 'location_id', 'hour']).doUpdateSet({
          runs: sql`check_rollups.runs + excluded.runs`,
          errors: sql`check_rollups.errors + excluded.errors`,
          internal: sql`check_rollups.internal + excluded.internal`,
          warnings: sql`check_rollups.warnings + excluded.warnings`,
          response_sum: sql`check_rollups.response_sum + excluded.response_sum`,
          response_count: sql`check_rollups.response_count + excluded.response_count`,
          response_max: sql`${dialect.greatest}(check_rollups.response_max, excluded.response_max)`,
        }),
      )
      .execute();
  }
}

/** Deletes up to `limit` raw results older than `before`; answers how many went. */
export async function purgeOldResults(db: Db, before: number, limit: number): Promise<number> {
  const r = await db
    .deleteFrom('check_results')
    .where('id', 'in', (eb) =>
      eb.selectFrom('check_results').select('id').where('started_at', '<', before).limit(limit),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Deletes up to `limit` hourly rollups of hours before `before`. */
export async function purgeOldRollups(db: Db, before: number, limit: number): Promise<number> {
  const r = await sql`DELETE FROM check_rollups WHERE (monitor_id, location_id, hour) IN (
      SELECT monitor_id, location_id, hour FROM check_rollups WHERE hour < ${before} LIMIT ${limit})`.execute(
    db,
  );
  return Number(r.numAffectedRows ?? 0);
}
