import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from './db.ts';
import type { DialectAdapter } from './dialect/types.ts';
import { paged } from './paging.ts';
import type { MonitorTable } from './schema.ts';
import { storableId } from './ids.ts';
import type { SlaExclusionTable, SlaOperatingPeriodTable, SlaTable } from './tables/slas-properties.ts';

// SLAs with their operating periods and exclusions. Every query is scoped by account; the child
// rows hang off an SLA of the account. A list is four queries whatever its length: count, page,
// the page's periods, the page's exclusions.

/** An SLA row (without its account and creation time) with what the API shows of its monitor. */
export interface SlaRow extends Omit<Selectable<SlaTable>, 'account_id' | 'created_at'> {
  monitor_name: string;
  monitor_mode: string;
  monitor_config: string;
  /** The account's IANA zone: the SLA month is the calendar month there. */
  account_timezone: string;
}

export type PeriodRow = Selectable<SlaOperatingPeriodTable>;

export interface ExclusionRow extends Selectable<SlaExclusionTable> {
  /** The location's name; null when location_id is null or names no location. */
  location_name: string | null;
}

/** A monitor of the account as SLA rules see it, with its SLA id when it has one. */
export interface SlaMonitorRow extends Pick<Selectable<MonitorTable>, 'id' | 'name' | 'mode' | 'config'> {
  sla_id: number | null;
}

export type NewPeriod = Omit<Insertable<SlaOperatingPeriodTable>, 'sla_id'>;
export type NewExclusion = Omit<Insertable<SlaExclusionTable>, 'sla_id'>;

// A bulk edit may write thousands of child rows: 500 rows of ≤8 columns per statement stays far
// below SQLite's 32766 bound parameters.
function chunks<T>(rows: T[], size = 500): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

function slas(db: Db, accountId: number) {
  return db
    .selectFrom('slas')
    .innerJoin('monitors', 'monitors.id', 'slas.monitor_id')
    .innerJoin('accounts', 'accounts.id', 'slas.account_id')
    .where('slas.account_id', '=', accountId)
    .select([
      'slas.id',
      'slas.monitor_id',
      'slas.name',
      'slas.description',
      'slas.availability',
      'slas.uptime',
      'slas.response_time',
      'slas.secondary_response_time',
      'slas.use_fullpage_time',
      'monitors.name as monitor_name',
      'monitors.mode as monitor_mode',
      'monitors.config as monitor_config',
      'accounts.timezone as account_timezone',
    ]);
}

export function listSlas(db: Db, accountId: number, page: { limit: number; offset: number }) {
  return paged(slas(db, accountId).orderBy('slas.id'), page);
}

// Ids beyond the INTEGER column cannot name a row; PostgreSQL would raise instead of finding none.
export async function getSla(db: Db, accountId: number, id: number): Promise<SlaRow | undefined> {
  if (!storableId(id)) return undefined;
  return slas(db, accountId).where('slas.id', '=', id).executeTakeFirst();
}

export async function getSlaOfMonitor(
  db: Db,
  accountId: number,
  monitorId: number,
): Promise<SlaRow | undefined> {
  if (!storableId(monitorId)) return undefined;
  return slas(db, accountId).where('slas.monitor_id', '=', monitorId).executeTakeFirst();
}

/** Row-locks SLAs (PostgreSQL) before their child rows are replaced; id order avoids deadlocks. */
export async function lockSlas(db: Db, dialect: DialectAdapter, accountId: number, all: number[]) {
  const ids = all.filter(storableId);
  if (ids.length === 0) return [];
  const q = db
    .selectFrom('slas')
    .select(['id', 'monitor_id'])
    .where('account_id', '=', accountId)
    .where('id', 'in', ids)
    .orderBy('id');
  return dialect.forUpdate(q).execute();
}

