import type { Kysely, Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/types.ts';
import { withId } from './helpers.ts';

/**
 * Tests on demand at a location another process serves: the API process writes a request, a
 * worker of that location claims, runs and answers it (result id) while the API call waits.
 */
export function scale(d: DialectAdapter): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withId(db.schema.createTable('test_requests'), d)
        .addColumn('account_id', 'integer', (c) => c.notNull())
        .addColumn('location_id', 'integer', (c) => c.notNull())
        .addColumn('input', 'text', (c) => c.notNull())
        .addColumn('target', 'text', (c) => c.notNull())
        .addColumn('requested_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .addColumn('claimed_by', 'text')
        .addColumn('result_id', 'integer')
        .execute();
      // Workers look for their location's unclaimed requests.
      await db.schema
        .createIndex('test_requests_pending_idx')
        .on('test_requests')
        .columns(['location_id', 'claimed_by'])
        .execute();
    },
    async down(db: Kysely<unknown>) {
      await db.schema.dropTable('test_requests').execute();
    },
  };
}
