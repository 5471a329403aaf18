import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import { SqliteDialect } from 'kysely';
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
    autoIdColumn: 'integer',
    dataVersion: () => database.pragma('data_version', { simple: true }) as number,
  };
}
