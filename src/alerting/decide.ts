// Alert decisions inside the engine's completion transaction (design.md "the two flows"): read
// the status rows the batch touched (locked), decide per (monitor, location) with the pure policy,
// and write the outbox rows and outage state in the same transaction. A crash before the commit
// loses nothing (the results are not recorded either, and the slots run again); after it, the
// outbox holds every notification to deliver.
import { randomUUID } from 'node:crypto';
import { blackoutAt } from '../blackouts/window.ts';
import { ruleOf } from '../blackouts/active.ts';
import type { Deps } from '../deps.ts';
import { parseConfig } from '../monitors/view.ts';
import type { Db } from '../store/db.ts';
import { locationNames } from '../store/claims.ts';
import {
  alertBlackoutsAt,
  alertMonitors,
  alertStatesOf,
  deleteAlertStates,
  insertOutbox,
  latestResults,
  lockStatuses,
  routingOf,
  upsertAlertStates,
  type AlertStateRow,
  type NewOutboxRow,
  type StatusKey,
} from '../store/alerts.ts';
import type { BlackoutRow } from '../store/blackouts.ts';
import { alertEvent, failingStep } from './events.ts';
import { decide, isDown, type KeyDecision } from './policy.ts';
import { Router } from './routing.ts';

/** A state transition worth one log line (monitor down / recovered). */
export interface Transition {
  event: 'down' | 'recovered';
  monitorId: number;
  monitorName: string;
  locationId: number;
  status: number;
  errcount: number;
}

/** What one batch's decisions came to. */
export interface AlertOutcome {
  transitions: Transition[];
  /** Delivery ids queued in this transaction. */
  queued: string[];
}

const keyOf = (k: StatusKey) => `${k.monitor_id}:${k.location_id}`;

/** Blackouts in force now: monitors under Alert, recipients under Notifier. */
function blackoutsNow(rows: BlackoutRow[], zoneOf: (account: number) => string, now: number) {
  const alert = new Set<number>();
  const silenced = new Set<number>();
  for (const row of rows) {
    if (!blackoutAt(zoneOf(row.account_id), now, [ruleOf(row)]).blackedOut) continue;
    (row.type === 'Alert' ? alert : silenced).add(row.assoc_id);
  }
  return { alert, silenced };
}

/**
 * Decides and queues the alerts of the (monitor, location) pairs a batch changed. Cheap when
 * nothing is or was down: two reads (locked status rows, alert state) and no write.
 */
export async function decideAlerts(
  tx: Db,
  deps: Pick<Deps, 'dialect' | 'clock'>,
  keys: StatusKey[],
): Promise<AlertOutcome> {
  const none: AlertOutcome = { transitions: [], queued: [] };
  const unique = [...new Map(keys.map((k) => [keyOf(k), k])).values()];
  if (unique.length === 0) return none;
  const now = deps.clock.now();
  const statuses = await lockStatuses(tx, deps.dialect, unique);
  const wanted = new Set(unique.map(keyOf));
  const states = (await alertStatesOf(tx, [...new Set(unique.map((k) => k.monitor_id))])).filter((s) =>
    wanted.has(keyOf(s)),
  );
  const statesOf = new Map<string, AlertStateRow[]>();
  for (const s of states) statesOf.set(keyOf(s), [...(statesOf.get(keyOf(s)) ?? []), s]);
  const live = statuses.filter((s) => isDown(s) || statesOf.has(keyOf(s)));
  if (live.length === 0) return none;

  const monitorIds = [...new Set(live.map((s) => s.monitor_id))];
  const monitors = new Map((await alertMonitors(tx, monitorIds)).map((m) => [m.id, m]));
  const accountIds = [...new Set([...monitors.values()].map((m) => m.account_id))];
  const [routing, blackouts, facts, names] = await Promise.all([
    routingOf(tx, accountIds, monitorIds),
    alertBlackoutsAt(tx, accountIds, monitorIds, now),
    latestResults(tx, live),
    locationNames(tx, [...new Set(live.map((s) => s.location_id))]),
  ]);
  const router = new Router(routing);
  const zones = new Map([...monitors.values()].map((m) => [m.account_id, m.timezone]));
  const dark = blackoutsNow(blackouts, (a) => zones.get(a) ?? 'UTC', now);
  const factsOf = new Map(facts.map((f) => [keyOf(f), f]));

  const out: NewOutboxRow[] = [];
  const upsert: AlertStateRow[] = [];
  const recovered: StatusKey[] = [];
  const transitions: Transition[] = [];
  for (const status of live) {
    const monitor = monitors.get(status.monitor_id);
    if (!monitor) continue; // deleted meanwhile: its state rows went with it
    const f = factsOf.get(keyOf(status));
    const step = failingStep(f?.steps).num;
    const clearTemplates = new Map(
      router
        .routes(monitor.account_id, monitor.id, null, 0, 'clear')
        .map((r) => [r.recipient.id, r.templateId]),
    );
    const d: KeyDecision = decide({
      status,
      states: statesOf.get(keyOf(status)) ?? [],
      routes: router.routes(monitor.account_id, monitor.id, status.last_status, step, 'error'),
      recipients: router.recipients,
      alertBlackout: dark.alert.has(monitor.id),
      silenced: dark.silenced,
      clearTemplates,
      now,
    });
    upsert.push(...d.upsert);
    if (d.clearState) recovered.push(status);
    if (d.transition)
      transitions.push({
        event: d.transition,
        monitorId: monitor.id,
        monitorName: monitor.name,
        locationId: status.location_id,
        status: status.last_status,
        errcount: status.consecutive_errors,
      });
    if (d.notices.length === 0) continue;
    const config = parseConfig(monitor.config);
    const location = names.get(status.location_id) ?? `#${status.location_id}`;
    for (const n of d.notices) {
      const event = alertEvent(n.kind, monitor, config, status, location, f);
      out.push({
        delivery_id: randomUUID(),
        account_id: monitor.account_id,
        monitor_id: monitor.id,
        location_id: status.location_id,
        recipient_id: n.recipient.id,
        dedup_key: n.dedupKey,
        notify_type: n.kind,
        status: event.status,
        errcount: event.errcount,
        method_id: n.recipient.method_id,
        address: n.recipient.recipient,
        username: n.recipient.username,
        password_sealed: n.recipient.password_sealed,
        template_id: n.templateId,
        event: JSON.stringify(event),
        state: 'pending',
        attempts: 0,
        next_attempt_at: now,
        created_at: now,
      });
    }
  }
  await deleteAlertStates(tx, recovered);
  await upsertAlertStates(tx, upsert);
  const queued = await insertOutbox(tx, out);
  return { transitions, queued };
}
