import type { Db } from '../store/db.ts';
import { exclusionsOf, periodsOf, type SlaRow } from '../store/slas.ts';
import { isFullPage, isSlaMode } from './rules.ts';

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
  /** Measured availability of the current period; null until the check engine records results. */
  measured_availability: number | null;
  /** Measured mean response time (seconds) of the current period; null until then too. */
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

/** SLA objects for rows, with two more queries whatever the number of rows. */
export async function slaViews(db: Db, rows: SlaRow[]): Promise<SlaView[]> {
  const ids = rows.map((r) => r.id);
  const [periods, exclusions] = await Promise.all([periodsOf(db, ids), exclusionsOf(db, ids)]);
  const periodsBy = group(periods);
  const exclusionsBy = group(exclusions);
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
    measured_availability: null,
    measured_response_time: null,
  }));
}
