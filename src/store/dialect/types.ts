import type { Dialect, Kysely, RawBuilder, SelectQueryBuilder } from 'kysely';

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
  /** The SQL function answering the larger of two values: `GREATEST`, or SQLite's two-argument `MAX`. */
  readonly greatest: RawBuilder<unknown>;
  /**
   * The WHERE condition of `claimDue` (store/schedules.ts) that picks up to `limit` rows of
   * `check_schedules` matching `here` (the locations) and `free` (no live lease) whose slot or
   * verification is due at `now` (a bigint expression). Each database gets the plan it runs well.
   */
  pickDueSchedules(o: {
    here: RawBuilder<unknown>;
    free: RawBuilder<unknown>;
    now: RawBuilder<unknown>;
    limit: number;
  }): RawBuilder<unknown>;
  /** Connection pool state for /metrics (PostgreSQL); absent on SQLite. */
  poolStats?(): { total: number; idle: number; waiting: number };
  /**
   * SQLite's data_version: changes when another process (the CLI) committed to the file, so
   * in-process caches know to drop what they hold. Absent on PostgreSQL (LISTEN/NOTIFY instead).
   */
  dataVersion?(): number;
}
