import { createRequire } from 'node:module';
import type { Kysely } from 'kysely';
import { PostgresDialect, sql } from 'kysely';
import type pgModule from 'pg';
import { FIXED_SHAPES } from '../prepared.ts';
import type { DialectAdapter } from './types.ts';

type Pool = InstanceType<typeof pgModule.Pool>;
type Client = pgModule.PoolClient & { [NAMED]?: true };
const NAMED = Symbol('sitewatch.named-statements');

/**
 * The pool Kysely uses, whose clients run the statements of fixed shape (store/prepared.ts) as
 * named prepared statements: PostgreSQL then parses and plans each once per connection instead of
 * on every request (planning the one-statement monitor read took 1.3 ms, twice its execution).
 * Other SQL (IN-lists of any length, DDL) stays unnamed, so the per-connection set stays bounded.
 */
function namedStatements(pool: Pool) {
  return {
    async connect() {
      const client = (await pool.connect()) as Client;
      if (!client[NAMED]) {
        const query = client.query.bind(client) as (...args: unknown[]) => Promise<unknown>;
        (client as unknown as { query: (...args: unknown[]) => Promise<unknown> }).query = (
          text: unknown,
          values?: unknown,
        ) => {
          const name = typeof text === 'string' ? FIXED_SHAPES.get(text) : undefined;
          return name === undefined ? query(text, values) : query({ name, text, values });
        };
        client[NAMED] = true;
      }
      return client;
    },
    end: () => pool.end(),
  };
}

/**
 * The pg driver, loaded on first use: an embedded SQLite process never pays its ~15 MB of RSS
 * (issue 10's memory goal). pg is CommonJS, so a synchronous require keeps openDatabase sync.
 */
export function loadPg(): typeof pgModule {
  const pg = createRequire(import.meta.url)('pg') as typeof pgModule;
  // BIGINT (int8) columns hold epoch milliseconds, far below 2^53: read them as numbers.
  pg.types.setTypeParser(pg.types.builtins.INT8, (v) => Number(v));
  return pg;
}

/** PostgreSQL at `url`, with every table in `schema`. */
export function postgresAdapter(url: string, schema: string, poolSize = 10): DialectAdapter {
  const pg = loadPg();
  const pool = new pg.Pool({ connectionString: url, max: poolSize, options: `-c search_path=${schema}` });
  // An idle client that loses its server must not crash the process; the next query reconnects.
  pool.on('error', () => {});
  return {
    name: 'postgres',
    schema,
    kysely: new PostgresDialect({ pool: namedStatements(pool) as unknown as Pool }),
    forUpdate: (q) => q.forUpdate(),
    prepare: async (db: Kysely<unknown>) => {
      await sql`CREATE SCHEMA IF NOT EXISTS ${sql.id(schema)}`.execute(db);
    },
    greatest: sql.raw('GREATEST'),
    // The OR becomes a BitmapOr of the two indexes; SKIP LOCKED leaves rows another claimer holds.
    pickDueSchedules: ({ here, free, now, limit }) =>
      sql`(monitor_id, location_id) IN (SELECT monitor_id, location_id FROM check_schedules
          WHERE ${here} AND (next_run_at <= ${now} OR verify_at <= ${now}) AND ${free}
          ORDER BY next_run_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)`,
    poolStats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
  };
}
