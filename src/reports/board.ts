import type { Principal } from '../domain/principal.ts';
import { isInternalStatus, statusTitle } from '../domain/status-codes.ts';
import type { Deps } from '../deps.ts';
import { siteStatusRows, type SiteStatusRow } from '../store/reports.ts';

// The dashboard's status board read model: every monitor of the account with its latest state per
// location, in ONE statement (the report-sitestatus join) and one compact answer: 10,000 monitors
// are about 1.5 MB of JSON here instead of ~4 MB of the all-strings AlertSite report rows.

/** The latest state of one monitor at one location. */
export interface BoardLocation {
  /** Location id. */
  id: number;
  /** Location name. */
  name: string;
  /** Latest status code (0 = OK); null when it never ran there. */
  status: number | null;
  /** The status code's meaning; null when never run. */
  status_desc: string | null;
  /** True for sitewatch-internal statuses (21, 98) that never count as the site failing. */
  internal: boolean;
  /** What the latest run saw; null when never run. */
  info_msg: string | null;
  /** Epoch ms of the latest result; null when never run. */
  last_at: number | null;
  /** Milliseconds of the latest measured response; null when none. */
  response_ms: number | null;
  /**
   * Epoch ms of the latest result of the other kind (the latest failure while OK, the latest OK
   * while failing): the status changed right after it. null when there was none.
   */
  changed_after: number | null;
}

/** One monitor of the board. */
export interface BoardMonitor {
  /** Monitor id. */
  id: number;
  name: string;
  /** v3 type string (website, tcp, …). */
  type: string;
  enabled: boolean;
  /** Minutes between checks. */
  interval: number;
  /** Its locations in the monitor's order (empty when it has none). */
  locations: BoardLocation[];
}

function location(r: SiteStatusRow): BoardLocation | null {
  if (r.location_id === null) return null;
  const ran = r.last_status !== null;
  const other = !ran ? null : r.last_status === 0 ? r.last_error_at : r.last_ok_at;
  return {
    id: r.location_id,
    name: r.location_name ?? `Location ${r.location_id}`,
    status: r.last_status,
    status_desc: ran ? statusTitle(r.last_status!) : null,
    internal: ran && isInternalStatus(r.last_status!),
    info_msg: ran ? r.last_info_msg : null,
    last_at: r.last_at === null ? null : Number(r.last_at),
    response_ms: r.last_response_ms === null ? null : Number(r.last_response_ms),
    changed_after: other === null ? null : Number(other),
  };
}

/** Builds the board of the caller's account (every role may read it). */
export function statusBoard(deps: Deps) {
  return async function board(p: Principal): Promise<BoardMonitor[]> {
    const out: BoardMonitor[] = [];
    let cur: BoardMonitor | undefined;
    for (const r of await siteStatusRows(deps.db, [p.accountId])) {
      if (cur?.id !== r.id) {
        cur = {
          id: r.id,
          name: r.name,
          type: r.type,
          enabled: r.enabled === 1,
          interval: r.interval,
          locations: [],
        };
        out.push(cur);
      }
      const loc = location(r);
      if (loc) cur.locations.push(loc);
    }
    return out;
  };
}
