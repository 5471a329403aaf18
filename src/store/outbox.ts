// alert_outbox and alert_attempts as the dispatcher uses them. Every state-changing statement is
// a named function; writes to a claimed row are fenced on lease_owner and the attempt number.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from './db.ts';
import type { DialectAdapter } from './dialect/types.ts';
import type { AlertAttemptTable, AlertOutboxTable } from './tables/alerting.ts';

export type OutboxRow = Selectable<AlertOutboxTable>;
export type AttemptRow = Selectable<AlertAttemptTable>;

/**
 * Leases up to `limit` due pending rows in one statement and counts the attempt. The lease is
 * next_attempt_at itself, pushed to the lease's end: a row is due again only when its lease ran
 * out (the process holding it died). PostgreSQL skips rows another dispatcher is claiming.
 */
export async function claimOutbox(
  db: Db,
  dialect: DialectAdapter,
  o: { owner: string; limit: number; leaseMs: number; now: number },
): Promise<OutboxRow[]> {
  const now = sql`CAST(${o.now} AS bigint)`;
  const until = sql`CAST(${o.now + o.leaseMs} AS bigint)`;
  const lock = dialect.name === 'postgres' ? sql`FOR UPDATE SKIP LOCKED` : sql``;
  const r = await sql<OutboxRow>`UPDATE alert_outbox SET lease_owner = ${o.owner}, lease_until = ${until},
      next_attempt_at = ${until}, attempts = attempts + 1
    WHERE id IN (SELECT id FROM alert_outbox WHERE state = 'pending' AND next_attempt_at <= ${now}
      ORDER BY next_attempt_at LIMIT ${o.limit} ${lock})
    RETURNING *`.execute(db);
  return r.rows;
}

/** How a claimed row is left after one attempt. */
export interface Settlement {
  id: number;
  owner: string;
  /** The attempt number the claim gave (fence: a later claim counted another). */
  attempt: number;
  state: 'pending' | 'sent' | 'failed';
  /** For `pending`: when to try again. */
  nextAttemptAt: number;
  lastError: string | null;
  now: number;
}

/** One attempt to record and the settlement of its row. */
export interface AttemptSettlement {
  attempt: Insertable<AlertAttemptTable>;
  settle: Settlement;
}

/**
 * Records attempts and settles their rows, many in one transaction (a burst of deliveries costs
 * one commit). Each settle is fenced: when the lease was lost (taken over after expiry) the row is
 * left to its new holder and its entry answers false; the attempt is recorded either way, since
 * it happened.
 */
export async function settleAttempts(db: Db, items: AttemptSettlement[]): Promise<boolean[]> {
  if (items.length === 0) return [];
  return db.transaction().execute(async (tx) => {
    for (let i = 0; i < items.length; i += 200) {
      await tx
        .insertInto('alert_attempts')
        .values(items.slice(i, i + 200).map((x) => x.attempt))
        .onConflict((oc) => oc.columns(['outbox_id', 'attempt']).doNothing())
        .execute();
    }
    const out: boolean[] = [];
    for (const { settle: s } of items) {
      const r = await tx
        .updateTable('alert_outbox')
        .set({
          state: s.state,
          next_attempt_at: s.nextAttemptAt,
          lease_owner: null,
          lease_until: null,
          last_error: s.lastError,
          settled_at: s.state === 'pending' ? null : s.now,
        })
        .where('id', '=', s.id)
        .where('lease_owner', '=', s.owner)
        .where('attempts', '=', s.attempt)
        .where('state', '=', 'pending')
        .executeTakeFirst();
      out.push(Number(r.numUpdatedRows) === 1);
    }
    return out;
  });
}

/** Gives back rows `owner` claimed but never started (shutdown): due again at once. */
export async function releaseOutboxLeases(db: Db, owner: string, ids: number[], now: number): Promise<void> {
  if (ids.length === 0) return;
  await db
    .updateTable('alert_outbox')
    .set({ lease_owner: null, lease_until: null, next_attempt_at: now, attempts: sql`attempts - 1` })
    .where('lease_owner', '=', owner)
    .where('id', 'in', ids)
    .where('state', '=', 'pending')
    .execute();
}

