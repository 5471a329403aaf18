import type { Kysely, Migration } from 'kysely';
import type { DialectAdapter } from '../dialect/types.ts';
import { withId } from './helpers.ts';

/** Accounts, users, access tokens and login throttling. */
export function foundation(d: DialectAdapter): Migration {
  return {
    async up(db: Kysely<unknown>) {
      await withId(db.schema.createTable('accounts'), d)
        .addColumn('parent_id', 'integer', (c) => c.references('accounts.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('timezone', 'text', (c) => c.notNull().defaultTo('UTC'))
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .execute();

      await withId(db.schema.createTable('users'), d)
        .addColumn('guid', 'text', (c) => c.notNull().unique())
        .addColumn('account_id', 'integer', (c) => c.notNull().references('accounts.id').onDelete('cascade'))
        .addColumn('email', 'text', (c) => c.notNull().unique())
        .addColumn('first_name', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('last_name', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('role', 'text', (c) => c.notNull())
        .addColumn('work_phone', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('home_phone', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('disabled', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('is_sso_optional', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('date_joined', 'bigint', (c) => c.notNull())
        .addColumn('last_api_access', 'bigint')
        .addColumn('last_console_access', 'bigint')
        .execute();
      await db.schema.createIndex('users_account_idx').on('users').columns(['account_id', 'id']).execute();

      await db.schema
        .createTable('access_tokens')
        .addColumn('digest', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'integer', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('account_id', 'integer', (c) => c.notNull())
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('expires_at', 'bigint', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('access_tokens_user_idx')
        .on('access_tokens')
        .columns(['user_id', 'created_at'])
        .execute();
      await db.schema
        .createIndex('access_tokens_expiry_idx')
        .on('access_tokens')
        .column('expires_at')
        .execute();

      await db.schema
        .createTable('login_throttle')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('count', 'integer', (c) => c.notNull())
        .addColumn('window_start', 'bigint', (c) => c.notNull())
        .addColumn('locked_until', 'bigint', (c) => c.notNull())
        .addColumn('lock_level', 'integer', (c) => c.notNull())
        .execute();
    },
  };
}
