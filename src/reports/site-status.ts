import type { Principal } from '../domain/principal.ts';
import { invalid, notFound } from '../domain/errors.ts';
import { isInternalStatus } from '../domain/status-codes.ts';
import type { Deps } from '../deps.ts';
import { TYPE_NAMES } from '../monitors/registry.ts';
import { storableId } from '../store/ids.ts';
import { accountFamily, groupMonitors, siteStatusRows, type SiteStatusRow } from '../store/reports.ts';
import { LOCATION_OFFLINE, statusTitle } from '../domain/status-codes.ts';
import { isLocationOnline } from '../domain/liveness.ts';
import { secondsText, utcDateTime } from '../domain/format.ts';

/** The query of `GET /report-sitestatus` (docs/compatibility.md §9), flags as sent ("true"/"1"/…). */
export interface SiteStatusQuery {
  /** Monitor id or comma list. */
  monitors?: string;
  /** Recipient-group (notifier-group) id or comma list. */
  monitor_groups?: string;
  showsubaccounts?: string;
  /** Customer id or comma list: the caller's account or its sub-accounts. */
  sub_accounts?: string;
  summarize?: string;
  enabledonly?: string;
  /** `ok` or `err`. */
  showrecs?: string;
  /** Monitor type or comma list. */
  type?: string;
}

/** One row of the report: every field a string or null, as AlertSite sends them. */
export interface SiteStatusItem {
  obj_device: string;
  device_name: string;
  device_typ: string;
  monitor: 'y' | 'n';
  monitor_interval: string;
  last_status: string | null;
  last_status_desc: string | null;
  dt_last_status: string | null;
  resptime_last: string | null;
  info_msg: string | null;
  obj_location: string | null;
  location_name: string | null;
  customer_id: string;
}

const isOn = (v: string | undefined) => v === 'true' || v === '1';

function idList(field: string, text: string | undefined): number[] | undefined {
  if (text === undefined) return undefined;
  const parts = text.split(',').map((s) => s.trim());
  if (parts.some((p) => !/^\d{1,15}$/.test(p)))
    throw invalid(field, 'must be an id or a comma-separated list of ids');
  return [...new Set(parts.map(Number))];
}

function typeList(text: string | undefined): Set<string> | undefined {
  if (text === undefined) return undefined;
  const types = text.split(',').map((s) => s.trim());
  const bad = types.find((t) => !TYPE_NAMES.includes(t));
  if (bad !== undefined)
    throw invalid('type', `"${bad}" is not a monitor type; must be one of: ${TYPE_NAMES.join(', ')}`);
  return new Set(types);
}

/**
 * How bad a row's latest status is: an error outranks an internal failure, which outranks OK,
 * which outranks "never ran". The summarized row shows the worst, the latest among equals.
 */
function rank(r: SiteStatusRow): number {
  if (r.last_status === null) return 0;
  if (r.last_status === 0) return 1;
  return isInternalStatus(r.last_status) ? 2 : 3;
}

function worst(rows: SiteStatusRow[]): SiteStatusRow {
  const home = rows.find((r) => r.location_id === rows[0]!.home_location) ?? rows[0]!;
  return rows.reduce((best, r) => {
    const d = rank(r) - rank(best);
    if (d !== 0) return d > 0 ? r : best;
    return (r.last_at ?? -1) > (best.last_at ?? -1) ? r : best;
  }, home);
}

/**
 * A row at a location no live process serves reads "location offline" (status 22, internal):
 * its monitors silently never run there otherwise. The time is the last heartbeat, if any.
 */
function offline(r: SiteStatusRow, now: number, heartbeatMs: number): SiteStatusRow {
  if (r.location_id === null) return r;
  if (isLocationOnline({ online: r.location_online ?? 0, last_seen: r.location_last_seen }, now, heartbeatMs))
    return r;
  return {
    ...r,
    last_status: LOCATION_OFFLINE.code,
    last_info_msg: `location offline: no worker serves location ${r.location_id}`,
    last_at: r.location_last_seen ?? r.last_at,
    last_response_ms: null,
  };
}

