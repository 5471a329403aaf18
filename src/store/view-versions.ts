import { sql } from 'kysely';
import type { Db } from './db.ts';
import { preparedQuery } from './prepared.ts';

// Versions kept by the triggers of migration 0012: every change to what a monitor view shows
// (monitor, its locations, custom properties, blackouts, SLA, performance alerts; location names
// for everyone) raises the account's row or the global row 0. Each only grows, so their sum
// changes with every such commit and never returns to an earlier value.

const lookup = preparedQuery(1, (db: Db, accountId: number) =>
  db
    .selectFrom('view_versions')
    .select(sql<number | string>`coalesce(sum(version), 0)`.as('v'))
    .where('account_id', 'in', [0, accountId]),
);

/** The account's monitor-view version: equal values mean an unchanged view. */
export async function monitorViewVersion(db: Db, accountId: number): Promise<string> {
  const [row] = await lookup(db, accountId);
  return String(row?.v ?? 0);
}
