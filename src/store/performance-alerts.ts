// performance_alerts: configuration (the API), evaluation reads, and the fenced firing flip.
import { type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Db } from './db.ts';
import type { PerformanceAlertTable } from './tables/alerting.ts';

export type PerformanceAlertRow = Selectable<PerformanceAlertTable>;

/** The performance alerts of one monitor of `accountId`, in id order. */
export async function listPerformanceAlerts(db: Db, accountId: number, monitorId: number) {
  return db
    .selectFrom('performance_alerts')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('monitor_id', '=', monitorId)
    .orderBy('id')
    .execute();
}

/** One performance alert of a monitor of `accountId`. */
export async function getPerformanceAlert(db: Db, accountId: number, monitorId: number, id: number) {
  return db
    .selectFrom('performance_alerts')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('monitor_id', '=', monitorId)
    .where('id', '=', id)
    .executeTakeFirst();
}

export async function insertPerformanceAlert(
  db: Db,
  row: Insertable<PerformanceAlertTable>,
): Promise<number> {
  const r = await db.insertInto('performance_alerts').values(row).returning('id').executeTakeFirstOrThrow();
  return r.id;
}

export async function updatePerformanceAlert(
  db: Db,
  id: number,
  set: Updateable<PerformanceAlertTable>,
): Promise<void> {
  if (Object.keys(set).length > 0)
    await db.updateTable('performance_alerts').set(set).where('id', '=', id).execute();
}

export async function deletePerformanceAlert(db: Db, accountId: number, id: number): Promise<void> {
  await db
    .deleteFrom('performance_alerts')
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .execute();
}

/** has_performance_alerts / has_active_performance_alerts of many monitors, in one query. */
export async function performanceFlags(
  db: Db,
  accountId: number,
  ids: number[],
): Promise<Map<number, { configured: boolean; active: boolean }>> {
  if (ids.length === 0) return new Map();
  const rows = await db
    .selectFrom('performance_alerts')
    .select(['monitor_id', (eb) => eb.fn.max('firing').as('active')])
    .where('account_id', '=', accountId)
    .where('monitor_id', 'in', ids)
    .where('enabled', '=', 1)
    .groupBy('monitor_id')
    .execute();
  return new Map(rows.map((r) => [r.monitor_id, { configured: true, active: Number(r.active) === 1 }]));
}

/** Every enabled performance alert (the evaluation pass), with its monitor's name and type. */
export async function enabledPerformanceAlerts(db: Db) {
  return db
    .selectFrom('performance_alerts as p')
    .innerJoin('monitors as m', 'm.id', 'p.monitor_id')
    .selectAll('p')
    .where('p.enabled', '=', 1)
    .where('m.enabled', '=', 1)
    .orderBy('p.id')
    .execute();
}

/** Scheduled results of a monitor since `from` that measured a response time (the window). */
export async function windowResults(db: Db, monitorId: number, from: number, to: number) {
  return db
    .selectFrom('check_results')
    .select(['location_id', 'response_ms', 'steps'])
    .where('monitor_id', '=', monitorId)
    .where('kind', '=', 'scheduled')
    .where('started_at', '>=', from)
    .where('started_at', '<', to)
    .where('response_ms', 'is not', null)
    .execute();
}

/** Mean response time (ms) of a whole monitor over [from, to) from its hourly rollups; null without data. */
export async function baselineMs(
  db: Db,
  monitorId: number,
  from: number,
  to: number,
): Promise<number | null> {
  const r = await db
    .selectFrom('check_rollups')
    .select([
      (eb) => eb.fn.sum<number>('response_sum').as('sum'),
      (eb) => eb.fn.sum<number>('response_count').as('n'),
    ])
    .where('monitor_id', '=', monitorId)
    .where('hour', '>=', from)
    .where('hour', '<', to)
    .executeTakeFirst();
  const n = Number(r?.n ?? 0);
  return n > 0 ? Number(r!.sum) / n : null;
}

/**
 * Flips `firing` and answers whether this call did it: the fence that lets several engine
 * processes evaluate the same alert while only one queues its notifications.
 */
export async function setFiring(db: Db, id: number, firing: boolean, at: number): Promise<boolean> {
  const r = await db
    .updateTable('performance_alerts')
    .set(firing ? { firing: 1, fired_at: at } : { firing: 0 })
    .where('id', '=', id)
    .where('firing', '=', firing ? 0 : 1)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) === 1;
}
