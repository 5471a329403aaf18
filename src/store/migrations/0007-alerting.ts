import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/types.ts';
import { withId } from './helpers.ts';

/** Alerting: the outbox, its delivery attempts, per-recipient outage state, performance alerts. */
export function alerting(d: DialectAdapter): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // No foreign key to monitors or recipients: alert history outlives both (docs/alertsite-v3.md §6.2).
      await withId(db.schema.createTable('alert_outbox'), d)
        .addColumn('delivery_id', 'text', (c) => c.notNull().unique())
        .addColumn('account_id', 'integer', (c) => c.notNull())
        .addColumn('monitor_id', 'integer', (c) => c.notNull())
        .addColumn('location_id', 'integer', (c) => c.notNull())
        .addColumn('recipient_id', 'integer', (c) => c.notNull())
        .addColumn('dedup_key', 'text', (c) => c.notNull())
        .addColumn('notify_type', 'text', (c) => c.notNull())
        .addColumn('status', 'integer', (c) => c.notNull())
        .addColumn('errcount', 'integer', (c) => c.notNull())
        .addColumn('method_id', 'integer', (c) => c.notNull())
        .addColumn('address', 'text', (c) => c.notNull())
        .addColumn('username', 'text')
        .addColumn('password_sealed', 'text')
        .addColumn('template_id', 'integer')
        .addColumn('event', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'bigint', (c) => c.notNull())
        .addColumn('lease_owner', 'text')
        .addColumn('lease_until', 'bigint')
        .addColumn('last_error', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('settled_at', 'bigint')
        .execute();
      // The exactly-once key: one notification per transition and recipient, whoever decides it.
      await db.schema
        .createIndex('alert_outbox_transition_uq')
        .on('alert_outbox')
        .columns(['monitor_id', 'location_id', 'recipient_id', 'dedup_key'])
        .unique()
        .execute();
      // The dispatcher's claim: pending rows in due order (partial: settled rows are most rows).
      await db.schema
        .createIndex('alert_outbox_due_idx')
        .on('alert_outbox')
        .column('next_attempt_at')
        .where(sql.ref('state'), '=', sql.lit('pending'))
        .execute();
      // History lists by account and time; the purge by age.
      await db.schema
        .createIndex('alert_outbox_account_idx')
        .on('alert_outbox')
        .columns(['account_id', 'created_at'])
        .execute();
      await db.schema
        .createIndex('alert_outbox_settled_idx')
        .on('alert_outbox')
        .column('settled_at')
        .execute();

      await withId(db.schema.createTable('alert_attempts'), d)
        .addColumn('outbox_id', 'integer', (c) =>
          c.notNull().references('alert_outbox.id').onDelete('cascade'),
        )
        .addColumn('account_id', 'integer', (c) => c.notNull())
        .addColumn('attempt', 'integer', (c) => c.notNull())
        .addColumn('started_at', 'bigint', (c) => c.notNull())
        .addColumn('duration_ms', 'integer', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('destination', 'text', (c) => c.notNull())
        .addColumn('outcome', 'text', (c) => c.notNull())
        .addColumn('http_status', 'integer')
        .addColumn('reply', 'text')
        .execute();
      await db.schema
        .createIndex('alert_attempts_outbox_uq')
        .on('alert_attempts')
        .columns(['outbox_id', 'attempt'])
        .unique()
        .execute();

      await db.schema
        .createTable('alert_state')
        .addColumn('monitor_id', 'integer', (c) => c.notNull().references('monitors.id').onDelete('cascade'))
        .addColumn('location_id', 'integer', (c) => c.notNull())
        .addColumn('recipient_id', 'integer', (c) => c.notNull())
        .addColumn('account_id', 'integer', (c) => c.notNull())
        .addColumn('outage', 'bigint', (c) => c.notNull())
        .addColumn('notified', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_errcount', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint('alert_state_pk', ['monitor_id', 'location_id', 'recipient_id'])
        .execute();

      await withId(db.schema.createTable('performance_alerts'), d)
        .addColumn('account_id', 'integer', (c) => c.notNull())
        .addColumn('monitor_id', 'integer', (c) => c.notNull().references('monitors.id').onDelete('cascade'))
        .addColumn('step_number', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('threshold_ms', 'integer')
        .addColumn('percent', 'integer')
        .addColumn('baseline_days', 'integer')
        .addColumn('window_minutes', 'integer', (c) => c.notNull())
        .addColumn('min_locations', 'integer', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('firing', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('fired_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('performance_alerts_monitor_idx')
        .on('performance_alerts')
        .column('monitor_id')
        .execute();
    },
  };
}
