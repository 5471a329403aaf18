import type { Db } from './db.ts';
import { preparedQuery } from './prepared.ts';

/** Who a live token belongs to: the principal of every authenticated request. */
export interface TokenOwner {
  userId: number;
  userGuid: string;
  accountId: number;
  role: string;
  email: string;
  /** When the token stops being valid (epoch ms): the longest a cache may keep the principal. */
  expiresAt: number;
}

/** Stores a token digest, first evicting the user's oldest tokens beyond `cap - 1` (one tx). */
export async function insertToken(
  db: Db,
  t: { digest: string; userId: number; accountId: number; now: number; expiresAt: number; cap: number },
): Promise<void> {
  await db.transaction().execute(async (tx) => {
    const keep = await tx
      .selectFrom('access_tokens')
      .select('digest')
      .where('user_id', '=', t.userId)
      .where('expires_at', '>', t.now)
      .orderBy('created_at', 'desc')
      .orderBy('digest')
      .limit(t.cap - 1)
      .execute();
    let evict = tx.deleteFrom('access_tokens').where('user_id', '=', t.userId);
    if (keep.length > 0)
      evict = evict.where(
        'digest',
        'not in',
        keep.map((k) => k.digest),
      );
    await evict.execute();
    await tx
      .insertInto('access_tokens')
      .values({
        digest: t.digest,
        user_id: t.userId,
        account_id: t.accountId,
        created_at: t.now,
        expires_at: t.expiresAt,
      })
      .execute();
  });
}

const ownerQuery = (db: Db, digest: string, now: number) =>
  db
    .selectFrom('access_tokens as t')
    .innerJoin('users as u', 'u.id', 't.user_id')
    .select([
      'u.id as userId',
      'u.guid as userGuid',
      'u.account_id as accountId',
      'u.role as role',
      'u.email as email',
      't.expires_at as expiresAt',
    ])
    .where('t.digest', '=', digest)
    .where('t.expires_at', '>', now)
    .where('u.disabled', '=', 0);

// Every authenticated request runs this lookup: it is compiled once per database handle.
const ownerLookup = preparedQuery(2, ownerQuery);

/** The owner of a live (unexpired, enabled-user) token, by digest. */
export async function findTokenOwner(db: Db, digest: string, now: number): Promise<TokenOwner | undefined> {
  return (await ownerLookup(db, digest, now))[0];
}

export async function deleteToken(db: Db, digest: string): Promise<void> {
  await db.deleteFrom('access_tokens').where('digest', '=', digest).execute();
}

/** Revokes every token of a user (password change, disable, delete). */
export async function revokeUserTokens(db: Db, userId: number): Promise<number> {
  const r = await db.deleteFrom('access_tokens').where('user_id', '=', userId).executeTakeFirst();
  return Number(r.numDeletedRows);
}

export async function purgeExpiredTokens(db: Db, now: number): Promise<number> {
  const r = await db.deleteFrom('access_tokens').where('expires_at', '<=', now).executeTakeFirst();
  return Number(r.numDeletedRows);
}
