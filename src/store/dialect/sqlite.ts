import { mkdirSync } from 'node:fs';
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

/** Embedded SQLite at `file` (`:memory:` for throwaway databases). */
export function sqliteAdapter(file: string): DialectAdapter {
  if (file !== ':memory:') mkdirSync(dirname(file), { recursive: true });
  const database = new BetterSqlite3(file);
  // WAL lets readers run beside the single writer; busy_timeout covers the CLI writing while the
  // server runs; NORMAL sync is durable across process crashes in WAL mode.
  database.pragma('journal_mode = WAL');
  database.pragma('busy_timeout = 5000');
  database.pragma('synchronous = NORMAL');
  database.pragma('foreign_keys = ON');
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
  };
}
