// `GET /alerts`: what alerting queued and how each delivery went, for the caller's account only.
import { channelFor } from '../channels/registry.ts';
import { invalid } from '../domain/errors.ts';
import type { Page } from '../domain/page.ts';
import type { Principal } from '../domain/principal.ts';
import { statusTitle } from '../domain/status-codes.ts';
import type { Deps } from '../deps.ts';
import { utcDateTime } from '../domain/format.ts';
import { parseLocalDateTime } from '../slas/rules.ts';
import { accountZone } from '../slas/slas.ts';
import { attemptsOf, listAlerts, type AttemptRow, type OutboxRow } from '../store/outbox.ts';

/** Query of `GET /alerts`. */
export interface AlertQuery {
  monitor_id?: number;
  notify_type?: string;
  /** "YYYY-MM-DD HH:MM:SS" in the account's zone, or ISO 8601 with a zone; inclusive. */
  from?: string;
  /** Same forms; exclusive. */
  to?: string;
}

/** The notify types an alert can have. */
export const NOTIFY_TYPES = ['error', 'clear', 'performance'] as const;

const ISO = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?(Z|[+-]\d{2}:?\d{2})$/;

function instant(field: string, text: string, zone: string): number {
  const local = parseLocalDateTime(text, zone);
  if (local !== null) return local;
  const iso = ISO.test(text) ? Date.parse(text) : NaN;
  if (Number.isNaN(iso))
    throw invalid(field, 'must be "YYYY-MM-DD HH:MM:SS" (account time zone) or ISO 8601 with a zone');
  return iso;
}

const when = (ms: number | null) => (ms === null ? null : utcDateTime(ms));

function attemptView(a: AttemptRow) {
  return {
    attempt: a.attempt,
    dt: utcDateTime(a.started_at),
    duration_ms: a.duration_ms,
    channel: a.channel,
    destination: a.destination,
    outcome: a.outcome,
    http_status: a.http_status,
    reply: a.reply,
  };
}

function describe(row: OutboxRow): string {
  const channel = channelFor(row.method_id);
  try {
    if (channel) return channel.describe({ methodId: row.method_id, address: row.address });
  } catch {
    // fall through to the bare address below
  }
  return row.address.replace(/\/\/[^/@]*@/, '//').replace(/\?.*$/, '');
}

/** One alert delivery as `GET /alerts` shows it. */
export function alertView(row: OutboxRow, attempts: AttemptRow[]) {
  return {
    id: String(row.id),
    delivery_id: row.delivery_id,
    monitor_id: row.monitor_id,
    location_id: row.location_id,
    recipient_id: row.recipient_id,
    notify_type: row.notify_type,
    status: row.status,
    status_desc: statusTitle(row.status),
    errcount: row.errcount,
    method_id: row.method_id,
    destination: describe(row),
    state: row.state,
    last_error: row.last_error,
    dt: utcDateTime(row.created_at),
    dt_settled: when(row.settled_at),
    attempts: attempts.map(attemptView),
  };
}

/** The alert history service. */
export function alertHistory(deps: Pick<Deps, 'db'>) {
  return async (p: Principal, q: AlertQuery, page: Page) => {
    if (q.notify_type !== undefined && !(NOTIFY_TYPES as readonly string[]).includes(q.notify_type))
      throw invalid('notify_type', `must be one of: ${NOTIFY_TYPES.join(', ')}`);
    const zone = q.from !== undefined || q.to !== undefined ? await accountZone(deps.db, p.accountId) : 'UTC';
    const from = q.from === undefined ? undefined : instant('from', q.from, zone);
    const to = q.to === undefined ? undefined : instant('to', q.to, zone);
    const { count, rows } = await listAlerts(
      deps.db,
      p.accountId,
      { monitorId: q.monitor_id, notifyType: q.notify_type, from, to },
      page,
    );
    const attempts = await attemptsOf(
      deps.db,
      rows.map((r) => r.id),
    );
    const byRow = new Map<number, AttemptRow[]>();
    for (const a of attempts) byRow.set(a.outbox_id, [...(byRow.get(a.outbox_id) ?? []), a]);
    return { count, rows: rows.map((r) => alertView(r, byRow.get(r.id) ?? [])) };
  };
}
