import type { Insertable, Selectable, Updateable } from 'kysely';
import type { Db } from './db.ts';
import { storableId } from './ids.ts';
import { paged } from './paging.ts';
import type { RecipientTable } from './tables/recipients.ts';

export type RecipientRow = Selectable<RecipientTable>;

/** List filters of `GET /recipients`; each one given narrows the list. */
export interface RecipientFilter {
  /** Only recipients with availability alerts on. */
  availability?: boolean;
  /** Only recipients with performance alerts on. */
  performance?: boolean;
  /** Only recipients of this delivery method. */
  methodId?: number;
}

/** Ids of the rows that point at each recipient, as the API shows them (string ids). */
export interface RecipientLinks {
  /** Notifier blackouts with assoc_id = the recipient. */
  blackouts: Map<number, string[]>;
  /** Recipient groups holding the recipient. */
  groups: Map<number, string[]>;
}

export async function listRecipients(
  db: Db,
  accountId: number,
  filter: RecipientFilter,
  page: { limit: number; offset: number },
): Promise<{ count: number; rows: RecipientRow[] }> {
  let q = db.selectFrom('recipients').selectAll().where('account_id', '=', accountId);
  if (filter.availability) q = q.where('availability_alert', '=', 1);
  if (filter.performance) q = q.where('performance_alert', '=', 1);
  if (filter.methodId !== undefined) q = q.where('method_id', '=', filter.methodId);
  return paged(q.orderBy('id'), page);
}

/** A recipient of `accountId`; another account's id is as absent as a missing one. */
export async function getRecipient(db: Db, accountId: number, id: number): Promise<RecipientRow | undefined> {
  if (!storableId(id)) return undefined;
  return db
    .selectFrom('recipients')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
}

const push = (map: Map<number, string[]>, key: number, value: number) => {
  const list = map.get(key);
  if (list) list.push(String(value));
  else map.set(key, [String(value)]);
};

/** Blackouts and groups of many recipients in two queries, whatever their number. */
export async function recipientLinks(db: Db, accountId: number, ids: number[]): Promise<RecipientLinks> {
  const links: RecipientLinks = { blackouts: new Map(), groups: new Map() };
  if (ids.length === 0) return links;
  const [blackouts, groups] = await Promise.all([
    db
      .selectFrom('blackouts')
      .select(['id', 'assoc_id'])
      .where('account_id', '=', accountId)
      .where('type', '=', 'Notifier')
      .where('assoc_id', 'in', ids)
      .orderBy('id')
      .execute(),
    db
      .selectFrom('notifier_group_recipients as gr')
      .innerJoin('notifier_groups as g', 'g.id', 'gr.group_id')
      .select(['gr.group_id', 'gr.recipient_id'])
      .where('g.account_id', '=', accountId)
      .where('gr.recipient_id', 'in', ids)
      .orderBy('gr.group_id')
      .execute(),
  ]);
  for (const b of blackouts) push(links.blackouts, b.assoc_id, b.id);
  for (const g of groups) push(links.groups, g.recipient_id, g.group_id);
  return links;
}

export async function insertRecipient(db: Db, values: Insertable<RecipientTable>): Promise<number> {
  const row = await db.insertInto('recipients').values(values).returning('id').executeTakeFirstOrThrow();
  return row.id;
}

export async function updateRecipient(db: Db, id: number, patch: Updateable<RecipientTable>): Promise<void> {
  if (Object.keys(patch).length === 0) return;
  await db.updateTable('recipients').set(patch).where('id', '=', id).execute();
}

/**
 * Deletes a recipient with what only makes sense with it: its group memberships and its Notifier
 * blackouts. Run inside a transaction so a failure leaves all three in place.
 */
export async function deleteRecipient(db: Db, accountId: number, id: number): Promise<void> {
  await db
    .deleteFrom('blackouts')
    .where('account_id', '=', accountId)
    .where('type', '=', 'Notifier')
    .where('assoc_id', '=', id)
    .execute();
  await db.deleteFrom('notifier_group_recipients').where('recipient_id', '=', id).execute();
  await db.deleteFrom('recipients').where('id', '=', id).where('account_id', '=', accountId).execute();
}
