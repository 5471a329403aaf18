import type { Selectable } from 'kysely';
import type { Db } from './db.ts';
import type { AccountTable } from './schema.ts';

export type AccountRow = Selectable<AccountTable>;

export async function insertAccount(
  db: Db,
  values: { name: string; parentId: number | null; timezone?: string; now: number },
): Promise<AccountRow> {
  return db
    .insertInto('accounts')
    .values({
      name: values.name,
      parent_id: values.parentId,
      timezone: values.timezone ?? 'UTC',
      created_at: values.now,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function getAccount(db: Db, id: number): Promise<AccountRow | undefined> {
  return db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
}

export async function countAccounts(db: Db): Promise<number> {
  const row = await db
    .selectFrom('accounts')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(row.n);
}

/** Every account with its number of users, by id (the CLI listing). */
export async function listAccounts(db: Db): Promise<(AccountRow & { users: number })[]> {
  const rows = await db
    .selectFrom('accounts')
    .selectAll('accounts')
    .select((eb) =>
      eb
        .selectFrom('users')
        .select((u) => u.fn.countAll<number>().as('n'))
        .whereRef('users.account_id', '=', 'accounts.id')
        .as('users'),
    )
    .orderBy('accounts.id')
    .execute();
  return rows.map((r) => ({ ...r, users: Number(r.users ?? 0) }));
}

/** The account commands act on when none is named: the first top-level one (the bootstrap account). */
export async function firstTopLevelAccountId(db: Db): Promise<number | undefined> {
  const row = await db
    .selectFrom('accounts')
    .select('id')
    .where('parent_id', 'is', null)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}

/** The enabled ADMIN user of an account (the CLI acts as the account's owner). */
export async function accountAdminId(db: Db, accountId: number): Promise<number | undefined> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('account_id', '=', accountId)
    .where('role', '=', 'ADMIN')
    .where('disabled', '=', 0)
    .orderBy('id')
    .limit(1)
    .executeTakeFirst();
  return row?.id;
}
