import { sql, type ExpressionBuilder } from 'kysely';
import type { Db } from './db.ts';
import type { Database } from './schema.ts';

// SLA measurement: how many result slots of each monitor counted, and how many were OK, over
// the SLA's windows. Split from slas.ts (the SLA rows and their children), which only reads and
// writes definitions.

/** SLAs measured with the same windows (most share the default period and no exclusions). */
export interface MeasureGroup {
  monitorIds: number[];
  /** When results count: [from, to) epoch ms on the slot time. */
  include: [number, number][];
  /** [location, [from, to)]: left out at that location only. */
  byLocation: [number, [number, number]][];
}

/** Slots counted per monitor: all, OK (or warning), and the OK slots' response times (ms). */
export interface Measured {
  slots: number;
  ok: number;
  responseSum: number;
  responseCount: number;
}

// Numbers are written into the SQL as literals: they are integers computed here, and a page of
// 5000 SLAs with their periods would pass SQLite's and PostgreSQL's bound-parameter limits.
const lit = (n: number) => sql.lit(Math.trunc(n));

/**
 * Measures every group in one statement. A slot (monitor, location, scheduled_at) counts once:
 * OK when any of its scheduled/retry results passed or is a warning; left out when all of its
 * results are internal (`internal` codes); an error otherwise. Test-on-demand and verification
 * results are not slots of their own.
 */
export async function measureSlas(
  db: Db,
  accountId: number,
  groups: MeasureGroup[],
  internal: number[],
  since: number,
): Promise<Map<number, Measured>> {
  const out = new Map<number, Measured>();
  const live = groups.filter((g) => g.include.length > 0 && g.monitorIds.length > 0);
  if (live.length === 0) return out;
  const okCase = sql<number>`case when status = 0 or warning = 1 then 1 else 0 end`;
  const internalList = sql.join(internal.map(lit));
  // Built from an expression builder, not `db`: one statement, so plugins see one query.
  const slots = (eb: ExpressionBuilder<Database, never>) =>
    eb
      .selectFrom('check_results')
      .where('account_id', '=', accountId)
      .where('kind', 'in', ['scheduled', 'retry'])
      .where('started_at', '>=', lit(since))
      .where((eb) =>
        eb.or(
          live.map((g) =>
            eb.and([
              eb('monitor_id', 'in', g.monitorIds.map(lit)),
              eb.or(
                g.include.map(([a, b]) =>
                  eb.and([eb('scheduled_at', '>=', lit(a)), eb('scheduled_at', '<', lit(b))]),
                ),
              ),
              ...g.byLocation.map(([loc, [a, b]]) =>
                eb.not(
                  eb.and([
                    eb('location_id', '=', lit(loc)),
                    eb('scheduled_at', '>=', lit(a)),
                    eb('scheduled_at', '<', lit(b)),
                  ]),
                ),
              ),
            ]),
          ),
        ),
      )
      .groupBy(['monitor_id', 'location_id', 'scheduled_at'])
      .select([
        'monitor_id',
        sql<number>`max(${okCase})`.as('ok'),
        sql<number>`min(case when status in (${internalList}) then 1 else 0 end)`.as('all_internal'),
        sql<number | null>`max(case when status = 0 or warning = 1 then response_ms end)`.as('ok_ms'),
      ]);
  const rows = await db
    .selectFrom((eb) => slots(eb).as('s'))
    .where('s.all_internal', '=', 0)
    .groupBy('s.monitor_id')
    .select([
      's.monitor_id',
      sql<number>`count(*)`.as('slots'),
      sql<number>`sum(s.ok)`.as('ok'),
      sql<number | null>`sum(s.ok_ms)`.as('ms_sum'),
      sql<number>`count(s.ok_ms)`.as('ms_n'),
    ])
    .execute();
  for (const r of rows) {
    if (r.monitor_id === null) continue;
    out.set(r.monitor_id, {
      slots: Number(r.slots),
      ok: Number(r.ok),
      responseSum: Number(r.ms_sum ?? 0),
      responseCount: Number(r.ms_n),
    });
  }
  return out;
}
