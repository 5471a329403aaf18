import { chmodSync, closeSync, existsSync, mkdirSync, openSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect, sql } from 'kysely';
import type { DialectAdapter } from './types.ts';

/**
 * Kysely prepares every query anew, and preparing costs more than running a small indexed query;
 * the same SQL text (parameters are bound separately) reuses its prepared statement.
 */
function withStatementCache(database: BetterSqlite3.Database, max = 500) {
  const cache = new Map<string, BetterSqlite3.Statement>();
  return {
    close: () => database.close(),
    prepare(sql: string) {
      let stmt = cache.get(sql);
      if (!stmt) {
        stmt = database.prepare(sql);
        if (cache.size >= max) cache.delete(cache.keys().next().value!);
        cache.set(sql, stmt);
      }
      return stmt;
    },
  };
}

/**
 * The database holds password hashes and sealed secrets: the data directory is made 0700 and the
 * database file 0600 before SQLite opens it (docs/compatibility.md §16). SQLite gives its -wal and
 * -shm files the mode of the database file. Existing files are tightened too (upgrades).
 */
function privateFiles(file: string): void {
  const dir = dirname(file);
  mkdirSync(dir, { recursive: true, mode: 0o700 });
  chmodSync(dir, 0o700);
  if (!existsSync(file)) closeSync(openSync(file, 'a', 0o600));
  for (const f of [file, `${file}-wal`, `${file}-shm`]) if (existsSync(f)) chmodSync(f, 0o600);
}

/** Embedded SQLite at `file` (`:memory:` for throwaway databases). */
export function sqliteAdapter(file: string): DialectAdapter {
  if (file !== ':memory:') privateFiles(file);
  const database = new BetterSqlite3(file);
  // WAL lets readers run beside the single writer; busy_timeout covers the CLI writing while the
  // server runs; NORMAL sync is durable across process crashes in WAL mode.
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
  // Read on every authenticated request (store/notify.ts): prepared once, as pragma() prepares anew.
  const dataVersion = database.prepare('PRAGMA data_version').pluck();
  return {
    name: 'sqlite',
    kysely: new SqliteDialect({ database: withStatementCache(database) }),
    forUpdate: (q) => q,
    prepare: async () => {},
    greatest: sql.raw('MAX'),
    // An OR of the two conditions would scan every row of the location, so two index searches
    // (slots; pending verifications) instead; the outer statement finds rows by rowid (a
    // row-value IN would scan the table). The single writer makes the statement atomic.
    pickDueSchedules: ({ here, free, now, limit }) =>
      sql`rowid IN (SELECT rowid FROM (SELECT rowid FROM check_schedules
            WHERE ${here} AND next_run_at <= ${now} AND ${free} ORDER BY next_run_at LIMIT ${limit})
          UNION ALL SELECT rowid FROM (SELECT rowid FROM check_schedules
            WHERE ${here} AND verify_at <= ${now} AND ${free} LIMIT ${limit}))`,
    dataVersion: () => dataVersion.get() as number,
  };
}
