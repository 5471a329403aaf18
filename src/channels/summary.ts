import type { AlertEvent } from '../domain/alert-event.ts';

// The short facts every chat/incident channel shows, computed once so Slack, Teams, PagerDuty,
// ServiceNow and SNMP word an alert the same way. Pure.

/** "Shop DOWN: 7 HTTP error at Local", "Shop recovered at Local", … (no trailing period). */
export function headline(event: AlertEvent): string {
  const where = event.location ? ` at ${event.location}` : '';
  switch (event.notify_type) {
    case 'clear':
      return `${event.device_name} recovered${where}`;
    case 'performance': {
      const p = event.performance;
      return p
        ? `${event.device_name} slow: ${p.measured_seconds} s above ${p.threshold_seconds} s`
        : `${event.device_name} slow`;
    }
    case 'test':
      return `Test alert from sitewatch for ${event.device_name}`;
    default:
      return `${event.device_name} DOWN: ${event.status} ${event.status_text}${where}`;
  }
}

/** Labelled facts shown beneath the headline, in order; empty values left out. */
export function facts(event: AlertEvent): [string, string][] {
  const rows: [string, string][] = [
    ['Monitor', `${event.device_name} (${event.device_type}, id ${event.device_id})`],
    ['URL / host', event.url],
    ['Location', event.location],
    ['Status', `${event.status} ${event.status_text}`],
    ['Details', event.info_msg],
    ['Response time', event.response_time === null ? '' : `${event.response_time} s`],
    ['Step', event.step_num ? `${event.step_num} ${event.step_name}`.trim() : ''],
    ['Time (UTC)', event.timestamp],
  ];
  return rows.filter(([, value]) => value !== '');
}
