import type { Selectable } from 'kysely';
import type { LocationConfig } from '../config/locations.ts';
import type { Db } from './db.ts';
import { paged } from './paging.ts';
import type { LocationTable } from './schema.ts';

/**
 * Makes the configured locations present and current; configured locations no longer listed
 * are marked offline rather than deleted, so monitors that use them keep their history.
 */
export async function syncConfiguredLocations(db: Db, configured: LocationConfig[]): Promise<void> {
  await db.transaction().execute(async (tx) => {
    for (const l of configured) {
      await tx
        .insertInto('locations')
        .values({
          id: l.id,
          account_id: null,
          name: l.name,
          region: l.region,
          country: l.country,
          is_private: 0,
          online: 1,
          last_seen: null,
          capabilities: '[]',
          source: 'config',
        })
        .onConflict((oc) =>
          oc.column('id').doUpdateSet({ name: l.name, region: l.region, country: l.country, online: 1 }),
        )
        .execute();
    }
    await tx
      .updateTable('locations')
      .set({ online: 0 })
      .where('source', '=', 'config')
      .where(
        'id',
        'not in',
        configured.map((l) => l.id),
      )
      .execute();
  });
}

/** A location row as the API reads it. */
export type LocationRow = Selectable<LocationTable>;

/** Shared locations plus the account's private ones: what the account may use and see. */
const visibleTo = (db: Db, accountId: number) =>
  db
    .selectFrom('locations')
    .where((eb) => eb.or([eb('account_id', 'is', null), eb('account_id', '=', accountId)]));

export async function listLocations(
  db: Db,
  accountId: number,
  page: { limit: number; offset: number },
): Promise<{ count: number; rows: LocationRow[] }> {
  return paged(visibleTo(db, accountId).selectAll().orderBy('id'), page);
}

/** One location the account may see; another account's private location is absent. */
export async function getLocation(db: Db, accountId: number, id: number): Promise<LocationRow | undefined> {
  return visibleTo(db, accountId).selectAll().where('id', '=', id).executeTakeFirst();
}

/** Which of `ids` the account may use. */
export async function usableLocationIds(db: Db, accountId: number, ids: number[]): Promise<Set<number>> {
  if (ids.length === 0) return new Set();
  const rows = await visibleTo(db, accountId).select('id').where('id', 'in', ids).execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * The account's default location for new monitors: the lowest-id online location it may use
 * (configured ids are operator-chosen, so the operator controls which comes first).
 */
export async function defaultLocationId(db: Db, accountId: number): Promise<number | undefined> {
  const row = await visibleTo(db, accountId)
    .select('id')
    .orderBy('online', 'desc')
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/** A location by id, whoever may use it (liveness checks of the engine's hand-overs). */
export async function getLocationRow(db: Db, id: number): Promise<LocationRow | undefined> {
  return db.selectFrom('locations').selectAll().where('id', '=', id).executeTakeFirst();
}
