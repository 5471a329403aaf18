import { errorBody } from '../domain/errors.ts';
import { STATUS_CODES, statusTitle } from '../domain/status-codes.ts';
import type { Deps } from '../deps.ts';
import { dailyRollups, latestStatuses, publicPageBySlug, recentFailures } from '../store/status-pages.ts';
import type { CachedAnswer, PublicPageCache } from './cache.ts';

// What a public status page shows, and nothing more: the page's title and description, and for
// each chosen monitor its name, current state, 90 daily uptime bars and incidents. No ids of
// accounts, locations or other monitors, no URLs, no info_msg (it may name internal hosts).

const DAY = 86_400_000;
/** Days of uptime bars. */
export const BAR_DAYS = 90;
const INTERNAL = STATUS_CODES.filter((c) => c.internal).map((c) => c.code);

/** One day of one monitor: null uptime when nothing counted that day. */
export interface DayBar {
  /** "YYYY-MM-DD" (UTC). */
  date: string;
  /** Percent of counted runs that passed, 3 decimals; null: no data. */
  uptime: number | null;
}

/** A run of consecutive failures of one monitor. */
export interface Incident {
  monitor: string;
  /** ISO 8601 UTC of the first and last failure seen. */
  from: string;
  to: string;
  /** The latest failure's status meaning. */
  status: string;
  failures: number;
}

const isoDay = (day: number) => new Date(day * DAY).toISOString().slice(0, 10);
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, 'Z');

type Monitor = { id: number; name: string; interval: number; enabled: boolean };

function state(rows: { last_status: number }[], enabled: boolean): 'up' | 'down' | 'unknown' | 'paused' {
  if (!enabled) return 'paused';
  const counted = rows.filter((r) => !INTERNAL.includes(r.last_status));
  if (counted.length === 0) return 'unknown';
  return counted.some((r) => r.last_status !== 0) ? 'down' : 'up';
}

/** Merges failures (newest first) into incidents: a gap over 3 intervals starts a new one. */
function incidents(
  monitors: Map<number, Monitor>,
  failures: { monitor_id: number | null; started_at: number; status: number }[],
): Incident[] {
  const open = new Map<number, Incident & { first: number }>();
  const out: (Incident & { first: number })[] = [];
  for (const f of failures) {
    const m = monitors.get(f.monitor_id!);
    if (!m) continue;
    const at = Number(f.started_at);
    const cur = open.get(m.id);
    if (cur && cur.first - at <= 3 * m.interval * 60_000) {
      cur.first = at;
      cur.from = iso(at);
      cur.failures += 1;
      continue;
    }
    const inc = {
      monitor: m.name,
      from: iso(at),
      to: iso(at),
      status: statusTitle(f.status),
      failures: 1,
      first: at,
    };
    open.set(m.id, inc);
    out.push(inc);
  }
  return out.slice(0, 50).map(({ first: _first, ...i }) => i);
}

/** Builds (through the cache) the public JSON of the page at `slug`. */
export function publicStatusPages(deps: Deps, cache: PublicPageCache) {
  const { db, clock } = deps;

  async function build(slug: string): Promise<CachedAnswer> {
    const page = await publicPageBySlug(db, slug);
    if (!page) return { status: 404, body: JSON.stringify(errorBody(404, 'Record not found')) };
    const ids = page.monitors.map((m) => m.id);
    const now = clock.now();
    const today = Math.floor(now / DAY);
    const firstDay = today - BAR_DAYS + 1;
    const [statuses, days, failures] = await Promise.all([
      latestStatuses(db, ids),
      dailyRollups(db, ids, firstDay * DAY),
      recentFailures(db, ids, firstDay * DAY, INTERNAL, 1000),
    ]);
    const byId = new Map(page.monitors.map((m) => [m.id, m]));
    const body = {
      title: page.title,
      description: page.description,
      generated_at: iso(now),
      monitors: page.monitors.map((m) => {
        const bars: DayBar[] = [];
        const mine = new Map(days.filter((d) => d.monitor_id === m.id).map((d) => [d.day, d]));
        let runs = 0;
        let good = 0;
        for (let d = firstDay; d <= today; d++) {
          const r = mine.get(d);
          const counted = r ? r.runs - r.internal : 0;
          runs += counted;
          good += r ? counted - r.errors : 0;
          bars.push({
            date: isoDay(d),
            uptime: counted > 0 ? Math.round((100_000 * (counted - r!.errors)) / counted) / 1000 : null,
          });
        }
        return {
          name: m.name,
          status: state(
            statuses.filter((s) => s.monitor_id === m.id),
            m.enabled,
          ),
          uptime_90d: runs > 0 ? Math.round((100_000 * good) / runs) / 1000 : null,
          days: bars,
        };
      }),
      incidents: incidents(byId, failures),
    };
    return { status: 200, body: JSON.stringify(body) };
  }

  return {
    /** The cached answer for `slug` (404 envelope when no page has it). */
    data: (slug: string) => cache.get(slug, () => build(slug)),
  };
}
