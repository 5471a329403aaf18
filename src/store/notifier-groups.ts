import type { Selectable, Updateable } from 'kysely';
import type { Db } from './db.ts';
import type { DialectAdapter } from './dialect/types.ts';
import { paged } from './paging.ts';
import { storableId } from './ids.ts';
import type { NotifierGroupTable } from './tables/recipients.ts';

export type GroupRow = Selectable<NotifierGroupTable>;

/** List filters of `GET /notifier-groups`; each one given narrows the list. */
export interface GroupFilter {
  /** Only groups holding this monitor (whole or a step). */
  monitorIds: number[];
  /** Only groups holding this recipient. */
  recipientId?: number;
}

/** A monitor entry of a group, with what the API needs to name it. */
export interface GroupMonitor {
  id: number;
  name: string;
  step_number: number;
  /** The monitor's JSON config, for step names. */
  config: string;
}

/** The members of many groups, by group id. */
export interface GroupMembers {
  monitors: Map<number, GroupMonitor[]>;
  recipients: Map<number, { id: number; name: string; recipient: string }[]>;
  errortypes: Map<number, number[]>;
  templates: Map<number, number[]>;
}

/** What a write puts in a group's member tables; an absent array keeps the stored one. */
export interface GroupMemberWrite {
  monitors?: { monitor_id: number; step_number: number }[];
  recipients?: number[];
  errortypes?: number[];
  templates?: number[];
}

export async function listGroups(
  db: Db,
  accountId: number,
  filter: GroupFilter,
  page: { limit: number; offset: number },
): Promise<{ count: number; rows: GroupRow[] }> {
  let q = db.selectFrom('notifier_groups').selectAll().where('account_id', '=', accountId);
  for (const monitorId of filter.monitorIds) {
    q = q.where('id', 'in', (eb) =>
      eb.selectFrom('notifier_group_monitors').select('group_id').where('monitor_id', '=', monitorId),
    );
  }
  if (filter.recipientId !== undefined) {
    const recipientId = filter.recipientId;
    q = q.where('id', 'in', (eb) =>
      eb.selectFrom('notifier_group_recipients').select('group_id').where('recipient_id', '=', recipientId),
    );
  }
  return paged(q.orderBy('id'), page);
}

/** A group of `accountId`; another account's id is as absent as a missing one. */
export async function getGroup(db: Db, accountId: number, id: number): Promise<GroupRow | undefined> {
  if (!storableId(id)) return undefined;
  return db
    .selectFrom('notifier_groups')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
}

function group<T>(rows: { group_id: number }[], pick: (r: never) => T): Map<number, T[]> {
  const map = new Map<number, T[]>();
  for (const r of rows) {
    const list = map.get(r.group_id) ?? [];
    list.push(pick(r as never));
    map.set(r.group_id, list);
  }
  return map;
}

/** The members of many groups in four queries, whatever their number. */
export async function groupMembers(db: Db, accountId: number, ids: number[]): Promise<GroupMembers> {
  if (ids.length === 0)
    return { monitors: new Map(), recipients: new Map(), errortypes: new Map(), templates: new Map() };
  const [monitors, recipients, errortypes, templates] = await Promise.all([
    db
      .selectFrom('notifier_group_monitors as gm')
      .innerJoin('monitors as m', 'm.id', 'gm.monitor_id')
      .select(['gm.group_id', 'm.id', 'm.name', 'm.config', 'gm.step_number'])
      .where('m.account_id', '=', accountId)
      .where('gm.group_id', 'in', ids)
      .orderBy('gm.monitor_id')
      .orderBy('gm.step_number')
      .execute(),
    db
      .selectFrom('notifier_group_recipients as gr')
      .innerJoin('recipients as r', 'r.id', 'gr.recipient_id')
      .select(['gr.group_id', 'r.id', 'r.name', 'r.recipient'])
      .where('r.account_id', '=', accountId)
      .where('gr.group_id', 'in', ids)
      .orderBy('r.id')
      .execute(),
    db
      .selectFrom('notifier_group_errortypes')
      .select(['group_id', 'code'])
      .where('group_id', 'in', ids)
      .orderBy('code')
      .execute(),
    db
      .selectFrom('notifier_group_templates')
      .select(['group_id', 'template_id'])
      .where('group_id', 'in', ids)
      .orderBy('template_id')
      .execute(),
  ]);
  return {
    monitors: group(monitors, (r: (typeof monitors)[number]) => ({
      id: r.id,
      name: r.name,
      step_number: r.step_number,
      config: r.config,
    })),
    recipients: group(recipients, (r: (typeof recipients)[number]) => ({
      id: r.id,
      name: r.name,
      recipient: r.recipient,
    })),
    errortypes: group(errortypes, (r: (typeof errortypes)[number]) => r.code),
    templates: group(templates, (r: (typeof templates)[number]) => r.template_id),
  };
}

