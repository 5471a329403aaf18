import type { Db } from './db.ts';
import { preparedQuery } from './prepared.ts';
import type { DialectAdapter } from './dialect/types.ts';
import type { LoginThrottleTable } from './schema.ts';

/** Outcome of reserving one login attempt against a limit. */
export type Reservation = { allowed: true } | { allowed: false; retryAfterMs: number };

type Row = LoginThrottleTable;

// Each reservation is one transaction that locks the counter row (FOR UPDATE on PostgreSQL; SQLite
// runs one writer at a time), so a parallel burst cannot read the same count twice.
async function withRow(
  db: Db,
  dialect: DialectAdapter,
  key: string,
  now: number,
  decide: (row: Row) => { patch?: Partial<Row>; result: Reservation },
): Promise<Reservation> {
  return db.transaction().execute(async (tx) => {
    await tx
      .insertInto('login_throttle')
      .values({ key, count: 0, window_start: now, locked_until: 0, lock_level: 0 })
      .onConflict((oc) => oc.column('key').doNothing())
      .execute();
    const row = await dialect
      .forUpdate(tx.selectFrom('login_throttle').selectAll().where('key', '=', key))
      .executeTakeFirstOrThrow();
    const { patch, result } = decide(row);
    if (patch) await tx.updateTable('login_throttle').set(patch).where('key', '=', key).execute();
    return result;
  });
}

/**
 * Consecutive-failure lockout: an attempt is counted before the password is checked, so in-flight
 * attempts count as failures; past `max`, the key is locked for a window that doubles per lock.
 */
export function reserveLockout(
  db: Db,
  dialect: DialectAdapter,
  key: string,
  now: number,
  limits: { max: number; lockMs: number; lockMaxMs: number },
): Promise<Reservation> {
  return withRow(db, dialect, key, now, (row) => {
    if (row.locked_until > now) return { result: { allowed: false, retryAfterMs: row.locked_until - now } };
    // window_start doubles as "last attempt", so the purge can tell an idle counter.
    const seen = Math.max(now, row.window_start);
    if (row.count >= limits.max) {
      const windowMs = Math.min(limits.lockMs * 2 ** row.lock_level, limits.lockMaxMs);
      // After the lock, one more attempt is allowed before the next (longer) lock.
      const patch = {
        locked_until: now + windowMs,
        lock_level: row.lock_level + 1,
        count: limits.max - 1,
        window_start: seen,
      };
      return { patch, result: { allowed: false, retryAfterMs: windowMs } };
    }
    return { patch: { count: row.count + 1, window_start: seen }, result: { allowed: true } };
  });
}

/** Fixed-window counter: at most `max` reservations per `windowMs`. */
export function reserveWindow(
  db: Db,
  dialect: DialectAdapter,
  key: string,
  now: number,
  limits: { max: number; windowMs: number },
): Promise<Reservation> {
  return withRow(db, dialect, key, now, (row) => {
    // A request whose clock reading predates the window (another request opened it meanwhile)
    // counts at the window's start, so the retry time never exceeds the window (no "61" for 60 s).
    const t = Math.max(now, row.window_start);
    const fresh = t - row.window_start >= limits.windowMs;
    const count = fresh ? 0 : row.count;
    const windowStart = fresh ? t : row.window_start;
    if (count >= limits.max) {
      return { result: { allowed: false, retryAfterMs: windowStart + limits.windowMs - t } };
    }
    return { patch: { count: count + 1, window_start: windowStart }, result: { allowed: true } };
  });
}

/** A successful login clears the username's failures and lock history. */
export async function clearLockout(db: Db, key: string): Promise<void> {
  await db
    .updateTable('login_throttle')
    .set({ count: 0, locked_until: 0, lock_level: 0 })
    .where('key', '=', key)
    .execute();
}

/** Gives back a window reservation that turned out not to be a failure. */
export async function releaseWindow(db: Db, key: string): Promise<void> {
  await db
    .updateTable('login_throttle')
    .set((eb) => ({
      count: eb
        .case()
        .when('count', '>', 0)
        .then(eb('count', '-', 1))
        .else(0)
        .end(),
    }))
    .where('key', '=', key)
    .execute();
}

const lockQuery = (db: Db, key: string, now: number) =>
  db.selectFrom('login_throttle').select('key').where('key', '=', key).where('locked_until', '>', now);
const lockLookup = preparedQuery(2, lockQuery);

/** Whether a key is locked out now (shown as a user's `is_locked_out`). */
export async function isLocked(db: Db, key: string, now: number): Promise<boolean> {
  return (await lockLookup(db, key, now)).length > 0;
}

/** Drops counters idle for `idleMs` that hold no active lock. */
export async function purgeIdleThrottles(db: Db, now: number, idleMs: number): Promise<number> {
  const r = await db
    .deleteFrom('login_throttle')
    .where('window_start', '<', now - idleMs)
    .where('locked_until', '<', now)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/**
 * Bounds the table whatever the traffic: past `maxRows` counters, the least recently used ones
 * without an active lock are dropped (docs/compatibility.md §2: unauthenticated clients cannot
 * grow storage). Returns how many went.
 */
export async function trimThrottles(db: Db, now: number, maxRows: number): Promise<number> {
  const excess = (await countThrottles(db)) - maxRows;
  if (excess <= 0) return 0;
  const r = await db
    .deleteFrom('login_throttle')
    .where(
      'key',
      'in',
      db
        .selectFrom('login_throttle')
        .select('key')
        .where('locked_until', '<', now)
        .orderBy('window_start')
        .limit(excess),
    )
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** How many login counters exist (the abuse tests prove the table stays bounded). */
export async function countThrottles(db: Db): Promise<number> {
  const { n } = await db
    .selectFrom('login_throttle')
    .select((eb) => eb.fn.countAll<number | string>().as('n'))
    .executeTakeFirstOrThrow();
  return Number(n);
}
