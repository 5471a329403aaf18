import { STATUS_CODES } from '../domain/status-codes.ts';
import { round3 } from '../domain/format.ts';
import type { Db } from '../store/db.ts';
import { measureSlas, type MeasureGroup, type Measured } from '../store/sla-measure.ts';
import { exclusionsOf, periodsOf, type ExclusionRow, type PeriodRow, type SlaRow } from '../store/slas.ts';
import { measureWindows, monthStart } from './measure.ts';
import { isFullPage, isSlaMode } from './rules.ts';

/** Codes that never count against an SLA (the check could not run). */
const INTERNAL_CODES = STATUS_CODES.filter((s) => s.internal).map((s) => s.code);

/** The SLA object of reference §11.1, plus the measured values of decisions §10. */
export interface SlaView {
  /** SLA id. */
  id: number;
  /** The monitor measured; fixed at create. */
  monitor_id: number;
  /** The monitor's current name. */
  monitor_name: string;
  /** SLA name. */
  name: string;
  /** Description; the monitor's name when none was given at create. */
  description: string;
  /** Availability objective, percent (3 decimals). */
  availability: number;
  /** Uptime objective, percent (3 decimals); null when never set. */
  uptime: number | null;
  /** Response-time objective, seconds (2 decimals). */
  response_time: number;
  /** Secondary response-time objective, seconds. */
  secondary_response_time: number | null;
  /** Whether full-page time is measured (full-page monitors only). */
  use_fullpage_time: boolean;
  /** The monitor is in SLA (MultiPOP) mode, so `uptime` applies. */
  uptime_allowed: boolean;
  /** The monitor is full-page, so `use_fullpage_time` applies. */
  use_fullpage_time_allowed: boolean;
  /** When the SLA is measured. */
  operating_periods: {
    id: number;
    exclude: boolean;
    from_day: number;
    from_time: string;
    thru_day: number;
    thru_time: string;
  }[];
  /** Windows left out of measurement. */
  exclusions: {
    id: number;
    from_date: string;
    thru_date: string;
    location_id: number | null;
    location_description: string;
    note: string;
  }[];
  /**
   * Percent of the current month's slots that passed (3 decimals): calendar month in the
   * account's zone, inside operating periods, outside exclusions, internal codes left out,
   * warnings counted as passed; null when no slot counts.
   */
  measured_availability: number | null;
  /** Mean response time (seconds, 3 decimals) of the same slots that passed; null when none. */
  measured_response_time: number | null;
}

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
