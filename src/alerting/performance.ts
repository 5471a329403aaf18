// Performance alerts (issue 7 §6): a monitor (or one step) is slow when, at `min_locations`
// locations or more, its mean response time over the last `window_minutes` is above the threshold:
// static (N seconds) or dynamic (N % above the mean of the past 1–7 days). Evaluated once a minute
// by every engine process; the firing flag is flipped with a fence, so only one process queues
// the notices of one episode. They go to recipients with `performance_alert` on and ignore
// blackouts (docs/compatibility.md §13). One notice per episode; none when it ends.
import { randomUUID } from 'node:crypto';
import type { Deps } from '../deps.ts';
import { parseConfig } from '../monitors/view.ts';
import { alertMonitors, insertOutbox, routingOf, type NewOutboxRow } from '../store/alerts.ts';
import {
  baselineMs,
  enabledPerformanceAlerts,
  setFiring,
  windowResults,
  type PerformanceAlertRow,
} from '../store/performance-alerts.ts';
import type { AlertEvent } from '../domain/alert-event.ts';
import { targetOf, typecodeOf } from './events.ts';
import { Router } from './routing.ts';

const MINUTE = 60_000;
const DAY = 86_400_000;

/** One window's verdict. */
export interface PerformanceVerdict {
  firing: boolean;
  /** Locations whose mean is over the threshold. */
  locationsOver: number;
  /** The highest location mean, ms (0 without data). */
  measuredMs: number;
}

function stepMs(stepsJson: string, step: number): number | null {
  try {
    const steps = JSON.parse(stepsJson) as { step_number?: number; response_time?: number | null }[];
    const s = Array.isArray(steps) ? steps.find((x) => x.step_number === step) : undefined;
    return typeof s?.response_time === 'number' ? s.response_time * 1000 : null;
  } catch {
    return null;
  }
}

/** Pure: per-location means of the window against the threshold. */
export function judgePerformance(
  rows: { location_id: number; response_ms: number | null; steps: string }[],
  step: number,
  thresholdMs: number,
  minLocations: number,
): PerformanceVerdict {
  const sums = new Map<number, { sum: number; n: number }>();
  for (const r of rows) {
    const ms = step === 0 ? r.response_ms : stepMs(r.steps, step);
    if (ms === null) continue;
    const s = sums.get(r.location_id) ?? { sum: 0, n: 0 };
    s.sum += ms;
    s.n++;
    sums.set(r.location_id, s);
  }
  const means = [...sums.values()].map((s) => s.sum / s.n);
  const locationsOver = means.filter((m) => m > thresholdMs).length;
  return {
    firing: locationsOver >= Math.max(1, minLocations),
    locationsOver,
    measuredMs: means.length ? Math.max(...means) : 0,
  };
}

/** The threshold in ms now: static as set, dynamic from the baseline (null without a baseline). */
async function thresholdOf(
  deps: Pick<Deps, 'db'>,
  a: PerformanceAlertRow,
  now: number,
): Promise<number | null> {
  if (a.kind === 'static') return a.threshold_ms;
  const windowStart = now - a.window_minutes * MINUTE;
  let base: number | null;
  if (a.step_number === 0) {
    base = await baselineMs(deps.db, a.monitor_id, now - (a.baseline_days ?? 7) * DAY, windowStart);
  } else {
    const rows = await windowResults(deps.db, a.monitor_id, now - (a.baseline_days ?? 7) * DAY, windowStart);
    const ms = rows.map((r) => stepMs(r.steps, a.step_number)).filter((x): x is number => x !== null);
    base = ms.length ? ms.reduce((x, y) => x + y, 0) / ms.length : null;
  }
  return base === null ? null : base * (1 + (a.percent ?? 0) / 100);
}

/** Queues the notices of one new firing episode (inside the flip's transaction). */
async function queueNotices(
  tx: Deps['db'],
  a: PerformanceAlertRow,
  v: PerformanceVerdict,
  thresholdMs: number,
  now: number,
): Promise<number> {
  const [monitor] = await alertMonitors(tx, [a.monitor_id]);
  if (!monitor) return 0;
  const router = new Router(await routingOf(tx, [monitor.account_id], [monitor.id]));
  const routes = router.routes(monitor.account_id, monitor.id, null, a.step_number, 'performance');
  const seconds = (ms: number) => Math.round(ms) / 1000;
  const event: AlertEvent = {
    custid: monitor.account_id,
    company: monitor.company,
    device_id: monitor.id,
    device_name: monitor.name,
    device_type: monitor.type,
    device_typecode: typecodeOf(monitor.type),
    errcount: 0,
    http_status: null,
    location: '',
    location_num: 0,
    notify_type: 'performance',
    timestamp: new Date(now).toISOString(),
    status: 0,
    status_text: 'Performance threshold exceeded',
    info_msg: `mean response time ${seconds(v.measuredMs)} s over ${a.window_minutes} minutes, above ${seconds(thresholdMs)} s at ${v.locationsOver} location(s)`,
    url: targetOf(parseConfig(monitor.config)),
    response_time: seconds(v.measuredMs),
    step_num: a.step_number,
    step_name: '',
    performance: {
      measured_seconds: seconds(v.measuredMs),
      threshold_seconds: seconds(thresholdMs),
      window_minutes: a.window_minutes,
      locations: v.locationsOver,
    },
  };
  const rows: NewOutboxRow[] = routes.map((r) => ({
    delivery_id: randomUUID(),
    account_id: monitor.account_id,
    monitor_id: monitor.id,
    location_id: 0,
    recipient_id: r.recipient.id,
    dedup_key: `performance:${a.id}:${now}`,
    notify_type: 'performance',
    status: 0,
    errcount: 0,
    method_id: r.recipient.method_id,
    address: r.recipient.recipient,
    username: r.recipient.username,
    password_sealed: r.recipient.password_sealed,
    template_id: r.templateId,
    event: JSON.stringify(event),
    state: 'pending',
    attempts: 0,
    next_attempt_at: now,
    created_at: now,
  }));
  return (await insertOutbox(tx, rows)).length;
}

/** One evaluation pass over every enabled performance alert; answers the notices queued. */
export async function evaluatePerformanceAlerts(deps: Pick<Deps, 'db' | 'clock'>): Promise<number> {
  let queued = 0;
  for (const a of await enabledPerformanceAlerts(deps.db)) {
    const now = deps.clock.now();
    const threshold = await thresholdOf(deps, a, now);
    const rows = await windowResults(deps.db, a.monitor_id, now - a.window_minutes * MINUTE, now + 1);
    const v =
      threshold === null
        ? { firing: false, locationsOver: 0, measuredMs: 0 }
        : judgePerformance(rows, a.step_number, threshold, a.min_locations);
    if (v.firing && a.firing === 0) {
      queued += await deps.db.transaction().execute(async (tx) => {
        if (!(await setFiring(tx, a.id, true, now))) return 0; // another process flipped it
        return queueNotices(tx, a, v, threshold!, now);
      });
    } else if (!v.firing && a.firing === 1) {
      await setFiring(deps.db, a.id, false, now);
    }
  }
  return queued;
}