/** Those of `ids` that are monitors of the account, with their configs (for step checks). */
export async function accountMonitors(
  db: Db,
  accountId: number,
  ids: number[],
): Promise<{ id: number; config: string }[]> {
  ids = ids.filter(storableId);
  if (ids.length === 0) return [];
  return db
    .selectFrom('monitors')
    .select(['id', 'config'])
    .where('account_id', '=', accountId)
    .where('id', 'in', ids)
    .execute();
}

/** Those of `ids` that are recipients of the account. */
export async function accountRecipientIds(db: Db, accountId: number, ids: number[]): Promise<number[]> {
  ids = ids.filter(storableId);
  if (ids.length === 0) return [];
  const rows = await db
    .selectFrom('recipients')
    .select('id')
    .where('account_id', '=', accountId)
    .where('id', 'in', ids)
    .execute();
  return rows.map((r) => r.id);
}

/** A group of `accountId`, row-locked until the transaction ends (PostgreSQL). */
export async function lockGroup(
  db: Db,
  dialect: DialectAdapter,
  accountId: number,
  id: number,
): Promise<boolean> {
  const row = await dialect
    .forUpdate(
      db.selectFrom('notifier_groups').select('id').where('account_id', '=', accountId).where('id', '=', id),
    )
    .executeTakeFirst();
  return row !== undefined;
}

/** Whether a driver error is a foreign-key violation: a member row was deleted while we wrote. */
export function isForeignKeyViolation(err: unknown): boolean {
  const code = (err as { code?: unknown } | null)?.code;
  return code === '23503' || code === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/**
 * Locks the account row so that concurrent "make this group the default" writes run one after
 * the other (PostgreSQL; SQLite serialises writers anyway).
 */
export async function lockAccountGroups(db: Db, dialect: DialectAdapter, accountId: number): Promise<void> {
  await dialect.forUpdate(db.selectFrom('accounts').select('id').where('id', '=', accountId)).execute();
}

/** Clears the account's default group, but for `keepId`. */
export async function clearDefaultGroup(db: Db, accountId: number, keepId: number | null): Promise<void> {
  let q = db
    .updateTable('notifier_groups')
    .set({ is_default: 0 })
    .where('account_id', '=', accountId)
    .where('is_default', '=', 1);
  if (keepId !== null) q = q.where('id', '!=', keepId);
  await q.execute();
}

export async function insertGroup(
  db: Db,
  values: { account_id: number; name: string; is_default: number; created_at: number },
): Promise<number> {
  const row = await db.insertInto('notifier_groups').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateGroup(db: Db, id: number, patch: Updateable<NotifierGroupTable>): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable('notifier_groups').set(patch).where('id', '=', id).execute();
}

/** Replaces each member array that is given, as a whole (docs/alertsite-v3.md §1.8). */
export async function replaceGroupMembers(db: Db, groupId: number, w: GroupMemberWrite): Promise<void> {
  if (w.monitors) {
    await db.deleteFrom('notifier_group_monitors').where('group_id', '=', groupId).execute();
    if (w.monitors.length > 0)
      await db
        .insertInto('notifier_group_monitors')
        .values(w.monitors.map((m) => ({ group_id: groupId, ...m })))
        .execute();
  }
  if (w.recipients) {
    await db.deleteFrom('notifier_group_recipients').where('group_id', '=', groupId).execute();
    if (w.recipients.length > 0)
      await db
        .insertInto('notifier_group_recipients')
        .values(w.recipients.map((recipient_id) => ({ group_id: groupId, recipient_id })))
        .execute();
  }
  if (w.errortypes) {
    await db.deleteFrom('notifier_group_errortypes').where('group_id', '=', groupId).execute();
    if (w.errortypes.length > 0)
      await db
        .insertInto('notifier_group_errortypes')
        .values(w.errortypes.map((code) => ({ group_id: groupId, code })))
        .execute();
  }
  if (w.templates) {
    await db.deleteFrom('notifier_group_templates').where('group_id', '=', groupId).execute();
    if (w.templates.length > 0)
      await db
        .insertInto('notifier_group_templates')
        .values(w.templates.map((template_id) => ({ group_id: groupId, template_id })))
        .execute();
  }
}

/** Deletes a group and its member rows; the monitors and recipients themselves stay. */
export async function deleteGroup(db: Db, accountId: number, id: number): Promise<void> {
  await db.deleteFrom('notifier_groups').where('id', '=', id).where('account_id', '=', accountId).execute();
}