/** Outbox depth for operators: pending rows and the oldest one's age (+ settled counts on request). */
export interface OutboxStats {
  pending: number;
  /** Seconds since the oldest pending row was queued; null when none is pending. */
  oldest_pending_age_seconds: number | null;
  /** Only with `settled`: rows that gave up, and rows delivered (within retention). */
  failed?: number;
  sent?: number;
}

/**
 * Pending depth and age from the partial due index (cheap enough for /readyz); `settled` also
 * counts sent and failed rows, which scans them (the CLI).
 */
export async function outboxStats(db: Db, now: number, o: { settled?: boolean } = {}): Promise<OutboxStats> {
  const p = await db
    .selectFrom('alert_outbox')
    .select([(eb) => eb.fn.countAll<number>().as('n'), (eb) => eb.fn.min('created_at').as('oldest')])
    .where('state', '=', 'pending')
    .executeTakeFirstOrThrow();
  const out: OutboxStats = {
    pending: Number(p.n),
    oldest_pending_age_seconds:
      p.oldest == null ? null : Math.max(0, Math.round((now - Number(p.oldest)) / 1000)),
  };
  if (!o.settled) return out;
  const rows = await db
    .selectFrom('alert_outbox')
    .select(['state', (eb) => eb.fn.countAll<number>().as('n')])
    .where('state', 'in', ['sent', 'failed'])
    .groupBy('state')
    .execute();
  out.failed = Number(rows.find((r) => r.state === 'failed')?.n ?? 0);
  out.sent = Number(rows.find((r) => r.state === 'sent')?.n ?? 0);
  return out;
}

/** Deletes up to `limit` settled (sent or failed) rows settled before `before`, with their attempts. */
export async function purgeSettledOutbox(db: Db, before: number, limit: number): Promise<number> {
  const ids = (
    await db
      .selectFrom('alert_outbox')
      .select('id')
      .where('settled_at', '<', before)
      .where('state', 'in', ['sent', 'failed'])
      .limit(limit)
      .execute()
  ).map((r) => r.id);
  if (ids.length === 0) return 0;
  // Attempts first: SQLite enforces the cascade only with foreign keys on, so do not rely on it.
  await db.deleteFrom('alert_attempts').where('outbox_id', 'in', ids).execute();
  const r = await db.deleteFrom('alert_outbox').where('id', 'in', ids).executeTakeFirst();
  return Number(r.numDeletedRows);
}

/** Filters of `GET /alerts`. */
export interface AlertFilter {
  monitorId?: number;
  notifyType?: string;
  /** Queued at or after (epoch ms). */
  from?: number;
  /** Queued before (epoch ms). */
  to?: number;
}

/** One page of an account's alerts, newest first, and the total. */
export async function listAlerts(
  db: Db,
  accountId: number,
  f: AlertFilter,
  page: { limit: number; offset: number },
): Promise<{ count: number; rows: OutboxRow[] }> {
  let q = db.selectFrom('alert_outbox').where('account_id', '=', accountId);
  if (f.monitorId !== undefined) q = q.where('monitor_id', '=', f.monitorId);
  if (f.notifyType !== undefined) q = q.where('notify_type', '=', f.notifyType);
  if (f.from !== undefined) q = q.where('created_at', '>=', f.from);
  if (f.to !== undefined) q = q.where('created_at', '<', f.to);
  const total = await q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
  const rows = await q
    .selectAll()
    .orderBy('created_at', 'desc')
    .orderBy('id', 'desc')
    .limit(page.limit)
    .offset(page.offset)
    .execute();
  return { count: Number(total.n), rows };
}

/** The attempts of the given outbox rows, in order (one query for a page). */
export async function attemptsOf(db: Db, outboxIds: number[]): Promise<AttemptRow[]> {
  if (outboxIds.length === 0) return [];
  return db
    .selectFrom('alert_attempts')
    .selectAll()
    .where('outbox_id', 'in', outboxIds)
    .orderBy('outbox_id')
    .orderBy('attempt')
    .execute();
}