function item(r: SiteStatusRow): SiteStatusItem {
  const ran = r.last_status !== null;
  return {
    obj_device: String(r.id),
    device_name: r.name,
    device_typ: r.type,
    monitor: r.enabled === 1 ? 'y' : 'n',
    monitor_interval: String(r.interval),
    last_status: ran ? String(r.last_status) : null,
    last_status_desc: ran ? statusTitle(r.last_status!) : null,
    dt_last_status: r.last_at === null ? null : utcDateTime(Number(r.last_at)),
    resptime_last: r.last_response_ms === null ? null : secondsText(Number(r.last_response_ms)),
    info_msg: ran ? r.last_info_msg : null,
    obj_location: r.location_id === null ? null : String(r.location_id),
    location_name: r.location_name,
    customer_id: String(r.account_id),
  };
}

/** Groups rows by monitor, keeping the query's order. */
function byMonitor(rows: SiteStatusRow[]): Map<number, SiteStatusRow[]> {
  const out = new Map<number, SiteStatusRow[]>();
  for (const r of rows) {
    const list = out.get(r.id);
    if (list) list.push(r);
    else out.set(r.id, [r]);
  }
  return out;
}

/** The site status report (docs/compatibility.md §9): three statements at most, whatever the monitor count. */
export function siteStatusReport(deps: Deps) {
  const { db } = deps;

  /** The accounts reported: the caller's, plus sub-accounts when asked; others' ids are 404. */
  async function accountsOf(p: Principal, q: SiteStatusQuery): Promise<number[]> {
    const wanted = idList('sub_accounts', q.sub_accounts);
    if (!isOn(q.showsubaccounts) && !wanted) return [p.accountId];
    const family = await accountFamily(db, p.accountId);
    if (!wanted) return family;
    if (wanted.some((id) => !family.includes(id))) throw notFound();
    return wanted;
  }

  return async function report(p: Principal, q: SiteStatusQuery): Promise<SiteStatusItem[]> {
    const monitors = idList('monitors', q.monitors);
    const groups = idList('monitor_groups', q.monitor_groups);
    const types = typeList(q.type);
    if (q.showrecs !== undefined && q.showrecs !== 'ok' && q.showrecs !== 'err')
      throw invalid('showrecs', 'must be one of: ok, err');
    if ([...(monitors ?? []), ...(groups ?? [])].some((id) => !storableId(id))) throw notFound();
    const accounts = await accountsOf(p, q);

    // With groups: each group's monitors, once per group (docs/alertsite-v3.md §10); `monitors` narrows them.
    let order: { monitorId: number }[] | undefined;
    if (groups) {
      const pairs = await groupMonitors(db, accounts, groups);
      if (new Set(pairs.map((g) => g.group_id)).size !== groups.length) throw notFound();
      order = pairs
        .filter((g) => g.monitor_id !== null && (!monitors || monitors.includes(g.monitor_id)))
        .map((g) => ({ monitorId: g.monitor_id! }));
    }
    const now = deps.clock.now();
    const beat = deps.settings.engine.heartbeatMs;
    const rows = byMonitor(
      (await siteStatusRows(db, accounts, order ? order.map((o) => o.monitorId) : monitors)).map((r) =>
        offline(r, now, beat),
      ),
    );
    if (monitors && monitors.some((id) => !rows.has(id)) && !groups) throw notFound();

    const summarize = isOn(q.summarize);
    const out: SiteStatusItem[] = [];
    for (const { monitorId } of order ?? [...rows.keys()].map((monitorId) => ({ monitorId }))) {
      const mine = rows.get(monitorId);
      if (!mine) continue;
      const m = mine[0]!;
      if (isOn(q.enabledonly) && m.enabled !== 1) continue;
      if (types && !types.has(m.type)) continue;
      for (const r of summarize ? [worst(mine)] : mine) {
        const row = item(r);
        if (q.showrecs === 'ok' && row.last_status !== '0') continue;
        if (q.showrecs === 'err' && (row.last_status === null || row.last_status === '0')) continue;
        out.push(row);
      }
    }
    return out;
  };
}
