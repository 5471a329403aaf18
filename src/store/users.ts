import { randomUUID } from 'node:crypto';
import type { Selectable, Updateable } from 'kysely';
import type { Db } from './db.ts';
import { preparedQuery } from './prepared.ts';
import type { UserTable } from './schema.ts';

export type UserRow = Selectable<UserTable>;

export interface NewUser {
  accountId: number;
  email: string;
  firstName: string;
  lastName: string;
  role: string;
  workPhone: string;
  homePhone: string;
  passwordHash: string;
  now: number;
}

/** The login name form: trimmed and lower-cased. */
export const normalizeEmail = (email: string) => email.trim().toLowerCase();

export async function findUserByEmail(db: Db, email: string): Promise<UserRow | undefined> {
  return db.selectFrom('users').selectAll().where('email', '=', normalizeEmail(email)).executeTakeFirst();
}

const byGuid = (db: Db, accountId: number, guid: string) =>
  db.selectFrom('users').selectAll().where('guid', '=', guid).where('account_id', '=', accountId);
const guidLookup = preparedQuery(2, byGuid);

/** A user of `accountId` by guid; another account's guid is as absent as a missing one. */
export async function getUserByGuid(db: Db, accountId: number, guid: string): Promise<UserRow | undefined> {
  return (await guidLookup(db, accountId, guid))[0];
}

export async function listUsers(
  db: Db,
  accountId: number,
  page: { limit: number; offset: number },
): Promise<{ count: number; rows: UserRow[] }> {
  const base = db.selectFrom('users').where('account_id', '=', accountId);
  const [total, rows] = await Promise.all([
    base.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
    base.selectAll().orderBy('id').limit(page.limit).offset(page.offset).execute(),
  ]);
  return { count: Number(total.n), rows };
}

export async function emailTaken(db: Db, email: string): Promise<boolean> {
  const row = await db
    .selectFrom('users')
    .select('id')
    .where('email', '=', normalizeEmail(email))
    .executeTakeFirst();
  return row !== undefined;
}

export async function insertUser(db: Db, u: NewUser): Promise<UserRow> {
  return db
    .insertInto('users')
    .values({
      guid: randomUUID(),
      account_id: u.accountId,
      email: normalizeEmail(u.email),
      first_name: u.firstName,
      last_name: u.lastName,
      role: u.role,
      work_phone: u.workPhone,
      home_phone: u.homePhone,
      password_hash: u.passwordHash,
      disabled: 0,
      is_sso_optional: 0,
      date_joined: u.now,
      last_api_access: null,
      last_console_access: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function updateUser(db: Db, id: number, patch: Updateable<UserTable>): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable('users').set(patch).where('id', '=', id).execute();
}

export async function deleteUser(db: Db, id: number): Promise<void> {
  await db.deleteFrom('users').where('id', '=', id).execute();
}

/** Records API use; skipped in SQL when the stored value is under a minute old. */
export async function touchLastApiAccess(db: Db, id: number, now: number): Promise<void> {
  await db
    .updateTable('users')
    .set({ last_api_access: now })
    .where('id', '=', id)
    .where((eb) => eb.or([eb('last_api_access', 'is', null), eb('last_api_access', '<', now - 60_000)]))
    .execute();
}
