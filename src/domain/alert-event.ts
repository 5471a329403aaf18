// One notification's facts, shared by the alerting policy (which creates it inside the engine's
// write), the outbox (which stores it as JSON) and the channels (which render it). Field names are
// the webhook payload's (docs/compatibility.md §14), so the JSON and form channels send them as-is.

/** What an alert says happened. */
export type NotifyType = 'error' | 'clear' | 'performance' | 'test';

export interface AlertEvent {
  /** The account (AlertSite "customer") id. */
  custid: number;
  /** The account's name. */
  company: string;
  /** Monitor id; 0 for a test alert not tied to a monitor. */
  device_id: number;
  /** Monitor name. */
  device_name: string;
  /** AlertSite monitor type string (`website`, `tcp`, …). */
  device_type: string;
  /** Short type code AlertSite shows (`HTTP`, `HTTPS`, `TCP`, …). */
  device_typecode: string;
  /** Consecutive errors at the time of the alert; 0 on clear. */
  errcount: number;
  /** HTTP status of the failing response, when there was one. */
  http_status: number | null;
  /** Location name. */
  location: string;
  /** Location id. */
  location_num: number;
  notify_type: NotifyType;
  /** ISO 8601 UTC time of the result that caused the alert. */
  timestamp: string;
  /** Status code (0 = OK) of docs/status-codes.md. */
  status: number;
  /** The status code's description. */
  status_text: string;
  /** What a person reads about the failure (the result's info_msg). */
  info_msg: string;
  /** URL or host:port the monitor checks. */
  url: string;
  /** Response time in seconds, when measured. */
  response_time: number | null;
  /** Step number for multi-step monitors (0 when the whole monitor). */
  step_num: number;
  /** Step name, '' when the whole monitor. */
  step_name: string;
  /** Performance alerts only: what was measured and the threshold it crossed. */
  performance?: {
    measured_seconds: number;
    threshold_seconds: number;
    window_minutes: number;
    locations: number;
  };
}
