import { sql, type Selectable } from 'kysely';
import type { Db } from './db.ts';
import { storableId } from './ids.ts';
import { paged } from './paging.ts';
import { SCHEDULED_KINDS } from './reports.ts';
import type { StatusPageTable } from './tables/status-pages.ts';

// Status pages: the account-scoped CRUD of /status-pages and the few read statements of the public
// page. Every management query is scoped by account; the public reads take monitor ids that came
// from the page's own rows, never from the request.

/** A status page row with its monitors in order. */
export interface StatusPageRow extends Omit<Selectable<StatusPageTable>, 'account_id'> {
  monitors: number[];
}

type PageOnly = Omit<Selectable<StatusPageTable>, 'account_id'>;
const COLUMNS = ['id', 'slug', 'title', 'description', 'created_at', 'updated_at'] as const;

async function withMonitors(db: Db, pages: PageOnly[]): Promise<StatusPageRow[]> {
  if (pages.length === 0) return [];
  const links = await db
    .selectFrom('status_page_monitors')
    .select(['status_page_id', 'monitor_id'])
    .where(
      'status_page_id',
      'in',
      pages.map((p) => p.id),
    )
    .orderBy('status_page_id')
    .orderBy('position')
    .execute();
  const by = new Map<number, number[]>();
  for (const l of links) by.set(l.status_page_id, [...(by.get(l.status_page_id) ?? []), l.monitor_id]);
  return pages.map((p) => ({ ...p, monitors: by.get(p.id) ?? [] }));
}

/** One page of the account's status pages, by id; three statements. */
export async function listStatusPages(db: Db, accountId: number, page: { limit: number; offset: number }) {
  const { count, rows } = await paged(
    db.selectFrom('status_pages').select(COLUMNS).where('account_id', '=', accountId).orderBy('id'),
    page,
  );
  return { count, rows: await withMonitors(db, rows) };
}

/** One status page of the account; undefined when missing or another account's. */
export async function getStatusPage(
  db: Db,
  accountId: number,
  id: number,
): Promise<StatusPageRow | undefined> {
  if (!storableId(id)) return undefined;
  const row = await db
    .selectFrom('status_pages')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? (await withMonitors(db, [row]))[0] : undefined;
}

/** The ids among `ids` that are monitors of the account. */
export async function monitorsOfAccount(db: Db, accountId: number, ids: number[]): Promise<Set<number>> {
  const ok = ids.filter(storableId);
  if (ok.length === 0) return new Set();
  const rows = await db
    .selectFrom('monitors')
    .select('id')
    .where('account_id', '=', accountId)
    .where('id', 'in', ok)
    .execute();
  return new Set(rows.map((r) => r.id));
}

async function replaceMonitors(db: Db, pageId: number, monitors: number[]): Promise<void> {
  await db.deleteFrom('status_page_monitors').where('status_page_id', '=', pageId).execute();
  if (monitors.length === 0) return;
  await db
    .insertInto('status_page_monitors')
    .values(monitors.map((monitor_id, position) => ({ status_page_id: pageId, monitor_id, position })))
    .execute();
}

/** Inserts a page and its monitors in one transaction; returns the new id. */
export async function insertStatusPage(
  db: Db,
  row: { account_id: number; slug: string; title: string; description: string; at: number },
  monitors: number[],
): Promise<number> {
  return db.transaction().execute(async (tx) => {
    const { id } = await tx
      .insertInto('status_pages')
      .values({
        account_id: row.account_id,
        slug: row.slug,
        title: row.title,
        description: row.description,
        created_at: row.at,
        updated_at: row.at,
      })
      .returning('id')
      .executeTakeFirstOrThrow();
    await replaceMonitors(tx, id, monitors);
    return id;
  });
}

