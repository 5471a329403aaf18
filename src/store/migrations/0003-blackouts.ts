import type { Kysely, Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/types.ts';
import { withId } from './helpers.ts';

/** Blackouts (monitor, alert and recipient blackouts). */
export function blackouts(d: DialectAdapter): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // assoc_id points at a monitor or a recipient depending on type, so it has no foreign key;
      // deleting a monitor or recipient deletes its blackouts explicitly.
      await withId(db.schema.createTable('blackouts'), d)
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('assoc_id', 'integer', (c) => c.notNull())
        .addColumn('persistent', 'integer', (c) => c.notNull())
        .addColumn('from_date', 'text')
        .addColumn('thru_date', 'text')
        .addColumn('from_at', 'bigint')
        .addColumn('thru_at', 'bigint')
        .addColumn('start_day', 'integer')
        .addColumn('start_time', 'text')
        .addColumn('end_day', 'integer')
        .addColumn('end_time', 'text')
        .addColumn('note', 'text')
        .addColumn('login', 'text')
        .addColumn('date_added', 'bigint', (c) => c.notNull())
        .execute();
      // Lists page by id within an account; the engine's check filters by (type, assoc_id).
      await db.schema
        .createIndex('blackouts_account_idx')
        .on('blackouts')
        .columns(['account_id', 'id'])
        .execute();
      await db.schema
        .createIndex('blackouts_assoc_idx')
        .on('blackouts')
        .columns(['account_id', 'type', 'assoc_id'])
        .execute();
    },
  };
}
