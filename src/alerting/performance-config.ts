// `/monitors/{id}/performance-alerts` (sitewatch extension): configure a monitor's performance
// alerts. Tenancy: another account's monitor is as absent as a missing one.
import { invalid, notFound } from '../domain/errors.ts';
import type { Principal } from '../domain/principal.ts';
import type { Deps } from '../deps.ts';
import { utcDateTime } from '../domain/format.ts';
import { storableId } from '../store/ids.ts';
import { getMonitorRow } from '../store/monitors.ts';
import {
  deletePerformanceAlert,
  getPerformanceAlert,
  insertPerformanceAlert,
  listPerformanceAlerts,
  updatePerformanceAlert,
  type PerformanceAlertRow,
} from '../store/performance-alerts.ts';

/** The writable fields (all optional on PATCH; `type` and its threshold required on POST). */
export interface PerformanceAlertInput {
  step_number?: number;
  type?: string;
  threshold_seconds?: number | null;
  percent?: number | null;
  baseline_days?: number | null;
  window_minutes?: number;
  min_locations?: number;
  enabled?: boolean;
}

/** A performance alert as the API shows it. */
export function viewPerformanceAlert(r: PerformanceAlertRow) {
  return {
    id: String(r.id),
    monitor_id: r.monitor_id,
    step_number: r.step_number,
    type: r.kind,
    threshold_seconds: r.threshold_ms === null ? null : r.threshold_ms / 1000,
    percent: r.percent,
    baseline_days: r.baseline_days,
    window_minutes: r.window_minutes,
    min_locations: r.min_locations,
    enabled: r.enabled === 1,
    active: r.firing === 1,
    dt_fired: r.fired_at === null ? null : utcDateTime(r.fired_at),
  };
}

type Merged = Required<Omit<PerformanceAlertInput, 'threshold_seconds' | 'percent' | 'baseline_days'>> & {
  threshold_seconds: number | null;
  percent: number | null;
  baseline_days: number | null;
};

/** Checks the merged configuration; throws 400 naming the field. */
function check(m: Merged): void {
  if (m.type !== 'static' && m.type !== 'dynamic') throw invalid('type', 'must be one of: static, dynamic');
  if (
    m.type === 'static' &&
    (m.threshold_seconds === null || !(m.threshold_seconds > 0) || m.threshold_seconds > 600)
  )
    throw invalid('threshold_seconds', 'required for a static alert: seconds, more than 0 and at most 600');
  if (m.type === 'dynamic') {
    if (m.percent === null || !Number.isInteger(m.percent) || m.percent < 1 || m.percent > 1000)
      throw invalid('percent', 'required for a dynamic alert: an integer from 1 to 1000');
    if (
      m.baseline_days === null ||
      !Number.isInteger(m.baseline_days) ||
      m.baseline_days < 1 ||
      m.baseline_days > 7
    )
      throw invalid('baseline_days', 'must be an integer from 1 to 7');
  }
  if (!Number.isInteger(m.window_minutes) || m.window_minutes < 10 || m.window_minutes > 1440)
    throw invalid('window_minutes', 'must be an integer from 10 to 1440 (24 hours)');
  if (!Number.isInteger(m.min_locations) || m.min_locations < 1 || m.min_locations > 100)
    throw invalid('min_locations', 'must be an integer from 1 to 100');
  if (!Number.isInteger(m.step_number) || m.step_number < 0 || m.step_number > 100)
    throw invalid('step_number', 'must be 0 (the whole monitor) or a step number up to 100');
}

function columns(m: Merged) {
  return {
    step_number: m.step_number,
    kind: m.type,
    threshold_ms: m.type === 'static' ? Math.round(m.threshold_seconds! * 1000) : null,
    percent: m.type === 'dynamic' ? m.percent : null,
    baseline_days: m.type === 'dynamic' ? m.baseline_days : null,
    window_minutes: m.window_minutes,
    min_locations: m.min_locations,
    enabled: m.enabled ? 1 : 0,
  };
}

/** The service behind the routes. */
export function performanceAlertService(deps: Pick<Deps, 'db' | 'clock'>) {
  async function monitorOf(p: Principal, monitorId: number) {
    if (!storableId(monitorId) || !(await getMonitorRow(deps.db, p.accountId, monitorId))) throw notFound();
  }
  async function target(p: Principal, monitorId: number, id: number) {
    await monitorOf(p, monitorId);
    const row = storableId(id) ? await getPerformanceAlert(deps.db, p.accountId, monitorId, id) : undefined;
    if (!row) throw notFound();
    return row;
  }
  return {
    async list(p: Principal, monitorId: number) {
      await monitorOf(p, monitorId);
      return (await listPerformanceAlerts(deps.db, p.accountId, monitorId)).map(viewPerformanceAlert);
    },
    async get(p: Principal, monitorId: number, id: number) {
      return viewPerformanceAlert(await target(p, monitorId, id));
    },
    async create(p: Principal, monitorId: number, input: PerformanceAlertInput): Promise<number> {
      await monitorOf(p, monitorId);
      const m: Merged = {
        step_number: input.step_number ?? 0,
        type: input.type ?? '',
        threshold_seconds: input.threshold_seconds ?? null,
        percent: input.percent ?? null,
        baseline_days: input.baseline_days ?? (input.type === 'dynamic' ? 7 : null),
        window_minutes: input.window_minutes ?? 10,
        min_locations: input.min_locations ?? 1,
        enabled: input.enabled ?? true,
      };
      check(m);
      return insertPerformanceAlert(deps.db, {
        account_id: p.accountId,
        monitor_id: monitorId,
        ...columns(m),
        firing: 0,
        fired_at: null,
        created_at: deps.clock.now(),
      });
    },
    async update(p: Principal, monitorId: number, id: number, input: PerformanceAlertInput): Promise<number> {
      const row = await target(p, monitorId, id);
      const v = viewPerformanceAlert(row);
      const m: Merged = {
        step_number: input.step_number ?? v.step_number,
        type: input.type ?? v.type,
        threshold_seconds:
          input.threshold_seconds !== undefined ? input.threshold_seconds : v.threshold_seconds,
        percent: input.percent !== undefined ? input.percent : v.percent,
        baseline_days: input.baseline_days !== undefined ? input.baseline_days : (v.baseline_days ?? 7),
        window_minutes: input.window_minutes ?? v.window_minutes,
        min_locations: input.min_locations ?? v.min_locations,
        enabled: input.enabled ?? v.enabled,
      };
      check(m);
      // A changed threshold starts over: it fires again if still exceeded.
      await updatePerformanceAlert(deps.db, id, { ...columns(m), firing: 0 });
      return id;
    },
    async remove(p: Principal, monitorId: number, id: number): Promise<void> {
      await target(p, monitorId, id);
      await deletePerformanceAlert(deps.db, p.accountId, id);
    },
  };
}
