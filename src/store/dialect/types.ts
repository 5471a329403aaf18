import type { Dialect, Kysely, SelectQueryBuilder } from 'kysely';

export type DialectName = 'sqlite' | 'postgres';

/** What differs between the two databases; everything else is written once against Kysely. */
export interface DialectAdapter {
  readonly name: DialectName;
  /** The Kysely dialect, with its driver connected. */
  readonly kysely: Dialect;
  /** Row lock for read-modify-write inside a transaction; SQLite serialises writers instead. */
  forUpdate<DB, TB extends keyof DB, O>(q: SelectQueryBuilder<DB, TB, O>): SelectQueryBuilder<DB, TB, O>;
  /** Runs before migrations (creating the PostgreSQL schema); a no-op on SQLite. */
  prepare(db: Kysely<unknown>): Promise<void>;
  /** The PostgreSQL schema holding the tables; undefined on SQLite. */
  readonly schema?: string;
  /** A SQL type for auto-numbered primary keys. */
  readonly autoIdColumn: 'integer' | 'serial';
  /** Connection pool state for /metrics (PostgreSQL); absent on SQLite. */
  poolStats?(): { total: number; idle: number; waiting: number };
  /**
   * SQLite's data_version: changes when another process (the CLI) committed to the file, so
   * in-process caches know to drop what they hold. Absent on PostgreSQL (LISTEN/NOTIFY instead).
   */
  dataVersion?(): number;
}
