import type { Kysely, Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/types.ts';
import { withId } from './helpers.ts';

/** Locations, monitors, the locations each monitor runs from, and its custom-property values. */
export function monitors(d: DialectAdapter): Migration {
  return {
    async up(db: Kysely<unknown>) {
      // Location ids are operator-chosen (docs/compatibility.md §7), so no auto-numbering.
      await db.schema
        .createTable('locations')
        .addColumn('id', 'integer', (c) => c.primaryKey())
        .addColumn('account_id', 'integer', (c) => c.references('accounts.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('region', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('country', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('is_private', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('online', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('last_seen', 'bigint')
        .addColumn('capabilities', 'text', (c) => c.notNull().defaultTo('[]'))
        .addColumn('source', 'text', (c) => c.notNull().defaultTo('config'))
        .execute();

      await withId(db.schema.createTable('monitors'), d)
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('enabled', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('interval', 'integer', (c) => c.notNull())
        .addColumn('timeout', 'integer', (c) => c.notNull())
        .addColumn('mode', 'text', (c) => c.notNull())
        .addColumn('home_location', 'integer')
        .addColumn('billing_plancode', 'text', (c) => c.notNull().defaultTo(''))
        // Every other field of the monitor's type, as JSON; the type's schema validates it.
        .addColumn('config', 'text', (c) => c.notNull().defaultTo('{}'))
        // Scripts (DéjàClick/SoapUI XML, Selenium JAR) can be megabytes: kept out of `config` so
        // lists that do not ask for them never read them.
        .addColumn('script', 'text')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('monitors_account_idx')
        .on('monitors')
        .columns(['account_id', 'id'])
        .execute();
      await db.schema
        .createIndex('monitors_account_type_idx')
        .on('monitors')
        .columns(['account_id', 'type'])
        .execute();

      await db.schema
        .createTable('monitor_locations')
        .addColumn('monitor_id', 'integer', (c) => c.notNull().references('monitors.id').onDelete('cascade'))
        .addColumn('location_id', 'integer', (c) =>
          c.notNull().references('locations.id').onDelete('cascade'),
        )
        .addColumn('position', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('monitor_locations_pk', ['monitor_id', 'location_id'])
        .execute();
      await db.schema
        .createIndex('monitor_locations_location_idx')
        .on('monitor_locations')
        .column('location_id')
        .execute();

      // property_id/value_id point at tables of a later migration; their owners delete these rows.
      await db.schema
        .createTable('monitor_properties')
        .addColumn('monitor_id', 'integer', (c) => c.notNull().references('monitors.id').onDelete('cascade'))
        .addColumn('property_id', 'integer', (c) => c.notNull())
        .addColumn('value_id', 'integer', (c) => c.notNull())
        .addPrimaryKeyConstraint('monitor_properties_pk', ['monitor_id', 'property_id'])
        .execute();
    },
  };
}
