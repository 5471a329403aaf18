import type { Selectable } from 'kysely';
import type { Db } from './db.ts';
import { storableId } from './ids.ts';
import type { CheckResultTable } from './tables/engine.ts';

// Test-on-demand results (docs/compatibility.md §11): rows of check_results with kind 'test'. They are written
// here and nowhere else, and never touch monitor_status or check_rollups: a test does not change
// the monitor's alert state.

/** A stored test result. */
export type TestResultRow = Selectable<CheckResultTable> & {
  /** The location's name (null when the location has since gone). */
  location_name: string | null;
};

/** What one test run recorded: a check_results row less what insertTestResult fills in. */
export interface NewTestResult extends Omit<
  Selectable<CheckResultTable>,
  'id' | 'kind' | 'scheduled_at' | 'warning' | 'target'
> {
  /** What was tested: "<type> <url or host>". */
  target: string;
}

export async function insertTestResult(db: Db, r: NewTestResult): Promise<number> {
  const row = await db
    .insertInto('check_results')
    .values({ ...r, kind: 'test', scheduled_at: r.started_at, warning: 0 })
    .returning('id')
    .executeTakeFirstOrThrow();
  return row.id;
}

/** One test result of the account; scheduled results and other accounts' rows are absent. */
export async function getTestResult(
  db: Db,
  accountId: number,
  id: number,
): Promise<TestResultRow | undefined> {
  if (!storableId(id)) return undefined;
  return db
    .selectFrom('check_results as r')
    .leftJoin('locations as l', 'l.id', 'r.location_id')
    .selectAll('r')
    .select('l.name as location_name')
    .where('r.id', '=', id)
    .where('r.account_id', '=', accountId)
    .where('r.kind', '=', 'test')
    .executeTakeFirst();
}

/** The locations a monitor runs from, in its order, with their names. */
export async function monitorLocations(db: Db, monitorId: number): Promise<{ id: number; name: string }[]> {
  return db
    .selectFrom('monitor_locations as ml')
    .innerJoin('locations as l', 'l.id', 'ml.location_id')
    .select(['l.id', 'l.name'])
    .where('ml.monitor_id', '=', monitorId)
    .orderBy('ml.position')
    .execute();
}
