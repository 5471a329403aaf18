import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from './db.ts';
import type { DialectAdapter } from './dialect/types.ts';
import { paged } from './paging.ts';
import type { BlackoutTable } from './tables/blackouts.ts';

export type BlackoutRow = Selectable<BlackoutTable>;
export type NewBlackoutRow = Insertable<BlackoutTable>;

/** What a blackout's assoc_id points at: Monitor/Alert blackouts name a monitor, Notifier a recipient. */
export type AssocKind = 'monitor' | 'recipient';

const TYPES_OF: Record<AssocKind, string[]> = { monitor: ['Monitor', 'Alert'], recipient: ['Notifier'] };

/** Filters of `GET /blackouts`. */
export interface BlackoutFilter {
  /** Only these types (already normalised: Monitor, Alert, Notifier). */
  types?: string[];
  /** Only blackouts of this monitor or recipient. */
  assocId?: number;
  /** Only recurring blackouts. */
  recurringOnly?: boolean;
}

export async function listBlackouts(
  db: Db,
  accountId: number,
  filter: BlackoutFilter,
  page: { limit: number; offset: number },
): Promise<{ count: number; rows: BlackoutRow[] }> {
  let q = db.selectFrom('blackouts').selectAll().where('account_id', '=', accountId);
  if (filter.types) q = q.where('type', 'in', filter.types);
  if (filter.assocId !== undefined) q = q.where('assoc_id', '=', filter.assocId);
  if (filter.recurringOnly) q = q.where('persistent', '=', 1);
  return paged(q.orderBy('id'), page);
}

/** A blackout of `accountId`; another account's id is as absent as a missing one. */
export async function getBlackout(db: Db, accountId: number, id: number): Promise<BlackoutRow | undefined> {
  return db
    .selectFrom('blackouts')
    .selectAll()
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
}

// Keeps every statement well under SQLite's bound-variable limit (15 columns a row).
const INSERT_CHUNK = 500;

/** Inserts blackouts; answers each new row's id and assoc_id, in insertion order. */
export async function insertBlackouts(
  db: Db,
  rows: NewBlackoutRow[],
): Promise<{ id: number; assoc_id: number }[]> {
  const out: { id: number; assoc_id: number }[] = [];
  for (let i = 0; i < rows.length; i += INSERT_CHUNK) {
    const ids = await db
      .insertInto('blackouts')
      .values(rows.slice(i, i + INSERT_CHUNK))
      .returning(['id', 'assoc_id'])
      .execute();
    // RETURNING order is not promised; ids grow within one statement, so sorting restores it.
    out.push(...ids.sort((a, b) => a.id - b.id));
  }
  return out;
}

export async function updateBlackout(
  db: Db,
  accountId: number,
  id: number,
  set: Updateable<BlackoutTable>,
): Promise<void> {
  if (Object.keys(set).length === 0) return;
  await db
    .updateTable('blackouts')
    .set(set)
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .execute();
}

export async function deleteBlackout(db: Db, accountId: number, id: number): Promise<void> {
  await db.deleteFrom('blackouts').where('id', '=', id).where('account_id', '=', accountId).execute();
}

/**
 * Bulk-edit "update": removes the monitors' blackouts of one kind. One-time blackouts that have
 * started are history and stay (they cannot be deleted one by one either).
 */
export async function deleteMonitorBlackoutsOfKind(
  db: Db,
  accountId: number,
  monitorIds: number[],
  kind: { persistent: true } | { persistent: false; after: number },
): Promise<void> {
  let q = db
    .deleteFrom('blackouts')
    .where('account_id', '=', accountId)
    .where('type', 'in', TYPES_OF.monitor)
    .where('assoc_id', 'in', monitorIds)
    .where('persistent', '=', kind.persistent ? 1 : 0);
  if (!kind.persistent) q = q.where('from_at', '>', kind.after);
  await q.execute();
}

/** Whether `id` names a monitor (or recipient) of `accountId`. */
export async function assocExists(db: Db, accountId: number, kind: AssocKind, id: number): Promise<boolean> {
  const table = kind === 'monitor' ? 'monitors' : 'recipients';
  const row = await db
    .selectFrom(table)
    .select('id')
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row !== undefined;
}

/** Which of `ids` are monitors of `accountId`, locked against concurrent deletion inside `tx`. */
export async function lockOwnedMonitors(
  tx: Db,
  dialect: DialectAdapter,
  accountId: number,
  ids: number[],
): Promise<Set<number>> {
  const q = tx.selectFrom('monitors').select('id').where('account_id', '=', accountId).where('id', 'in', ids);
  const rows = await dialect.forUpdate(q).execute();
  return new Set(rows.map((r) => r.id));
}

/**
 * One query for the blackout check: the account's time zone plus every blackout of the monitor (or
 * recipient) that could be in force at `at` (all recurring ones, one-time ones spanning `at`).
 */
export async function loadBlackoutsAt(
  db: Db,
  accountId: number,
  target: { kind: AssocKind; id: number },
  at: number,
): Promise<{ timezone: string | null; rows: BlackoutRow[] }> {
  const found = await db
    .selectFrom('accounts')
    .leftJoin('blackouts', (join) =>
      join
        .onRef('blackouts.account_id', '=', 'accounts.id')
        .on('blackouts.type', 'in', TYPES_OF[target.kind])
        .on('blackouts.assoc_id', '=', target.id)
        .on((eb) =>
          eb.or([
            eb('blackouts.persistent', '=', 1),
            eb.and([eb('blackouts.from_at', '<=', at), eb('blackouts.thru_at', '>', at)]),
          ]),
        ),
    )
    .select('accounts.timezone')
    .selectAll('blackouts')
    .where('accounts.id', '=', accountId)
    .orderBy('blackouts.id')
    .execute();
  const rows = found.filter((r) => r.id !== null) as unknown as BlackoutRow[];
  return { timezone: found[0]?.timezone ?? null, rows };
}
