// Table types of migration 0006-engine; src/store/schema.ts merges them into Database.
import type { Generated } from 'kysely';

/** One row per (monitor, location): when it runs next and who holds it now. */
export interface CheckScheduleTable {
  monitor_id: number;
  location_id: number;
  account_id: number;
  /** Epoch ms of the next slot. */
  next_run_at: number;
  /** Worker holding the lease, null when free. */
  lease_owner: string | null;
  /** Lease expiry; past it the row is due again (crashed worker). */
  lease_until: number | null;
  /** The slot the current lease is running (fencing: a slot completes once). */
  leased_slot: number | null;
  /** Epoch ms of the last completed slot. */
  last_slot: number | null;
  /** Slot period in ms: the interval, or interval × locations in Round Robin. */
  period_ms: number;
  /** Phase of the slot grid (slots are offset_ms + k × period_ms): spreads monitors over the period. */
  offset_ms: number;
  /** A verification run asked for at this location (epoch ms); null when none is pending. */
  verify_at: number | null;
  /** The location whose failure the pending verification checks. */
  verify_for: number | null;
  /** monitors.updated_at when the row was last synced: the reconcile re-syncs rows that lag. */
  monitor_version: number;
}

/** Every check result (raw, kept for the retention period). */
export interface CheckResultTable {
  id: Generated<number>;
  account_id: number;
  /** null for ad-hoc tests. */
  monitor_id: number | null;
  location_id: number;
  /** `scheduled`, `retry`, `verify` or `test`. */
  kind: string;
  /** The slot this result belongs to (epoch ms); equal to started_at for tests. */
  scheduled_at: number;
  started_at: number;
  status: number;
  info_msg: string;
  /** Total response time, ms; null when nothing was measured. */
  response_ms: number | null;
  /** JSON: phases {dns, connect, tls, firstByte, download} in ms. */
  phases: string;
  /** JSON: StepVerdict[] (multi-step types). */
  steps: string;
  /** JSON: facts (HTTP status, certificate expiry …). */
  detail: string;
  /** 1 when a failure passed on retry (recorded, never alerted). */
  warning: number;
  /** For tests: what was tested (monitor type, URL or host). */
  target: string | null;
}

/** Hourly rollups per (monitor, location), maintained as results are written. */
export interface CheckRollupTable {
  monitor_id: number;
  location_id: number;
  /** Start of the hour, epoch ms UTC. */
  hour: number;
  account_id: number;
  runs: number;
  /** Results with a non-zero, non-internal status. */
  errors: number;
  /** Results with an internal status (never count against availability). */
  internal: number;
  warnings: number;
  /** Sum and count of measured response times (ms), for averages. */
  response_sum: number;
  response_count: number;
  response_max: number;
}

/** The latest state per (monitor, location): what the status report and alerting read. */
export interface MonitorStatusTable {
  monitor_id: number;
  location_id: number;
  account_id: number;
  last_status: number;
  last_info_msg: string;
  last_at: number;
  last_response_ms: number | null;
  /** Consecutive non-OK, non-internal results (0 after an OK). */
  consecutive_errors: number;
  last_error_at: number | null;
  last_ok_at: number | null;
  /** The slot of the latest scheduled result (results of one run share their slot only per location). */
  last_slot: number | null;
  /** 1 when the latest scheduled result passed only on retry. */
  last_warning: Generated<number>;
  /**
   * 1 when the current failure is confirmed as the monitor's mode requires (docs/compatibility.md §13): another
   * location failed the verification run (Primary, Global Verify), the retry failed at a single
   * location, the previous location in turn failed too (Round Robin), or at once (Global Notify,
   * SLA). 0 while unconfirmed and after an OK.
   */
  confirmed: Generated<number>;
}

/** Tables of the check engine, by table name. */
export interface EngineTables {
  check_schedules: CheckScheduleTable;
  check_results: CheckResultTable;
  check_rollups: CheckRollupTable;
  monitor_status: MonitorStatusTable;
}
