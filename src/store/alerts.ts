// What the alerting policy reads and writes inside the engine's completion transaction: the
// latest status rows (locked), per-recipient outage state, routing (groups, recipients,
// blackouts) and the outbox rows it queues. A fixed number of statements per batch.
import { sql, type Insertable, type Selectable } from 'kysely';
import type { Db } from './db.ts';
import type { DialectAdapter } from './dialect/types.ts';
import type { BlackoutRow } from './blackouts.ts';
import type { StatusRow } from './results.ts';
import type { RecipientRow } from './recipients.ts';
import type { AlertOutboxTable, AlertStateTable } from './tables/alerting.ts';

export type AlertStateRow = Selectable<AlertStateTable>;
export type NewOutboxRow = Insertable<AlertOutboxTable>;

/** A (monitor, location) pair. */
export interface StatusKey {
  monitor_id: number;
  location_id: number;
}

const CHUNK = 400;
const int = (v: number) => sql`CAST(${v} AS integer)`;
const keyValues = (keys: StatusKey[]) =>
  sql.join(keys.map((k) => sql`(${int(k.monitor_id)}, ${int(k.location_id)})`));

/**
 * The status rows of `keys`, locked until the transaction ends (PostgreSQL). This is the fence
 * that keeps two engine processes from deciding the same transition at once: the second waits
 * for the first to commit, then reads its alert state. Locked in key order (no deadlock between
 * two deciders).
 */
export async function lockStatuses(tx: Db, dialect: DialectAdapter, keys: StatusKey[]): Promise<StatusRow[]> {
  const out: StatusRow[] = [];
  const sorted = [...keys].sort((a, b) => a.monitor_id - b.monitor_id || a.location_id - b.location_id);
  for (let i = 0; i < sorted.length; i += CHUNK) {
    const lock =
      dialect.name === 'postgres' ? sql`ORDER BY s.monitor_id, s.location_id FOR UPDATE OF s` : sql``;
    const r = await sql<StatusRow>`SELECT s.* FROM monitor_status s
      JOIN (VALUES ${keyValues(sorted.slice(i, i + CHUNK))}) AS v ON s.monitor_id = v.column1 AND s.location_id = v.column2
      ${lock}`.execute(tx);
    out.push(...r.rows);
  }
  return out;
}

/** Alert state rows (every recipient, and the monitor-level row 0) of the given monitors. */
export async function alertStatesOf(tx: Db, monitorIds: number[]): Promise<AlertStateRow[]> {
  if (monitorIds.length === 0) return [];
  return tx.selectFrom('alert_state').selectAll().where('monitor_id', 'in', monitorIds).execute();
}

/** A monitor with what an alert says about it. */
export interface AlertMonitorRow {
  id: number;
  account_id: number;
  name: string;
  type: string;
  config: string;
  company: string;
  timezone: string;
}

/** The monitors of a batch with their account's name and time zone. */
export async function alertMonitors(tx: Db, ids: number[]): Promise<AlertMonitorRow[]> {
  if (ids.length === 0) return [];
  return tx
    .selectFrom('monitors as m')
    .innerJoin('accounts as a', 'a.id', 'm.account_id')
    .select(['m.id', 'm.account_id', 'm.name', 'm.type', 'm.config', 'a.name as company', 'a.timezone'])
    .where('m.id', 'in', ids)
    .execute();
}

/** The latest scheduled result of each key (the one monitor_status.last_slot points at). */
export async function latestResults(tx: Db, statuses: StatusRow[]) {
  const rows: {
    monitor_id: number;
    location_id: number;
    steps: string;
    detail: string;
    response_ms: number | null;
  }[] = [];
  const withSlot = statuses.filter((s) => s.last_slot !== null);
  for (let i = 0; i < withSlot.length; i += CHUNK) {
    const v = withSlot
      .slice(i, i + CHUNK)
      .map((s) => sql`(${int(s.monitor_id)}, ${int(s.location_id)}, CAST(${s.last_slot} AS bigint))`);
    const r = await sql<
      (typeof rows)[number]
    >`SELECT r.monitor_id, r.location_id, r.steps, r.detail, r.response_ms
      FROM check_results r JOIN (VALUES ${sql.join(v)}) AS v
        ON r.monitor_id = v.column1 AND r.location_id = v.column2 AND r.scheduled_at = v.column3
      WHERE r.kind = 'scheduled'`.execute(tx);
    rows.push(...r.rows);
  }
  return rows;
}

/** What routing needs: groups holding the monitors or default, their members, and recipients. */
export interface RoutingRows {
  groups: { id: number; account_id: number; is_default: number }[];
  entries: { group_id: number; monitor_id: number; step_number: number }[];
  members: { group_id: number; recipient_id: number }[];
  errortypes: { group_id: number; code: number }[];
  templates: { group_id: number; template_id: number }[];
  /** Every recipient of the accounts (the last fallback, and clear notices). */
  recipients: RecipientRow[];
}

