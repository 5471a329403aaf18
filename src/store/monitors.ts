import type { Insertable, Selectable, Updateable } from 'kysely';
import { performanceFlags } from './performance-alerts.ts';
import type { Db } from './db.ts';
import type { DialectAdapter } from './dialect/types.ts';
import { paged } from './paging.ts';
import type { MonitorTable } from './schema.ts';

/** A monitor row; `script` is null unless it was asked for. */
export type MonitorRow = Selectable<MonitorTable>;

/** Blackout types that belong to a monitor (a `Notifier` blackout belongs to a recipient). */
const MONITOR_BLACKOUT_TYPES = ['Monitor', 'Alert'];

const COLUMNS = [
  'id',
  'account_id',
  'type',
  'name',
  'enabled',
  'interval',
  'timeout',
  'mode',
  'home_location',
  'billing_plancode',
  'config',
  'created_at',
  'updated_at',
] as const;

function select(db: Db, accountId: number, withScript: boolean) {
  const q = db.selectFrom('monitors').select(COLUMNS).where('account_id', '=', accountId);
  // Scripts can be megabytes: read only when the caller asked for them.
  return withScript ? q.select('script') : q.select((eb) => eb.val<string | null>(null).as('script'));
}

/** `lock` (inside a transaction) holds the row until commit, for read-modify-write. */
export async function getMonitorRow(
  db: Db,
  accountId: number,
  id: number,
  withScript = false,
  lock?: DialectAdapter,
): Promise<MonitorRow | undefined> {
  const q = select(db, accountId, withScript).where('id', '=', id);
  return (lock ? lock.forUpdate(q) : q).executeTakeFirst();
}

export async function listMonitorRows(
  db: Db,
  accountId: number,
  filter: { types?: string[]; withScript: boolean },
  page: { limit: number; offset: number },
): Promise<{ count: number; rows: MonitorRow[] }> {
  let q = select(db, accountId, filter.withScript);
  if (filter.types) q = q.where('type', 'in', filter.types);
  return paged(q.orderBy('id'), page);
}

