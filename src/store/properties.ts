import type { Db } from './db.ts';
import type { DialectAdapter } from './dialect/types.ts';
import { paged } from './paging.ts';
import { storableId } from './ids.ts';

// Custom properties and their value lists. Every query is scoped by account; values hang off a
// property of the account. monitor_properties rows (written by the monitors resource) point at
// both, and are removed here whenever what they point at goes away.

export interface PropertyRow {
  id: number;
  name: string;
}

export interface PropertyValueRow {
  id: number;
  property_id: number;
  name: string;
}

/** The comparison form of a property name: unique per account. */
export const nameKey = (name: string) => name.trim().toLowerCase();

export function listProperties(db: Db, accountId: number, page: { limit: number; offset: number }) {
  const q = db
    .selectFrom('properties')
    .select(['id', 'name'])
    .where('account_id', '=', accountId)
    .orderBy('id');
  return paged(q, page);
}

// Ids beyond the INTEGER column cannot name a row; PostgreSQL would raise instead of finding none.
export async function getProperty(db: Db, accountId: number, id: number): Promise<PropertyRow | undefined> {
  if (!storableId(id)) return undefined;
  return db
    .selectFrom('properties')
    .select(['id', 'name'])
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

/** The property, row-locked on PostgreSQL, for a read-modify-write inside a transaction. */
export async function lockProperty(
  db: Db,
  dialect: DialectAdapter,
  accountId: number,
  id: number,
): Promise<PropertyRow | undefined> {
  return dialect
    .forUpdate(
      db
        .selectFrom('properties')
        .select(['id', 'name'])
        .where('id', '=', id)
        .where('account_id', '=', accountId),
    )
    .executeTakeFirst();
}

/** Whether another property of the account already has this name (ignoring case and spaces). */
export async function propertyNameTaken(db: Db, accountId: number, name: string, exceptId = 0) {
  const row = await db
    .selectFrom('properties')
    .select('id')
    .where('account_id', '=', accountId)
    .where('name_key', '=', nameKey(name))
    .where('id', '!=', exceptId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Values of the given properties, in list order; one query whatever the number of properties. */
export async function valuesOf(db: Db, propertyIds: number[]): Promise<PropertyValueRow[]> {
  if (propertyIds.length === 0) return [];
  return db
    .selectFrom('property_values')
    .select(['id', 'property_id', 'name'])
    .where('property_id', 'in', propertyIds)
    .orderBy('property_id')
    .orderBy('position')
    .orderBy('id')
    .execute();
}

export async function insertProperty(db: Db, accountId: number, name: string): Promise<number> {
  const row = await db
    .insertInto('properties')
    .values({ account_id: accountId, name, name_key: nameKey(name) })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

export async function renameProperty(db: Db, id: number, name: string): Promise<void> {
  await db
    .updateTable('properties')
    .set({ name, name_key: nameKey(name) })
    .where('id', '=', id)
    .execute();
}

/** Adds values at the given list positions, in one statement. */
export async function insertValues(
  db: Db,
  propertyId: number,
  values: { name: string; position: number }[],
): Promise<void> {
  if (values.length === 0) return;
  await db
    .insertInto('property_values')
    .values(values.map((v) => ({ property_id: propertyId, name: v.name, position: v.position })))
    .execute();
}

export async function updateValue(db: Db, id: number, name: string, position: number): Promise<void> {
  await db.updateTable('property_values').set({ name, position }).where('id', '=', id).execute();
}

/** Deletes values and every monitor's choice of them. */
export async function deleteValues(db: Db, propertyId: number, valueIds: number[]): Promise<void> {
  if (valueIds.length === 0) return;
  await db
    .deleteFrom('monitor_properties')
    .where('property_id', '=', propertyId)
    .where('value_id', 'in', valueIds)
    .execute();
  await db.deleteFrom('property_values').where('id', 'in', valueIds).execute();
}

/** Deletes a property, its values and every monitor's use of it. */
export async function deleteProperty(db: Db, id: number): Promise<void> {
  await db.deleteFrom('monitor_properties').where('property_id', '=', id).execute();
  await db.deleteFrom('property_values').where('property_id', '=', id).execute();
  await db.deleteFrom('properties').where('id', '=', id).execute();
}