export async function periodsOf(db: Db, slaIds: number[]): Promise<PeriodRow[]> {
  if (slaIds.length === 0) return [];
  return db
    .selectFrom('sla_operating_periods')
    .selectAll()
    .where('sla_id', 'in', slaIds)
    .orderBy('sla_id')
    .orderBy('id')
    .execute();
}

export async function exclusionsOf(db: Db, slaIds: number[]): Promise<ExclusionRow[]> {
  if (slaIds.length === 0) return [];
  return db
    .selectFrom('sla_exclusions as e')
    .leftJoin('locations as l', 'l.id', 'e.location_id')
    .select([
      'e.id',
      'e.sla_id',
      'e.from_date',
      'e.thru_date',
      'e.location_id',
      'e.note',
      'e.from_at',
      'e.thru_at',
      'l.name as location_name',
    ])
    .where('e.sla_id', 'in', slaIds)
    .orderBy('e.sla_id')
    .orderBy('e.id')
    .execute();
}

/** The account's monitors among `ids`, with their SLA ids; others' monitors are simply absent. */
export async function monitorsForSla(db: Db, accountId: number, all: number[]): Promise<SlaMonitorRow[]> {
  const ids = all.filter(storableId);
  if (ids.length === 0) return [];
  return db
    .selectFrom('monitors')
    .leftJoin('slas', 'slas.monitor_id', 'monitors.id')
    .select(['monitors.id', 'monitors.name', 'monitors.mode', 'monitors.config', 'slas.id as sla_id'])
    .where('monitors.account_id', '=', accountId)
    .where('monitors.id', 'in', ids)
    .execute();
}

/** The locations each monitor runs from. */
export async function locationsOfMonitors(db: Db, monitorIds: number[]): Promise<Map<number, Set<number>>> {
  const out = new Map<number, Set<number>>(monitorIds.map((id) => [id, new Set<number>()]));
  if (monitorIds.length === 0) return out;
  const rows = await db
    .selectFrom('monitor_locations')
    .select(['monitor_id', 'location_id'])
    .where('monitor_id', 'in', monitorIds)
    .execute();
  for (const r of rows) out.get(r.monitor_id)?.add(r.location_id);
  return out;
}

export async function insertSla(db: Db, values: Insertable<SlaTable>): Promise<number> {
  const row = await db.insertInto('slas').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

/** Sets the same objective values on every listed SLA, in one statement. */
export async function updateSlas(db: Db, ids: number[], set: Updateable<SlaTable>): Promise<void> {
  if (ids.length === 0 || Object.keys(set).length === 0) return;
  await db.updateTable('slas').set(set).where('id', 'in', ids).execute();
}

/** Replaces the operating periods of every listed SLA with the same list. */
export async function replacePeriods(db: Db, slaIds: number[], periods: NewPeriod[]): Promise<void> {
  if (slaIds.length === 0) return;
  await db.deleteFrom('sla_operating_periods').where('sla_id', 'in', slaIds).execute();
  const rows = slaIds.flatMap((sla_id) => periods.map((p) => ({ ...p, sla_id })));
  for (const chunk of chunks(rows)) await db.insertInto('sla_operating_periods').values(chunk).execute();
}

export async function deleteExclusions(db: Db, slaIds: number[]): Promise<void> {
  if (slaIds.length === 0) return;
  await db.deleteFrom('sla_exclusions').where('sla_id', 'in', slaIds).execute();
}

/** Adds exclusions to every listed SLA. */
export async function insertExclusions(db: Db, slaIds: number[], exclusions: NewExclusion[]): Promise<void> {
  const rows = slaIds.flatMap((sla_id) => exclusions.map((e) => ({ ...e, sla_id })));
  for (const chunk of chunks(rows)) await db.insertInto('sla_exclusions').values(chunk).execute();
}

/** Deletes an SLA; its periods and exclusions go with it (ON DELETE CASCADE). */
export async function deleteSla(db: Db, id: number): Promise<void> {
  await db.deleteFrom('slas').where('id', '=', id).execute();
}
