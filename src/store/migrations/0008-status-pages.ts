import type { Kysely, Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/types.ts';
import { withId } from './helpers.ts';

/** Public status pages (issue 11): a page and the monitors it shows. */
export function statusPages(d: DialectAdapter): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withId(db.schema.createTable('status_pages'), d)
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        // Unique across accounts: the slug is the public address.
        .addColumn('slug', 'text', (c) => c.notNull().unique())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('status_pages_account_idx')
        .on('status_pages')
        .columns(['account_id', 'id'])
        .execute();
      await db.schema
        .createTable('status_page_monitors')
        .addColumn('status_page_id', 'integer', (c) =>
          c.notNull().references('status_pages.id').onDelete('cascade'),
        )
        // A deleted monitor leaves every page it was on.
        .addColumn('monitor_id', 'integer', (c) => c.notNull().references('monitors.id').onDelete('cascade'))
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('status_page_monitors_pk', ['status_page_id', 'monitor_id'])
        .execute();
      await db.schema
        .createIndex('status_page_monitors_monitor_idx')
        .on('status_page_monitors')
        .column('monitor_id')
        .execute();
    },
  };
}