export async function insertMonitor(db: Db, values: Insertable<MonitorTable>): Promise<number> {
  const row = await db.insertInto('monitors').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateMonitor(db: Db, id: number, set: Updateable<MonitorTable>): Promise<void> {
  await db.updateTable('monitors').set(set).where('id', '=', id).execute();
}

/** The monitor's location ids in order. */
export async function monitorLocationIds(db: Db, monitorId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('monitor_locations')
    .select('location_id')
    .where('monitor_id', '=', monitorId)
    .orderBy('position')
    .execute();
  return rows.map((r) => r.location_id);
}

/** Replaces the monitor's locations; their order is kept (the first is the default home). */
export async function replaceMonitorLocations(
  db: Db,
  monitorId: number,
  locationIds: number[],
): Promise<void> {
  await db.deleteFrom('monitor_locations').where('monitor_id', '=', monitorId).execute();
  if (locationIds.length === 0) return;
  await db
    .insertInto('monitor_locations')
    .values(locationIds.map((location_id, position) => ({ monitor_id: monitorId, location_id, position })))
    .execute();
}

/** Replaces the monitor's custom-property values (PATCH replaces the set, docs/alertsite-v3.md §4.6). */
export async function replaceMonitorProperties(
  db: Db,
  monitorId: number,
  values: { property_id: number; value_id: number }[],
): Promise<void> {
  await db.deleteFrom('monitor_properties').where('monitor_id', '=', monitorId).execute();
  if (values.length === 0) return;
  await db
    .insertInto('monitor_properties')
    .values(values.map((v) => ({ monitor_id: monitorId, ...v })))
    .execute();
}

/** Copies locations and custom-property values of one monitor to another (clone). */
export async function copyMonitorLinks(db: Db, fromId: number, toId: number): Promise<void> {
  await db
    .insertInto('monitor_locations')
    .columns(['monitor_id', 'location_id', 'position'])
    .expression((eb) =>
      eb
        .selectFrom('monitor_locations')
        .select((s) => [s.val(toId).as('monitor_id'), 'location_id', 'position'])
        .where('monitor_id', '=', fromId),
    )
    .execute();
  await db
    .insertInto('monitor_properties')
    .columns(['monitor_id', 'property_id', 'value_id'])
    .expression((eb) =>
      eb
        .selectFrom('monitor_properties')
        .select((s) => [s.val(toId).as('monitor_id'), 'property_id', 'value_id'])
        .where('monitor_id', '=', fromId),
    )
    .execute();
}

/**
 * Deletes a monitor and its Monitor/Alert blackouts (blackouts have no foreign key, since
 * `assoc_id` may name a recipient); locations, properties, SLA and group memberships cascade.
 * Run inside a transaction. False when the account has no such monitor.
 */
export async function deleteMonitor(db: Db, accountId: number, id: number): Promise<boolean> {
  const gone = await db
    .deleteFrom('monitors')
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  if (Number(gone.numDeletedRows) === 0) return false;
  await db
    .deleteFrom('blackouts')
    .where('account_id', '=', accountId)
    .where('type', 'in', MONITOR_BLACKOUT_TYPES)
    .where('assoc_id', '=', id)
    .execute();
  return true;
}

/** Which `{property_id, value_id}` pairs name a property of the account and one of its values. */
export async function existingPropertyValues(
  db: Db,
  accountId: number,
  valueIds: number[],
): Promise<Map<number, number>> {
  if (valueIds.length === 0) return new Map();
  const rows = await db
    .selectFrom('property_values as v')
    .innerJoin('properties as p', 'p.id', 'v.property_id')
    .select(['v.id as value_id', 'v.property_id'])
    .where('p.account_id', '=', accountId)
    .where('v.id', 'in', valueIds)
    .execute();
  return new Map(rows.map((r) => [r.value_id, r.property_id]));
}

/** What a monitor view computes from other tables, loaded for a whole page at once. */
export interface MonitorRelations {
  /** Locations in the monitor's order. */
  locations: Map<number, { id: number; name: string; region: number }[]>;
  /** Custom-property values set on the monitor. */
  properties: Map<number, { id: number; name: string; value: string; value_id: number }[]>;
  /** Ids of the monitor's Monitor/Alert blackouts. */
  blackouts: Map<number, number[]>;
  /** The monitor's SLA id, if it has one. */
  slas: Map<number, number>;
  /** Monitors with enabled performance alerts, and whether one fires now. */
  performance: Map<number, { configured: boolean; active: boolean }>;
}

function group<T>(rows: T[], key: (r: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = out.get(k);
    if (list) list.push(r);
    else out.set(k, [r]);
  }
  return out;
}

/** Four queries whatever the number of monitors (no N+1). */
export async function monitorRelations(db: Db, accountId: number, ids: number[]): Promise<MonitorRelations> {
  if (ids.length === 0)
    return {
      locations: new Map(),
      properties: new Map(),
      blackouts: new Map(),
      slas: new Map(),
      performance: new Map(),
    };
  const [locations, properties, blackouts, slas, performance] = await Promise.all([
    db
      .selectFrom('monitor_locations as ml')
      .innerJoin('locations as l', 'l.id', 'ml.location_id')
      .select(['ml.monitor_id', 'l.id', 'l.name', 'l.region'])
      .where('ml.monitor_id', 'in', ids)
      .orderBy('ml.monitor_id')
      .orderBy('ml.position')
      .execute(),
    db
      .selectFrom('monitor_properties as mp')
      .innerJoin('properties as p', 'p.id', 'mp.property_id')
      .innerJoin('property_values as v', (j) =>
        j.onRef('v.id', '=', 'mp.value_id').onRef('v.property_id', '=', 'mp.property_id'),
      )
      .select(['mp.monitor_id', 'p.id', 'p.name', 'v.name as value', 'v.id as value_id'])
      .where('mp.monitor_id', 'in', ids)
      .where('p.account_id', '=', accountId)
      .orderBy('mp.monitor_id')
      .orderBy('p.id')
      .execute(),
    db
      .selectFrom('blackouts')
      .select(['id', 'assoc_id'])
      .where('account_id', '=', accountId)
      .where('type', 'in', MONITOR_BLACKOUT_TYPES)
      .where('assoc_id', 'in', ids)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('slas')
      .select(['id', 'monitor_id'])
      .where('account_id', '=', accountId)
      .where('monitor_id', 'in', ids)
      .execute(),
    performanceFlags(db, accountId, ids),
  ]);
  const strip = <T extends { monitor_id: number }>({ monitor_id: _m, ...rest }: T) => rest;
  const mapGroups = <T extends { monitor_id: number }>(rows: T[]) =>
    new Map([...group(rows, (r) => r.monitor_id)].map(([k, v]) => [k, v.map(strip)]));
  return {
    locations: mapGroups(locations),
    properties: mapGroups(properties),
    blackouts: new Map([...group(blackouts, (b) => b.assoc_id)].map(([k, v]) => [k, v.map((b) => b.id)])),
    slas: new Map(slas.map((s) => [s.monitor_id, s.id])),
    performance,
  };
}
