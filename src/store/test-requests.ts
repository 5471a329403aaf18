import { sql, type Selectable } from 'kysely';
import type { Db } from './db.ts';
import type { DialectAdapter } from './dialect/types.ts';
import type { TestRequestTable } from './tables/scale.ts';

// Tests on demand handed from an API process to a worker of the test's location (0011-scale).

/** A request row as a worker claims it. */
export type TestRequestRow = Selectable<TestRequestTable>;

/** Writes a request; answers its id. */
export async function insertTestRequest(
  db: Db,
  r: {
    account_id: number;
    location_id: number;
    input: string;
    target: string;
    requested_at: number;
    expires_at: number;
  },
): Promise<number> {
  const row = await db
    .insertInto('test_requests')
    .values({ ...r, claimed_by: null, result_id: null })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/**
 * Takes up to `limit` unclaimed, unexpired requests of `locations` for `owner` in one statement
 * (`FOR UPDATE SKIP LOCKED` on PostgreSQL: two workers of a location never take the same one).
 */
export async function claimTestRequests(
  db: Db,
  dialect: DialectAdapter,
  o: { owner: string; locations: number[]; now: number; limit: number },
): Promise<TestRequestRow[]> {
  if (o.locations.length === 0) return [];
  let pick = db
    .selectFrom('test_requests')
    .select('id')
    .where('location_id', 'in', o.locations)
    .where('claimed_by', 'is', null)
    .where('expires_at', '>', o.now)
    .orderBy('id')
    .limit(o.limit);
  if (dialect.name === 'postgres') pick = pick.forUpdate().skipLocked();
  return db
    .updateTable('test_requests')
    .set({ claimed_by: o.owner })
    .where('id', 'in', pick)
    .where('claimed_by', 'is', null)
    .returningAll()
    .execute();
}

/** Records the answer of a claimed request. */
export async function answerTestRequest(db: Db, id: number, resultId: number): Promise<void> {
  await db.updateTable('test_requests').set({ result_id: resultId }).where('id', '=', id).execute();
}

/** The result id of a request, once answered. */
export async function testRequestResult(db: Db, id: number): Promise<number | null> {
  const row = await db
    .selectFrom('test_requests')
    .select('result_id')
    .where('id', '=', id)
    .executeTakeFirst();
  return row?.result_id ?? null;
}

/** Deletes requests past their expiry (answered or abandoned): they are only a hand-over. */
export async function purgeTestRequests(db: Db, now: number): Promise<number> {
  const r = await db
    .deleteFrom('test_requests')
    .where('expires_at', '<', sql<number>`${now}`)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
