import type { Kysely, Migration } from 'kysely';

/** import_sources: which local row each imported source row became (sitewatch import). */
export function importSources(): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('import_sources')
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('source_url', 'text', (c) => c.notNull())
        .addColumn('source_id', 'text', (c) => c.notNull())
        .addColumn('local_id', 'text', (c) => c.notNull())
        .addColumn('fingerprint', 'text', (c) => c.notNull())
        .addColumn('imported_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('import_sources_pk', ['account_id', 'kind', 'source_url', 'source_id'])
        .execute();
    },
  };
}
