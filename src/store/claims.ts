// What a claimed batch needs to run, read with a fixed number of queries whatever the batch size.
import type { Db } from './db.ts';
import type { BlackoutRow } from './blackouts.ts';

/** A monitor as the engine runs it (no script: see monitorScripts). */
export interface RunMonitorRow {
  id: number;
  account_id: number;
  type: string;
  name: string;
  timeout: number;
  mode: string;
  home_location: number | null;
  config: string;
}

/** The monitors of a batch, by id. */
export async function monitorsForRun(db: Db, ids: number[]): Promise<Map<number, RunMonitorRow>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('monitors')
    .select(['id', 'account_id', 'type', 'name', 'timeout', 'mode', 'home_location', 'config'])
    .where('id', 'in', ids)
    .execute();
  return new Map(rows.map((r) => [r.id, r]));
}

/** Scripts of the given monitors (only asked for types that run one: they can be megabytes). */
export async function monitorScripts(db: Db, ids: number[]): Promise<Map<number, string | null>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('monitors').select(['id', 'script']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.script]));
}

/** Each monitor's location ids in list order (verification picks another one). */
export async function locationsOfMonitors(db: Db, ids: number[]): Promise<Map<number, number[]>> {
  const out = new Map<number, number[]>();
  if (ids.length === 0) return out;
  const rows = await db
    .selectFrom('monitor_locations')
    .select(['monitor_id', 'location_id'])
    .where('monitor_id', 'in', ids)
    .orderBy('monitor_id')
    .orderBy('position')
    .execute();
  for (const r of rows) {
    const list = out.get(r.monitor_id) ?? [];
    list.push(r.location_id);
    out.set(r.monitor_id, list);
  }
  return out;
}

/** Location names by id. */
export async function locationNames(db: Db, ids: number[]): Promise<Map<number, string>> {
  if (ids.length === 0) return new Map();
  const rows = await db.selectFrom('locations').select(['id', 'name']).where('id', 'in', ids).execute();
  return new Map(rows.map((r) => [r.id, r.name]));
}

/**
 * `Monitor`-type blackouts of the given monitors (of `accountIds`, for the index) that could be in force at `at` (all recurring
 * ones, one-time ones spanning `at`), with each account's time zone: one query for the batch.
 */
export async function monitorBlackoutsAt(
  db: Db,
  accountIds: number[],
  monitorIds: number[],
  at: number,
): Promise<{ row: BlackoutRow; timezone: string }[]> {
  if (monitorIds.length === 0) return [];
  const rows = await db
    .selectFrom('blackouts')
    .innerJoin('accounts', 'accounts.id', 'blackouts.account_id')
    .selectAll('blackouts')
    .select('accounts.timezone')
    .where('blackouts.account_id', 'in', accountIds)
    .where('blackouts.type', '=', 'Monitor')
    .where('blackouts.assoc_id', 'in', monitorIds)
    .where((eb) =>
      eb.or([
        eb('blackouts.persistent', '=', 1),
        eb.and([eb('blackouts.from_at', '<=', at), eb('blackouts.thru_at', '>', at)]),
      ]),
    )
    .execute();
  return rows.map(({ timezone, ...row }) => ({ row: row as BlackoutRow, timezone }));
}
