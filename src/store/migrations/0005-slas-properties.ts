import type { Kysely, Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/types.ts';
import { withId } from './helpers.ts';

/** SLAs and custom properties. */
export function slasProperties(d: DialectAdapter): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withId(db.schema.createTable('slas'), d)
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('monitor_id', 'integer', (c) =>
          c.notNull().unique().references('monitors.id').onDelete('cascade'),
        )
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('availability', 'double precision', (c) => c.notNull())
        .addColumn('uptime', 'double precision')
        .addColumn('response_time', 'double precision', (c) => c.notNull())
        .addColumn('secondary_response_time', 'double precision')
        .addColumn('use_fullpage_time', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('slas_account_idx').on('slas').columns(['account_id', 'id']).execute();

      await withId(db.schema.createTable('sla_operating_periods'), d)
        .addColumn('sla_id', 'integer', (c) => c.notNull().references('slas.id').onDelete('cascade'))
        .addColumn('exclude', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('from_day', 'integer', (c) => c.notNull())
        .addColumn('from_time', 'text', (c) => c.notNull())
        .addColumn('thru_day', 'integer', (c) => c.notNull())
        .addColumn('thru_time', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('sla_operating_periods_sla_idx')
        .on('sla_operating_periods')
        .column('sla_id')
        .execute();

      await withId(db.schema.createTable('sla_exclusions'), d)
        .addColumn('sla_id', 'integer', (c) => c.notNull().references('slas.id').onDelete('cascade'))
        .addColumn('from_date', 'text', (c) => c.notNull())
        .addColumn('thru_date', 'text', (c) => c.notNull())
        .addColumn('from_at', 'bigint', (c) => c.notNull())
        .addColumn('thru_at', 'bigint', (c) => c.notNull())
        .addColumn('location_id', 'integer')
        .addColumn('note', 'text', (c) => c.notNull().defaultTo(''))
        .execute();
      await db.schema.createIndex('sla_exclusions_sla_idx').on('sla_exclusions').column('sla_id').execute();

      await withId(db.schema.createTable('properties'), d)
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('name_key', 'text', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('properties_account_idx')
        .on('properties')
        .columns(['account_id', 'id'])
        .execute();
      // Guards the unique-name rule against two creates racing past the service's check.
      await db.schema
        .createIndex('properties_account_name_uq')
        .on('properties')
        .columns(['account_id', 'name_key'])
        .unique()
        .execute();

      await withId(db.schema.createTable('property_values'), d)
        .addColumn('property_id', 'integer', (c) =>
          c.notNull().references('properties.id').onDelete('cascade'),
        )
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('position', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('property_values_property_idx')
        .on('property_values')
        .column('property_id')
        .execute();
    },
  };
}
