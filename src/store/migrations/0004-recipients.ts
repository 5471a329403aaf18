import { sql, type Kysely, type Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/types.ts';
import { withId } from './helpers.ts';

/** Alert recipients and recipient groups. */
export function recipients(d: DialectAdapter): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withId(db.schema.createTable('recipients'), d)
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('method_id', 'integer', (c) => c.notNull())
        .addColumn('recipient', 'text', (c) => c.notNull())
        .addColumn('username', 'text')
        .addColumn('password_sealed', 'text')
        .addColumn('availability_alert', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('notify_on_clear', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('attach_screen_capture', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('attach_server_response', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('start_threshold', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('stop_threshold', 'integer', (c) => c.notNull().defaultTo(10))
        .addColumn('remote_commands', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('performance_alert', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('performance_alert_type', 'text')
        .addColumn('repeat_performance_alerts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('recipients_account_idx')
        .on('recipients')
        .columns(['account_id', 'id'])
        .execute();

      await withId(db.schema.createTable('notifier_groups'), d)
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('is_default', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('notifier_groups_account_idx')
        .on('notifier_groups')
        .columns(['account_id', 'id'])
        .execute();
      // One default group per account (docs/alertsite-v3.md §7.1), enforced by the database as well as by
      // the service, which clears the old default in the same transaction.
      await db.schema
        .createIndex('notifier_groups_one_default_idx')
        .on('notifier_groups')
        .column('account_id')
        .unique()
        .where(sql<boolean>`is_default = 1`)
        .execute();

      const member = (table: string) =>
        db.schema
          .createTable(table)
          .addColumn('group_id', 'integer', (c) =>
            c.notNull().references('notifier_groups.id').onDelete('cascade'),
          );
      await member('notifier_group_monitors')
        .addColumn('monitor_id', 'integer', (c) => c.notNull().references('monitors.id').onDelete('cascade'))
        .addColumn('step_number', 'integer', (c) => c.notNull().defaultTo(0))
        .addPrimaryKeyConstraint('notifier_group_monitors_pk', ['group_id', 'monitor_id', 'step_number'])
        .execute();
      await db.schema
        .createIndex('notifier_group_monitors_monitor_idx')
        .on('notifier_group_monitors')
        .column('monitor_id')
        .execute();
      await member('notifier_group_recipients')
        .addColumn('recipient_id', 'integer', (c) =>
          c.notNull().references('recipients.id').onDelete('cascade'),
        )
        .addPrimaryKeyConstraint('notifier_group_recipients_pk', ['group_id', 'recipient_id'])
        .execute();
      await db.schema
        .createIndex('notifier_group_recipients_recipient_idx')
        .on('notifier_group_recipients')
        .column('recipient_id')
        .execute();
      await member('notifier_group_errortypes')
        .addColumn('code', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('notifier_group_errortypes_pk', ['group_id', 'code'])
        .execute();
      await member('notifier_group_templates')
        .addColumn('template_id', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('notifier_group_templates_pk', ['group_id', 'template_id'])
        .execute();
    },
  };
}
