import { STATUS_CODES } from '../domain/status-codes.ts';
import { round3 } from '../domain/format.ts';
import type { Db } from '../store/db.ts';
import { measureSlas, type MeasureGroup, type Measured } from '../store/sla-measure.ts';
import { exclusionsOf, periodsOf, type ExclusionRow, type PeriodRow, type SlaRow } from '../store/slas.ts';
import { measureWindows, monthStart } from './measure.ts';
import { isFullPage, isSlaMode } from './rules.ts';
import type { SlaView } from './schema.ts';

/** Codes that never count against an SLA (the check could not run). */
const INTERNAL_CODES = STATUS_CODES.filter((s) => s.internal).map((s) => s.code);

export type { SlaView };

function group<T extends { sla_id: number }>(rows: T[]): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const r of rows) {
    const list = out.get(r.sla_id) ?? [];
    list.push(r);
    out.set(r.sla_id, list);
  }
  return out;
}

/**
 * Measures a page of SLAs in one statement: SLAs with the same windows share one condition, so
 * the usual page (default period, no exclusions) costs one short query.
 */
async function measure(
  db: Db,
  rows: SlaRow[],
  periodsBy: Map<number, PeriodRow[]>,
  exclusionsBy: Map<number, ExclusionRow[]>,
  at: { accountId: number; now: number },
): Promise<Map<number, Measured>> {
  if (rows.length === 0) return new Map();
  const groups = new Map<string, MeasureGroup>();
  for (const r of rows) {
    const w = measureWindows(
      periodsBy.get(r.id) ?? [],
      exclusionsBy.get(r.id) ?? [],
      r.account_timezone,
      at.now,
    );
    const key = JSON.stringify(w);
    const g = groups.get(key) ?? { monitorIds: [], ...w };
    g.monitorIds.push(r.monitor_id);
    groups.set(key, g);
  }
  const since = monthStart(rows[0]!.account_timezone, at.now);
  return measureSlas(db, at.accountId, [...groups.values()], INTERNAL_CODES, since);
}

/** SLA objects for rows, with three more queries whatever the number of rows. */
export async function slaViews(
  db: Db,
  rows: SlaRow[],
  at: { accountId: number; now: number },
): Promise<SlaView[]> {
  const ids = rows.map((r) => r.id);
  const [periods, exclusions] = await Promise.all([periodsOf(db, ids), exclusionsOf(db, ids)]);
  const periodsBy = group(periods);
  const exclusionsBy = group(exclusions);
  const measured = await measure(db, rows, periodsBy, exclusionsBy, at);
  return rows.map((r) => ({
    id: r.id,
    monitor_id: r.monitor_id,
    monitor_name: r.monitor_name,
    name: r.name,
    description: r.description,
    availability: r.availability,
    uptime: r.uptime,
    response_time: r.response_time,
    secondary_response_time: r.secondary_response_time,
    use_fullpage_time: r.use_fullpage_time === 1,
    uptime_allowed: isSlaMode(r.monitor_mode),
    use_fullpage_time_allowed: isFullPage(r.monitor_config),
    operating_periods: (periodsBy.get(r.id) ?? []).map((p) => ({
      id: p.id,
      exclude: p.exclude === 1,
      from_day: p.from_day,
      from_time: p.from_time,
      thru_day: p.thru_day,
      thru_time: p.thru_time,
    })),
    exclusions: (exclusionsBy.get(r.id) ?? []).map((e) => ({
      id: e.id,
      from_date: e.from_date,
      thru_date: e.thru_date,
      location_id: e.location_id,
      location_description: e.location_id === null ? '-- All --' : (e.location_name ?? ''),
      note: e.note,
    })),
    ...measuredValues(measured.get(r.monitor_id)),
  }));
}

function measuredValues(m: Measured | undefined) {
  return {
    measured_availability: m && m.slots > 0 ? round3((100 * m.ok) / m.slots) : null,
    measured_response_time: m && m.responseCount > 0 ? round3(m.responseSum / m.responseCount / 1000) : null,
  };
}
