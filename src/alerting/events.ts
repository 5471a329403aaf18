// The AlertEvent of a transition: what the channels render (docs/compatibility.md §14).
import { statusTitle } from '../domain/status-codes.ts';
import type { StatusRow } from '../store/results.ts';
import type { AlertMonitorRow } from '../store/alerts.ts';
import type { AlertEvent, NotifyType } from '../domain/alert-event.ts';

// AlertSite's short type codes, shown beside the type string.
const TYPECODES: Record<string, string> = {
  website: 'HTTP',
  'website-ssl': 'HTTPS',
  'website-api': 'HTTP-API',
  'website-ssl-api': 'HTTPS-API',
  tcp: 'TCP',
  ping: 'PING',
  'name-server': 'DNS',
  ftp: 'FTP',
  'ftp-ssl': 'FTPS',
  'email-smtp': 'SMTP',
  'email-pop': 'POP3',
  'email-imap': 'IMAP',
  'email-round-trip': 'EMAIL-RT',
  dejaclick: 'DEJACLICK',
};

/** The type code AlertSite shows for a monitor type (upper-cased type when unknown). */
export const typecodeOf = (type: string): string => TYPECODES[type] ?? type.toUpperCase();

/** What the monitor checks, as a person reads it: its URL, or host[:port]. */
export function targetOf(config: Record<string, unknown>): string {
  if (typeof config.url === 'string') return config.url;
  const host = typeof config.hostname === 'string' ? config.hostname : '';
  return typeof config.port === 'number' && host ? `${host}:${config.port}` : host;
}

/** The failing step of a multi-step result: the first step with a non-zero status (0: none). */
export function failingStep(stepsJson: string | undefined): { num: number; name: string } {
  try {
    const steps = JSON.parse(stepsJson ?? '[]') as {
      step_number?: number;
      step_name?: string;
      status?: number;
    }[];
    const bad = Array.isArray(steps)
      ? steps.find((s) => s.status !== undefined && s.status !== 0)
      : undefined;
    return bad
      ? { num: Number(bad.step_number) || 0, name: String(bad.step_name ?? '') }
      : { num: 0, name: '' };
  } catch {
    return { num: 0, name: '' };
  }
}

/** The facts of the latest result that an alert carries. */
export interface ResultFacts {
  steps?: string;
  detail?: string;
  response_ms?: number | null;
}

/** The event for a notification about `status` of `monitor` at `location`. */
export function alertEvent(
  type: NotifyType,
  monitor: AlertMonitorRow,
  config: Record<string, unknown>,
  status: StatusRow,
  location: string,
  facts: ResultFacts | undefined,
): AlertEvent {
  let httpStatus: number | null = null;
  try {
    const d = JSON.parse(facts?.detail ?? '{}') as { http_status?: unknown };
    if (typeof d.http_status === 'number') httpStatus = d.http_status;
  } catch {
    // detail is ours and JSON; a damaged one only loses the HTTP status
  }
  const step = type === 'clear' ? { num: 0, name: '' } : failingStep(facts?.steps);
  const code = type === 'clear' ? 0 : status.last_status;
  const ms = facts?.response_ms ?? status.last_response_ms;
  return {
    custid: monitor.account_id,
    company: monitor.company,
    device_id: monitor.id,
    device_name: monitor.name,
    device_type: monitor.type,
    device_typecode: typecodeOf(monitor.type),
    errcount: type === 'clear' ? 0 : status.consecutive_errors,
    http_status: httpStatus,
    location,
    location_num: status.location_id,
    notify_type: type,
    timestamp: new Date(status.last_at).toISOString(),
    status: code,
    status_text: statusTitle(code),
    info_msg: status.last_info_msg,
    url: targetOf(config),
    response_time: ms == null ? null : Math.round(ms) / 1000,
    step_num: step.num,
    step_name: step.name,
  };
}
