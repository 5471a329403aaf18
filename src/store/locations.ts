import type { LocationConfig } from '../config/locations.ts';
import type { Db } from './db.ts';

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
