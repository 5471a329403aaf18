import { sql } from 'kysely';
import type { Db } from './db.ts';

// Read models of what the check engine recorded: the site status report and a monitor's result
// history. Each function is one statement whatever the number of monitors or rows.

/** The caller's account and its sub-accounts (one level, docs/compatibility.md §3). */
export async function accountFamily(db: Db, accountId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('accounts')
    .select('id')
    .where((eb) => eb.or([eb('id', '=', accountId), eb('parent_id', '=', accountId)]))
    .orderBy('id')
    .execute();
  return rows.map((r) => r.id);
}

/** (group, monitor) pairs of the named recipient groups of `accounts`, steps folded into the monitor. */
export async function groupMonitors(
  db: Db,
  accounts: number[],
  groupIds: number[],
): Promise<{ group_id: number; monitor_id: number | null }[]> {
  return db
    .selectFrom('notifier_groups as g')
    .leftJoin('notifier_group_monitors as gm', 'gm.group_id', 'g.id')
    .select(['g.id as group_id', 'gm.monitor_id'])
    .distinct()
    .where('g.account_id', 'in', accounts)
    .where('g.id', 'in', groupIds)
    .orderBy('g.id')
    .orderBy('gm.monitor_id')
    .execute();
}

/** One monitor at one of its locations, with the latest status recorded there (if any). */
export interface SiteStatusRow {
  id: number;
  account_id: number;
  name: string;
  type: string;
  enabled: number;
  interval: number;
  home_location: number | null;
  /** null for a monitor without locations. */
  location_id: number | null;
  location_name: string | null;
  /** The location's liveness columns (domain/liveness.ts); null for a monitor without locations. */
  location_online: number | null;
  location_last_seen: number | null;
  /** Latest scheduled result at that location; null when it never ran there. */
  last_status: number | null;
  last_info_msg: string | null;
  last_at: number | null;
  last_response_ms: number | null;
  /** Latest OK and latest failure at that location (the dashboard's "since" column). */
  last_ok_at: number | null;
  last_error_at: number | null;
}

/** Monitors of `accounts` (optionally only `ids`) × their locations × their latest status. */
export async function siteStatusRows(db: Db, accounts: number[], ids?: number[]): Promise<SiteStatusRow[]> {
  let q = db
    .selectFrom('monitors as m')
    .leftJoin('monitor_locations as ml', 'ml.monitor_id', 'm.id')
    .leftJoin('locations as l', 'l.id', 'ml.location_id')
    .leftJoin('monitor_status as s', (j) =>
      j.onRef('s.monitor_id', '=', 'm.id').onRef('s.location_id', '=', 'ml.location_id'),
    )
    .select([
      'm.id',
      'm.account_id',
      'm.name',
      'm.type',
      'm.enabled',
      'm.interval',
      'm.home_location',
      'ml.location_id',
      'l.name as location_name',
      'l.online as location_online',
      'l.last_seen as location_last_seen',
      's.last_status',
      's.last_info_msg',
      's.last_at',
      's.last_response_ms',
      's.last_ok_at',
      's.last_error_at',
    ])
    .where('m.account_id', 'in', accounts);
  if (ids) q = q.where('m.id', 'in', ids);
  return q.orderBy('m.id').orderBy('ml.position').execute();
}

/** Scheduled kinds: what the engine records on its own (test-on-demand rows are left out). */
export const SCHEDULED_KINDS = ['scheduled', 'retry', 'verify'];

/** A window of one monitor's history, optionally at one location. */
export interface HistoryWindow {
  monitorId: number;
  locationId?: number;
  /** Epoch ms, inclusive. */
  from: number;
  /** Epoch ms, exclusive. */
  to: number;
}

function rawQuery(db: Db, w: HistoryWindow) {
  let q = db
    .selectFrom('check_results')
    .where('monitor_id', '=', w.monitorId)
    .where('kind', 'in', SCHEDULED_KINDS)
    .where('started_at', '>=', w.from)
    .where('started_at', '<', w.to);
  if (w.locationId !== undefined) q = q.where('location_id', '=', w.locationId);
  return q;
}

function rollupQuery(db: Db, w: HistoryWindow) {
  let q = db
    .selectFrom('check_rollups')
    .where('monitor_id', '=', w.monitorId)
    .where('hour', '>=', w.from)
    .where('hour', '<', w.to);
  if (w.locationId !== undefined) q = q.where('location_id', '=', w.locationId);
  return q;
}

export async function countRaw(db: Db, w: HistoryWindow): Promise<number> {
  if (w.from >= w.to) return 0;
  const row = await rawQuery(db, w)
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function countRollups(db: Db, w: HistoryWindow): Promise<number> {
  if (w.from >= w.to) return 0;
  const row = await rollupQuery(db, w)
    .select(sql<number>`count(*)`.as('n'))
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function rawPage(db: Db, w: HistoryWindow, page: { limit: number; offset: number }) {
  if (w.from >= w.to || page.limit === 0) return [];
  return rawQuery(db, w)
    .select([
      'id',
      'location_id',
      'kind',
      'started_at',
      'status',
      'info_msg',
      'response_ms',
      'warning',
      'phases',
    ])
    .orderBy('started_at')
    .orderBy('id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}

export async function rollupPage(db: Db, w: HistoryWindow, page: { limit: number; offset: number }) {
  if (w.from >= w.to || page.limit === 0) return [];
  return rollupQuery(db, w)
    .select([
      'location_id',
      'hour',
      'runs',
      'errors',
      'internal',
      'warnings',
      'response_sum',
      'response_count',
      'response_max',
    ])
    .orderBy('hour')
    .orderBy('location_id')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
}
