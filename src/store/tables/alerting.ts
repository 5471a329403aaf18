// Table types of migration 0007-alerting; src/store/schema.ts merges them into Database.
import type { Generated } from 'kysely';

/**
 * One notification to deliver to one recipient (design.md "outbox"): written by the alerting
 * policy in the engine's completion transaction, claimed and settled by the dispatcher.
 */
export interface AlertOutboxTable {
  id: Generated<number>;
  /** Stable across retries: sent as `X-Sitewatch-Delivery` so receivers can de-duplicate. */
  delivery_id: string;
  account_id: number;
  monitor_id: number;
  location_id: number;
  /** The recipient at decision time (the row may be gone later: history is kept). */
  recipient_id: number;
  /**
   * What this notification is within its outage (`error:<outage>:<errcount>`, `clear:<outage>`):
   * unique per (monitor, location, recipient), so no transition is ever alerted twice.
   */
  dedup_key: string;
  /** `error`, `clear` or `performance`. */
  notify_type: string;
  /** Status code the alert carries (0 on clear). */
  status: number;
  errcount: number;
  /** Snapshot of the destination at decision time; the password stays sealed. */
  method_id: number;
  address: string;
  username: string | null;
  password_sealed: string | null;
  /** Built-in template id the routing group names for this method and event, if any. */
  template_id: number | null;
  /** The AlertEvent as JSON. */
  event: string;
  /** `pending` (waiting or leased), `sent` or `failed`. */
  state: string;
  /** Attempts started so far (the claim counts them; settle is fenced on it). */
  attempts: number;
  next_attempt_at: number;
  lease_owner: string | null;
  lease_until: number | null;
  /** The last failure reason, for lists and logs. */
  last_error: string | null;
  created_at: number;
  /** When it became sent or failed. */
  settled_at: number | null;
}

/** One delivery attempt, as it happened (never updated). */
export interface AlertAttemptTable {
  id: Generated<number>;
  outbox_id: number;
  account_id: number;
  /** 1 for the first attempt. */
  attempt: number;
  started_at: number;
  duration_ms: number;
  /** Channel kind (`webhook`, `email` …), or `none` when no channel serves the method. */
  channel: string;
  /** Destination as channel.describe() shows it: no password, no secret query parameters. */
  destination: string;
  /** `sent`, `retry` or `failed`. */
  outcome: string;
  http_status: number | null;
  /** The receiver's reply (SMTP reply, HTTP status line) or the failure reason. */
  reply: string | null;
}

/**
 * Per (monitor, location, recipient) memory of the current outage. recipient_id 0 is the
 * monitor-level row: the outage was announced (log line), whoever was told.
 */
export interface AlertStateTable {
  monitor_id: number;
  location_id: number;
  recipient_id: number;
  account_id: number;
  /** Identifies the outage: last_ok_at of the location before it began (0 when never OK). */
  outage: number;
  /** Error notifications queued for this recipient in this outage. */
  notified: number;
  /** errcount of the latest one (one notification per consecutive error at most). */
  last_errcount: number;
  updated_at: number;
}

/** A performance alert of a monitor (or one step): its threshold and whether it fires now. */
export interface PerformanceAlertTable {
  id: Generated<number>;
  account_id: number;
  monitor_id: number;
  /** 0 = the whole monitor, else one step from 1. */
  step_number: number;
  /** `static` (threshold_ms) or `dynamic` (percent above the baseline of baseline_days). */
  kind: string;
  threshold_ms: number | null;
  percent: number | null;
  baseline_days: number | null;
  /** The measured value is the mean response time over this many minutes, per location. */
  window_minutes: number;
  /** Locations that must be over the threshold at once. */
  min_locations: number;
  enabled: number;
  /** 1 while over the threshold (has_active_performance_alerts). */
  firing: number;
  /** When the current (or last) firing began; part of its outbox dedup key. */
  fired_at: number | null;
  created_at: number;
}

/** Tables of alerting, by table name. */
export interface AlertingTables {
  alert_outbox: AlertOutboxTable;
  alert_attempts: AlertAttemptTable;
  alert_state: AlertStateTable;
  performance_alerts: PerformanceAlertTable;
}
