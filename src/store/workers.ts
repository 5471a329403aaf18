// Locations as worker processes announce them (docs/compatibility.md §7): online, last_seen, capabilities.
import type { Db } from './db.ts';

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
  describe: { name?: string; region?: number; country?: string } = {},
): Promise<void> {
  const caps = JSON.stringify(capabilities);
  // Given --name/--region/--country, the worker (re)names its location; otherwise it keeps its name.
  const named = {
    ...(describe.name !== undefined && { name: describe.name }),
    ...(describe.region !== undefined && { region: describe.region }),
    ...(describe.country !== undefined && { country: describe.country }),
  };
  for (const id of ids) {
    await db
      .insertInto('locations')
      .values({
        id,
        account_id: null,
        name: describe.name ?? `Worker ${id}`,
        region: describe.region ?? 1,
        country: describe.country ?? '',
        is_private: 0,
        online: 1,
        last_seen: now,
        capabilities: caps,
        source: 'worker',
      })
      .onConflict((oc) =>
        oc.column('id').doUpdateSet({ online: 1, last_seen: now, capabilities: caps, ...named }),
      )
      .execute();
  }
}

/** Marks the locations alive at `now`. */
export async function heartbeatLocations(db: Db, ids: number[], now: number): Promise<void> {
  if (ids.length === 0) return;
  await db.updateTable('locations').set({ online: 1, last_seen: now }).where('id', 'in', ids).execute();
}

/**
 * A clean stop: worker locations go offline at once. A configured location loses its heartbeat
 * (last_seen null), so it shows offline until a live process beats it again; the operator's
 * `online` flag stays as configured.
 */
export async function markWorkerLocationsOffline(db: Db, ids: number[]): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('locations')
    .set({ online: 0 })
    .where('id', 'in', ids)
    .where('source', '=', 'worker')
    .execute();
  await db
    .updateTable('locations')
    .set({ last_seen: null })
    .where('id', 'in', ids)
    .where('source', '=', 'config')
    .execute();
}

/**
 * Heartbeats `ids` now and every `everyMs` until the returned function is called: what keeps a
 * location online (docs/compatibility.md §7).
 */
export function keepLocationsAlive(
  db: Db,
  ids: number[],
  everyMs: number,
  now: () => number,
  onError: (err: unknown) => void,
): () => void {
  const beat = () => heartbeatLocations(db, ids, now()).catch(onError);
  const timer = setInterval(beat, everyMs);
  timer.unref();
  return () => clearInterval(timer);
}