/** Routing data of the accounts and monitors of a batch: six queries. */
export async function routingOf(tx: Db, accountIds: number[], monitorIds: number[]): Promise<RoutingRows> {
  if (accountIds.length === 0)
    return { groups: [], entries: [], members: [], errortypes: [], templates: [], recipients: [] };
  const entries = await tx
    .selectFrom('notifier_group_monitors as gm')
    .innerJoin('notifier_groups as g', 'g.id', 'gm.group_id')
    .select(['gm.group_id', 'gm.monitor_id', 'gm.step_number'])
    .where('gm.monitor_id', 'in', monitorIds)
    .where('g.account_id', 'in', accountIds)
    .execute();
  // Groups of the accounts, kept when default or holding a monitor of the batch (an OR in SQL
  // trips SQLite's planner on this index; an account has few groups).
  const holding = new Set(entries.map((e) => e.group_id));
  const groups = (
    await tx
      .selectFrom('notifier_groups')
      .select(['id', 'account_id', 'is_default'])
      .where('account_id', 'in', accountIds)
      .execute()
  ).filter((g) => g.is_default === 1 || holding.has(g.id));
  const ids = groups.map((g) => g.id);
  const [members, errortypes, templates, recipients] = await Promise.all([
    ids.length
      ? tx
          .selectFrom('notifier_group_recipients')
          .select(['group_id', 'recipient_id'])
          .where('group_id', 'in', ids)
          .execute()
      : [],
    ids.length
      ? tx
          .selectFrom('notifier_group_errortypes')
          .select(['group_id', 'code'])
          .where('group_id', 'in', ids)
          .execute()
      : [],
    ids.length
      ? tx
          .selectFrom('notifier_group_templates')
          .select(['group_id', 'template_id'])
          .where('group_id', 'in', ids)
          .orderBy('template_id')
          .execute()
      : [],
    tx.selectFrom('recipients').selectAll().where('account_id', 'in', accountIds).orderBy('id').execute(),
  ]);
  return { groups, entries, members, errortypes, templates, recipients };
}

/** `Alert` blackouts of the monitors and `Notifier` blackouts of the accounts that could be in force at `at`. */
export async function alertBlackoutsAt(
  tx: Db,
  accountIds: number[],
  monitorIds: number[],
  at: number,
): Promise<BlackoutRow[]> {
  if (accountIds.length === 0) return [];
  return tx
    .selectFrom('blackouts')
    .selectAll()
    .where('account_id', 'in', accountIds)
    .where((eb) =>
      eb.or([
        eb.and([eb('type', '=', 'Alert'), eb('assoc_id', 'in', monitorIds)]),
        eb('type', '=', 'Notifier'),
      ]),
    )
    .where((eb) =>
      eb.or([eb('persistent', '=', 1), eb.and([eb('from_at', '<=', at), eb('thru_at', '>', at)])]),
    )
    .execute();
}

/**
 * Queues notifications; a row whose transition is already queued (same monitor, location,
 * recipient, dedup key) is skipped. Answers the delivery ids actually inserted.
 */
export async function insertOutbox(tx: Db, rows: NewOutboxRow[]): Promise<string[]> {
  const out: string[] = [];
  for (let i = 0; i < rows.length; i += 100) {
    const r = await tx
      .insertInto('alert_outbox')
      .values(rows.slice(i, i + 100))
      .onConflict((oc) => oc.columns(['monitor_id', 'location_id', 'recipient_id', 'dedup_key']).doNothing())
      .returning('delivery_id')
      .execute();
    out.push(...r.map((x) => x.delivery_id));
  }
  return out;
}

/** Writes outage state rows (insert or replace). */
export async function upsertAlertStates(tx: Db, rows: AlertStateRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += CHUNK) {
    await tx
      .insertInto('alert_state')
      .values(rows.slice(i, i + CHUNK))
      .onConflict((oc) =>
        oc.columns(['monitor_id', 'location_id', 'recipient_id']).doUpdateSet((eb) => ({
          outage: eb.ref('excluded.outage'),
          notified: eb.ref('excluded.notified'),
          last_errcount: eb.ref('excluded.last_errcount'),
          updated_at: eb.ref('excluded.updated_at'),
        })),
      )
      .execute();
  }
}

/** Forgets the outage state of recovered (monitor, location) pairs. */
export async function deleteAlertStates(tx: Db, keys: StatusKey[]): Promise<void> {
  for (let i = 0; i < keys.length; i += CHUNK) {
    await sql`DELETE FROM alert_state WHERE EXISTS (SELECT 1 FROM (VALUES ${keyValues(keys.slice(i, i + CHUNK))}) AS v
      WHERE alert_state.monitor_id = v.column1 AND alert_state.location_id = v.column2)`.execute(tx);
  }
}
