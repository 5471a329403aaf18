import { sql, type ColumnDefinitionBuilder, type Kysely, type Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/types.ts';
import { withId } from './helpers.ts';

/** The check engine: schedules with leases, results, hourly rollups, latest status. */
export function engine(d: DialectAdapter): Migration {
  return {
    async up(db: Kysely<unknown>) {
      const monitorFk = (c: ColumnDefinitionBuilder) =>
        c.notNull().references('monitors.id').onDelete('cascade');
      await db.schema
        .createTable('check_schedules')
        .addColumn('monitor_id', 'integer', monitorFk)
        .addColumn('location_id', 'integer', (c) => c.notNull())
        .addColumn('account_id', 'integer', (c) => c.notNull())
        .addColumn('next_run_at', 'bigint', (c) => c.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', 'bigint')
        .addColumn('leased_slot', 'bigint')
        .addColumn('last_slot', 'bigint')
        .addColumn('period_ms', 'bigint', (c) => c.notNull())
        .addColumn('offset_ms', 'bigint', (c) => c.notNull())
        .addColumn('verify_at', 'bigint')
        .addColumn('verify_for', 'integer')
        .addColumn('monitor_version', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('check_schedules_pk', ['monitor_id', 'location_id'])
        .execute();
      // The claim scans one location's due rows in slot order.
      await db.schema
        .createIndex('check_schedules_due_idx')
        .on('check_schedules')
        .columns(['location_id', 'next_run_at'])
        .execute();
      // Pending verifications are rare: a partial index keeps the claim's second probe cheap.
      await db.schema
        .createIndex('check_schedules_verify_idx')
        .on('check_schedules')
        .columns(['location_id', 'verify_at'])
        .where(sql.ref('verify_at'), 'is not', null)
        .execute();

      await withId(db.schema.createTable('check_results'), d)
        .addColumn('account_id', 'integer', (c) => c.notNull())
        .addColumn('monitor_id', 'integer')
        .addColumn('location_id', 'integer', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('scheduled_at', 'bigint', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('info_msg', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('response_ms', 'integer')
        .addColumn('phases', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('steps', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('detail', 'text', (c) => c.notNull().defaultTo('{}'))
        .addColumn('warning', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('target', 'text')
        .execute();
      await db.schema
        .createIndex('check_results_monitor_idx')
        .on('check_results')
        .columns(['monitor_id', 'started_at'])
        .execute();
      await db.schema
        .createIndex('check_results_started_idx')
        .on('check_results')
        .column('started_at')
        .execute();
      // A slot is recorded once per location and kind, whatever the workers do (tests are exempt:
      // two tests may start in the same millisecond).
      await db.schema
        .createIndex('check_results_slot_uq')
        .on('check_results')
        .columns(['monitor_id', 'location_id', 'kind', 'scheduled_at'])
        .unique()
        .where(sql.ref('kind'), 'in', [sql.lit('scheduled'), sql.lit('verify')])
        .execute();

      await db.schema
        .createTable('check_rollups')
        .addColumn('monitor_id', 'integer', monitorFk)
        .addColumn('location_id', 'integer', (c) => c.notNull())
        .addColumn('hour', 'bigint', (c) => c.notNull())
        .addColumn('account_id', 'integer', (c) => c.notNull())
        .addColumn('runs', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('errors', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('internal', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('warnings', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('response_sum', 'bigint', (c) => c.notNull().defaultTo(0))
        .addColumn('response_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('response_max', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('check_rollups_pk', ['monitor_id', 'location_id', 'hour'])
        .execute();
      // The rollup purge deletes by age.
      await db.schema.createIndex('check_rollups_hour_idx').on('check_rollups').column('hour').execute();

      await db.schema
        .createTable('monitor_status')
        .addColumn('monitor_id', 'integer', monitorFk)
        .addColumn('location_id', 'integer', (c) => c.notNull())
        .addColumn('account_id', 'integer', (c) => c.notNull())
        .addColumn('last_status', 'integer', (c) => c.notNull())
        .addColumn('last_info_msg', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('last_at', 'bigint', (c) => c.notNull())
        .addColumn('last_response_ms', 'integer')
        .addColumn('consecutive_errors', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_error_at', 'bigint')
        .addColumn('last_ok_at', 'bigint')
        .addColumn('last_slot', 'bigint')
        .addColumn('last_warning', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('confirmed', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('monitor_status_pk', ['monitor_id', 'location_id'])
        .execute();
      await db.schema
        .createIndex('monitor_status_account_idx')
        .on('monitor_status')
        .column('account_id')
        .execute();
    },
  };
}
