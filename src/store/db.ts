import { join } from 'node:path';
import { Kysely, Migrator } from 'kysely';
import type { Settings } from '../config/settings.ts';
import { postgresAdapter } from './dialect/postgres.ts';
import { sqliteAdapter } from './dialect/sqlite.ts';
import type { DialectAdapter } from './dialect/types.ts';
import { migrations } from './migrations/index.ts';
import type { Database } from './schema.ts';

export type Db = Kysely<Database>;

/** An open database: the Kysely handle plus what differs by dialect. */
export interface DatabaseHandle {
  db: Db;
  dialect: DialectAdapter;
  close(): Promise<void>;
}

/** Opens the database the settings select: PostgreSQL when DATABASE_URL is set, else SQLite. */
export function openDatabase(
  settings: Pick<Settings, 'databaseUrl' | 'databaseSchema' | 'dataDir'>,
): DatabaseHandle {
  const dialect = settings.databaseUrl
    ? postgresAdapter(settings.databaseUrl, settings.databaseSchema)
    : sqliteAdapter(join(settings.dataDir, 'sitewatch.db'));
  const db = new Kysely<Database>({ dialect: dialect.kysely });
  return { db, dialect, close: () => db.destroy() };
}

/** Brings the schema up to date; safe to run from several processes at once (Kysely locks). */
export async function migrateToLatest(handle: DatabaseHandle): Promise<string[]> {
  await handle.dialect.prepare(handle.db as Kysely<unknown>);
  const migrator = new Migrator({
    db: handle.db,
    provider: { getMigrations: async () => migrations(handle.dialect) },
    // Kysely's table-existence check looks across schemas; pin its bookkeeping to ours.
    migrationTableSchema: handle.dialect.schema,
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) throw error instanceof Error ? error : new Error(String(error));
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}
