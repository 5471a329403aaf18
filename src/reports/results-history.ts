import { realLocationId } from '../config/locations.ts';
import type { Principal } from '../domain/principal.ts';
import type { Page } from '../domain/page.ts';
import { parseLocalDateTime } from '../slas/rules.ts';
import { accountZone } from '../slas/slas.ts';
import { invalid, notFound } from '../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { getMonitorRow } from '../store/monitors.ts';
import { storableId } from '../store/ids.ts';
import { countRaw, countRollups, rawPage, rollupPage, type HistoryWindow } from '../store/reports.ts';
import { statusTitle } from '../domain/status-codes.ts';
import { round3, seconds3, utcDateTime } from '../domain/format.ts';

const HOUR = 3_600_000;
const DAY = 86_400_000;

/** `GET /monitors/{id}/results` query. */
export interface HistoryQuery {
  /** ISO 8601, or "YYYY-MM-DD HH:MM:SS" in the account's zone; default 24 hours before `to`. */
  from?: string;
  /** Same forms; default now. Exclusive. */
  to?: string;
  location_id?: number;
}

/** One raw result (`type: "raw"`) or one hourly rollup (`type: "hourly"`). */
export type HistoryItem = Record<string, string | number | boolean | null | Record<string, number>>;

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/;

function instant(field: string, text: string, zone: string): number {
  const local = parseLocalDateTime(text, zone);
  if (local !== null) return local;
  const iso = ISO.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(iso))
    throw invalid(field, 'must be "YYYY-MM-DD HH:MM:SS" (account time zone) or ISO 8601 with a zone');
  return iso;
}

/**
 * The boundary between raw results and rollups: the first whole hour inside raw retention.
 * Hours before it come from check_rollups, results from it on from check_results, so no hour is
 * counted twice and none is read from rows the retention may already have purged.
 */
export const rawBoundary = (now: number, retentionDays: number) =>
  Math.ceil((now - retentionDays * DAY) / HOUR) * HOUR;

const PHASES = ['dns', 'connect', 'tls', 'firstByte', 'download'] as const;

/** The stored phases JSON (ms) as seconds with 3 decimals, known phases only. */
function phaseSeconds(json: string): Record<string, number> {
  let raw: Record<string, unknown> = {};
  try {
    raw = JSON.parse(json) as Record<string, unknown>;
  } catch {
    /* an unreadable row shows no phases */
  }
  const out: Record<string, number> = {};
  for (const k of PHASES) if (typeof raw[k] === 'number') out[k] = seconds3(raw[k]);
  return out;
}

function rawItem(r: Awaited<ReturnType<typeof rawPage>>[number]): HistoryItem {
  return {
    type: 'raw',
    id: String(r.id),
    location_id: r.location_id,
    dt: utcDateTime(Number(r.started_at)),
    kind: r.kind,
    status: r.status,
    status_desc: statusTitle(r.status),
    info_msg: r.info_msg,
    response_time: r.response_ms === null ? null : seconds3(Number(r.response_ms)),
    warning: r.warning === 1,
    phases: phaseSeconds(r.phases),
  };
}

function rollupItem(r: Awaited<ReturnType<typeof rollupPage>>[number]): HistoryItem {
  const counted = r.runs - r.internal;
  return {
    type: 'hourly',
    location_id: r.location_id,
    dt: utcDateTime(Number(r.hour)),
    runs: r.runs,
    errors: r.errors,
    internal: r.internal,
    warnings: r.warnings,
    availability: counted > 0 ? round3((100 * (counted - r.errors)) / counted) : null,
    response_time: r.response_count > 0 ? round3(Number(r.response_sum) / r.response_count / 1000) : null,
    response_time_max: r.response_count > 0 ? seconds3(Number(r.response_max)) : null,
  };
}

/** A monitor's history (an extension): rollups before the raw boundary, raw results after. */
export function resultsHistory(deps: Deps) {
  const { db, clock } = deps;
  return async function history(
    p: Principal,
    monitorId: number,
    q: HistoryQuery,
    page: Page,
  ): Promise<{ count: number; rows: HistoryItem[] }> {
    const monitor = storableId(monitorId) ? await getMonitorRow(db, p.accountId, monitorId) : undefined;
    if (!monitor) throw notFound();
    const zone = await accountZone(db, p.accountId);
    const now = clock.now();
    const to = q.to === undefined ? now + 1 : instant('to', q.to, zone);
    const from = q.from === undefined ? to - DAY : instant('from', q.from, zone);
    if (from >= to) throw invalid('from', 'must be before to');
    const boundary = rawBoundary(now, deps.settings.engine.resultRetentionDays);
    const locationId =
      q.location_id === undefined ? undefined : realLocationId(deps.settings.locations, q.location_id);
    const base = { monitorId, locationId };
    // Rollup hours that start before the boundary (an hour starting before `from` is left out).
    const old: HistoryWindow = { ...base, from: Math.ceil(from / HOUR) * HOUR, to: Math.min(to, boundary) };
    const recent: HistoryWindow = { ...base, from: Math.max(from, boundary), to };
    const [nOld, nRecent] = await Promise.all([countRollups(db, old), countRaw(db, recent)]);
    const fromOld = Math.max(0, Math.min(page.limit, nOld - page.offset));
    const [olds, recents] = await Promise.all([
      rollupPage(db, old, { limit: fromOld, offset: page.offset }),
      rawPage(db, recent, { limit: page.limit - fromOld, offset: Math.max(0, page.offset - nOld) }),
    ]);
    return { count: nOld + nRecent, rows: [...olds.map(rollupItem), ...recents.map(rawItem)] };
  };
}
