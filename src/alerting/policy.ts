// When an availability alert is sent and to whom (docs/compatibility.md §13), pure: given the
// latest status of one (monitor, location) after the engine's write, the outage state remembered
// per recipient, the routed recipients and the blackouts in force, answer the notifications to
// queue and the state to keep. The engine's status maths (engine/modes.ts) already folded the
// mode, retries (a pass on retry is status 0) and remote verification into `confirmed`.
import { isInternalStatus } from '../domain/status-codes.ts';
import type { AlertStateRow } from '../store/alerts.ts';
import type { RecipientRow } from '../store/recipients.ts';
import type { StatusRow } from '../store/results.ts';
import type { Route } from './routing.ts';

/** The monitor-level state row's recipient id. */
export const MONITOR_ROW = 0;

/** What the decision may look at for one (monitor, location). */
export interface KeyInput {
  /** The status row as the batch left it. */
  status: StatusRow;
  /** Alert state of this key: the monitor row (recipient 0) and one per recipient told. */
  states: AlertStateRow[];
  /** Recipients of an error alert for this status (routing applied). */
  routes: Route[];
  /** Recipients by id (for clear notices to those that were told). */
  recipients: ReadonlyMap<number, RecipientRow>;
  /** An `Alert` blackout covers the monitor now: runs go on, nothing is sent. */
  alertBlackout: boolean;
  /** Recipients under a `Notifier` blackout now. */
  silenced: ReadonlySet<number>;
  /** Template ids for clear notices, by recipient (from the same routing, errortypes ignored). */
  clearTemplates: ReadonlyMap<number, number | null>;
  now: number;
}

/** One notification to queue. */
export interface Notice {
  kind: 'error' | 'clear';
  recipient: RecipientRow;
  templateId: number | null;
  /** Unique per transition and recipient (with monitor and location): the exactly-once key. */
  dedupKey: string;
}

/** What the decision answers for one key. */
export interface KeyDecision {
  notices: Notice[];
  /** State rows to write (insert or replace). */
  upsert: AlertStateRow[];
  /** Forget every state row of the key (the monitor recovered). */
  clearState: boolean;
  /** A transition worth one log line. */
  transition: 'down' | 'recovered' | null;
}

const NOTHING: KeyDecision = { notices: [], upsert: [], clearState: false, transition: null };

/** Whether the status is a confirmed outage by the monitor's mode. */
export const isDown = (s: StatusRow): boolean =>
  s.consecutive_errors > 0 && s.confirmed === 1 && s.last_status !== 0 && !isInternalStatus(s.last_status);

function stateRow(
  s: StatusRow,
  recipient: number,
  outage: number,
  notified: number,
  errcount: number,
  now: number,
): AlertStateRow {
  return {
    monitor_id: s.monitor_id,
    location_id: s.location_id,
    recipient_id: recipient,
    account_id: s.account_id,
    outage,
    notified,
    last_errcount: errcount,
    updated_at: now,
  };
}

/**
 * An outage: announce it once (monitor row), then per routed recipient notify from the
 * start_threshold-th consecutive error, once per error, until stop_threshold notifications.
 * Nothing goes out under an Alert blackout, nor to a recipient under a Notifier blackout (they
 * are not counted as told, so a clear notice does not follow).
 */
function onDown(i: KeyInput): KeyDecision {
  const s = i.status;
  const outage = s.last_ok_at ?? 0;
  const errcount = s.consecutive_errors;
  const current = (r: number) => i.states.find((x) => x.recipient_id === r && x.outage === outage);
  const upsert: AlertStateRow[] = [];
  const announced = current(MONITOR_ROW);
  if (!announced) upsert.push(stateRow(s, MONITOR_ROW, outage, 0, errcount, i.now));
  const notices: Notice[] = [];
  if (!i.alertBlackout) {
    for (const route of i.routes) {
      const r = route.recipient;
      if (i.silenced.has(r.id)) continue;
      const st = current(r.id);
      const notified = st?.notified ?? 0;
      const last = st?.last_errcount ?? 0;
      if (errcount < Math.max(1, r.start_threshold)) continue;
      if (notified >= Math.max(1, r.stop_threshold) || errcount <= last) continue;
      notices.push({
        kind: 'error',
        recipient: r,
        templateId: route.templateId,
        dedupKey: `error:${outage}:${errcount}`,
      });
      upsert.push(stateRow(s, r.id, outage, notified + 1, errcount, i.now));
    }
  }
  return { notices, upsert, clearState: false, transition: announced ? null : 'down' };
}

/** A recovery: the clear notice (ST=0) to each recipient that was told and wants it. */
function onRecovered(i: KeyInput): KeyDecision {
  const notices: Notice[] = [];
  const told = i.states.filter((x) => x.recipient_id !== MONITOR_ROW && x.notified > 0);
  if (!i.alertBlackout) {
    for (const st of told) {
      const r = i.recipients.get(st.recipient_id);
      if (!r || r.notify_on_clear !== 1 || i.silenced.has(r.id)) continue;
      notices.push({
        kind: 'clear',
        recipient: r,
        templateId: i.clearTemplates.get(r.id) ?? null,
        dedupKey: `clear:${st.outage}`,
      });
    }
  }
  const announced = i.states.some((x) => x.recipient_id === MONITOR_ROW);
  return { notices, upsert: [], clearState: true, transition: announced ? 'recovered' : null };
}

/** The decision for one (monitor, location) after a batch wrote its status. */
export function decide(i: KeyInput): KeyDecision {
  const s = i.status;
  if (isInternalStatus(s.last_status)) return NOTHING; // the agent's fault: changes nothing
  if (isDown(s)) return onDown(i);
  if (s.last_status === 0 && s.consecutive_errors === 0 && i.states.length > 0) return onRecovered(i);
  return NOTHING;
}