/** Updates the given columns (and the monitors when given); false when no such page of the account. */
export async function updateStatusPage(
  db: Db,
  accountId: number,
  id: number,
  set: { slug?: string; title?: string; description?: string; at: number },
  monitors?: number[],
): Promise<boolean> {
  if (!storableId(id)) return false;
  return db.transaction().execute(async (tx) => {
    const { at, ...cols } = set;
    const r = await tx
      .updateTable('status_pages')
      .set({ ...cols, updated_at: at })
      .where('account_id', '=', accountId)
      .where('id', '=', id)
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) === 0) return false;
    if (monitors) await replaceMonitors(tx, id, monitors);
    return true;
  });
}

/** Deletes a page of the account (its monitor links cascade); its slug, or null when none. */
export async function deleteStatusPage(db: Db, accountId: number, id: number): Promise<string | null> {
  if (!storableId(id)) return null;
  const row = await db
    .deleteFrom('status_pages')
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .returning('slug')
    .executeTakeFirst();
  return row?.slug ?? null;
}

/** The page published at `slug` with its monitors' names, in page order; undefined when none. */
export async function publicPageBySlug(db: Db, slug: string) {
  const rows = await db
    .selectFrom('status_pages as p')
    .leftJoin('status_page_monitors as pm', 'pm.status_page_id', 'p.id')
    .leftJoin('monitors as m', 'm.id', 'pm.monitor_id')
    .select([
      'p.id',
      'p.title',
      'p.description',
      'pm.monitor_id',
      'm.name',
      'm.type',
      'm.interval',
      'm.enabled',
    ])
    .where('p.slug', '=', slug)
    .orderBy('pm.position')
    .execute();
  if (rows.length === 0) return undefined;
  return {
    title: rows[0]!.title,
    description: rows[0]!.description,
    monitors: rows
      .filter((r) => r.monitor_id !== null && r.name !== null)
      .map((r) => ({
        id: r.monitor_id!,
        name: r.name!,
        type: r.type!,
        interval: r.interval!,
        enabled: r.enabled === 1,
      })),
  };
}

/** Latest status per (monitor, location) of the given monitors. */
export async function latestStatuses(db: Db, monitorIds: number[]) {
  if (monitorIds.length === 0) return [];
  return db
    .selectFrom('monitor_status')
    .select(['monitor_id', 'location_id', 'last_status', 'last_at'])
    .where('monitor_id', 'in', monitorIds)
    .execute();
}

const DAY = 86_400_000;

/** Per monitor and UTC day since `from`: runs, errors and internal results from the hourly rollups. */
export async function dailyRollups(db: Db, monitorIds: number[], from: number) {
  if (monitorIds.length === 0) return [];
  // Integer division on integer columns truncates on both dialects.
  const day = sql<number>`(hour / ${sql.lit(DAY)})`;
  const rows = await db
    .selectFrom('check_rollups')
    .select([
      'monitor_id',
      day.as('day'),
      sql<number>`sum(runs)`.as('runs'),
      sql<number>`sum(errors)`.as('errors'),
      sql<number>`sum(internal)`.as('internal'),
    ])
    .where('monitor_id', 'in', monitorIds)
    .where('hour', '>=', from)
    .groupBy(['monitor_id', day])
    .execute();
  return rows.map((r) => ({
    monitor_id: r.monitor_id,
    day: Number(r.day),
    runs: Number(r.runs),
    errors: Number(r.errors),
    internal: Number(r.internal),
  }));
}

/** The latest failed scheduled results (internal statuses excluded) since `from`, newest first. */
export async function recentFailures(
  db: Db,
  monitorIds: number[],
  from: number,
  exclude: number[],
  limit: number,
) {
  if (monitorIds.length === 0) return [];
  return db
    .selectFrom('check_results')
    .select(['monitor_id', 'started_at', 'status'])
    .where('monitor_id', 'in', monitorIds)
    .where('kind', 'in', SCHEDULED_KINDS)
    .where('status', '!=', 0)
    .where('status', 'not in', exclude.length ? exclude : [-1])
    .where('started_at', '>=', from)
    .orderBy('started_at', 'desc')
    .limit(limit)
    .execute();
}
