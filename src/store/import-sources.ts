import type { Selectable } from 'kysely';
import type { Db } from './db.ts';
import type { ImportSourceTable } from './tables/import-sources.ts';

export type ImportSourceRow = Selectable<ImportSourceTable>;

/** Every row imported into `accountId` from `sourceUrl`, of every kind. */
export async function listImportSources(
  db: Db,
  accountId: number,
  sourceUrl: string,
): Promise<ImportSourceRow[]> {
  return db
    .selectFrom('import_sources')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('source_url', '=', sourceUrl)
    .execute();
}

/** Records (or moves) the local row a source row became, with the fingerprint of what was written. */
export async function recordImportSource(db: Db, row: ImportSourceRow): Promise<void> {
  await db
    .insertInto('import_sources')
    .values(row)
    .onConflict((oc) =>
      oc
        .columns(['account_id', 'kind', 'source_url', 'source_id'])
        .doUpdateSet({ local_id: row.local_id, fingerprint: row.fingerprint, imported_at: row.imported_at }),
    )
    .execute();
}
