import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/types.ts';

/**
 * A version per account of everything a monitor view shows (store/view-versions.ts), kept by
 * triggers so that no write path, present or future, can forget it: a cached monitor list is
 * current exactly while its account's version is. Row 0 is the global part (location names).
 */
interface Watch {
  table: string;
  /** Columns whose update changes a view; none listed = any update. */
  columns?: string[];
  /** The account a row belongs to, from the row `r` (NEW or OLD); null = none to bump. */
  account: (r: string) => string;
}

const viaMonitor = (r: string) => `(SELECT account_id FROM monitors WHERE id = ${r}.monitor_id)`;

export const VIEW_WATCHES: Watch[] = [
  { table: 'monitors', account: (r) => `${r}.account_id` },
  { table: 'monitor_locations', account: viaMonitor },
  { table: 'monitor_properties', account: viaMonitor },
  { table: 'properties', columns: ['name'], account: (r) => `${r}.account_id` },
  {
    table: 'property_values',
    columns: ['name'],
    account: (r) => `(SELECT account_id FROM properties WHERE id = ${r}.property_id)`,
  },
  { table: 'blackouts', columns: ['type', 'assoc_id', 'account_id'], account: (r) => `${r}.account_id` },
  { table: 'slas', columns: ['monitor_id', 'account_id'], account: (r) => `${r}.account_id` },
  {
    table: 'performance_alerts',
    columns: ['firing', 'enabled', 'monitor_id'],
    account: (r) => `${r}.account_id`,
  },
  // Shared by every account: the global row. Heartbeats (online, last_seen) change no view.
  { table: 'locations', columns: ['name', 'region'], account: () => '0' },
];

const BUMP = (account: string) =>
  `INSERT INTO view_versions (account_id, version) SELECT ${account}, 1 WHERE ${account} IS NOT NULL
   ON CONFLICT (account_id) DO UPDATE SET version = view_versions.version + 1`;

function sqliteTriggers(w: Watch): string[] {
  const update = w.columns ? `UPDATE OF ${w.columns.join(', ')}` : 'UPDATE';
  return [
    ['insert', 'INSERT', 'NEW'],
    ['update', update, 'NEW'],
    ['delete', 'DELETE', 'OLD'],
  ].map(
    ([name, event, r]) =>
      `CREATE TRIGGER view_bump_${w.table}_${name} AFTER ${event} ON ${w.table}
       BEGIN ${BUMP(w.account(r!))}; END`,
  );
}

// PostgreSQL: deferred constraint triggers, so the version row is locked only at commit (briefly,
// and last), never between two row locks of a transaction that could wait on each other.
function postgresTriggers(w: Watch): string[] {
  const update = w.columns ? `UPDATE OF ${w.columns.join(', ')}` : 'UPDATE';
  return [
    `CREATE OR REPLACE FUNCTION view_bump_${w.table}() RETURNS trigger LANGUAGE plpgsql AS $$
     DECLARE a bigint;
     BEGIN
       IF TG_OP = 'DELETE' THEN a := ${w.account('OLD')}; ELSE a := ${w.account('NEW')}; END IF;
       ${BUMP('a')};
       RETURN NULL;
     END $$`,
    `CREATE CONSTRAINT TRIGGER view_bump_${w.table} AFTER INSERT OR DELETE OR ${update} ON ${w.table}
     DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION view_bump_${w.table}()`,
  ];
}

export function viewVersions(d: DialectAdapter): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await db.schema
        .createTable('view_versions')
        .addColumn('account_id', 'bigint', (c) => c.primaryKey())
        .addColumn('version', 'bigint', (c) => c.notNull().defaultTo(0))
        .execute();
      for (const w of VIEW_WATCHES) {
        for (const text of d.name === 'postgres' ? postgresTriggers(w) : sqliteTriggers(w)) {
          await sql.raw(text).execute(db);
        }
      }
    },
    async down(db: Kysely<unknown>) {
      for (const w of VIEW_WATCHES) {
        if (d.name === 'postgres') {
          await sql.raw(`DROP TRIGGER IF EXISTS view_bump_${w.table} ON ${w.table}`).execute(db);
          await sql.raw(`DROP FUNCTION IF EXISTS view_bump_${w.table}()`).execute(db);
        } else {
          for (const n of ['insert', 'update', 'delete'])
            await sql.raw(`DROP TRIGGER IF EXISTS view_bump_${w.table}_${n}`).execute(db);
        }
      }
      await db.schema.dropTable('view_versions').execute();
    },
  };
}
