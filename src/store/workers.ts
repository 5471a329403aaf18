// Locations as worker processes announce them (decisions §7): online, last_seen, capabilities.
import type { Db } from './db.ts';

/** How often an engine process heartbeats the locations it runs. */
export const HEARTBEAT_MS = 30_000;

/** A worker location whose heartbeat is older than this is shown offline (it crashed or hangs). */
export const LOCATION_STALE_MS = 3 * HEARTBEAT_MS;

/**
 * Registers the locations a worker runs: a new id becomes a shared `worker` location named after
 * it; an existing one (configured or joined before) keeps its name and source. Either way it is
 * online now with the worker's capabilities.
 */
export async function registerWorkerLocations(
  db: Db,
  ids: number[],
  capabilities: readonly string[],
  now: number,
): Promise<void> {
  const caps = JSON.stringify(capabilities);
  for (const id of ids) {
    await db
      .insertInto('locations')
      .values({
        id,
        account_id: null,
        name: `Worker ${id}`,
        region: 1,
        country: '',
        is_private: 0,
        online: 1,
        last_seen: now,
        capabilities: caps,
        source: 'worker',
      })
      .onConflict((oc) => oc.column('id').doUpdateSet({ online: 1, last_seen: now, capabilities: caps }))
      .execute();
  }
}

/** Marks the locations alive at `now`. */
export async function heartbeatLocations(db: Db, ids: number[], now: number): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('locations').set({ online: 1, last_seen: now }).where('id', 'in', ids).execute();
}

/** Marks worker locations offline (clean shutdown); configured ones stay as the operator set them. */
export async function markWorkerLocationsOffline(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('locations')
    .set({ online: 0 })
    .where('id', 'in', ids)
    .where('source', '=', 'worker')
    .execute();
}
