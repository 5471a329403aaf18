import type { AlertEvent, NotifyType } from '../domain/alert-event.ts';
import { alertTemplate, type TemplateEvent, type TemplateFormat } from '../recipients/templates.ts';

// Group `templates` (docs/alertsite-v3.md §7.1) name built-in templates by id; this file holds their text
// and the `{{variable}}` substitution over the alert's fields. Pure: channels call it in render().
// A template's text is what a person reads: the mail body, the Slack/Teams text, the PagerDuty
// summary, the SNMP message; for the JSON and form POSTs (format `json`) it is the JSON object sent.

/** The template format a method's messages use (which built-in templates suit it). */
export function templateFormatFor(methodId: number): TemplateFormat {
  if (methodId === 1 || methodId === 12) return 'email';
  if (methodId === 10 || methodId === 16) return 'json';
  return 'text';
}

const EMAIL_ERROR = `Sitewatch detected a problem with {{device_name}}.

Monitor:       {{device_name}} ({{device_type}}, id {{device_id}})
URL / host:    {{url}}
Location:      {{location}}
Time (UTC):    {{timestamp}}
Status:        {{status}} {{status_text}}
Details:       {{info_msg}}
Response time: {{response_time}} s
Errors in a row: {{errcount}}
`;

const EMAIL_CLEAR = `{{device_name}} is working again.

Monitor:       {{device_name}} ({{device_type}}, id {{device_id}})
URL / host:    {{url}}
Location:      {{location}}
Time (UTC):    {{timestamp}}
Status:        {{status}} {{status_text}}
Response time: {{response_time}} s
`;

const EMAIL_PERFORMANCE = `{{device_name}} is slow.

Monitor:       {{device_name}} ({{device_type}}, id {{device_id}})
URL / host:    {{url}}
Time (UTC):    {{timestamp}}
Measured:      {{performance_measured_seconds}} s over {{performance_window_minutes}} minutes
Threshold:     {{performance_threshold_seconds}} s, at {{performance_locations}} location(s)
`;

const TEXT_ERROR =
  'sitewatch: {{device_name}} DOWN ST={{status}} {{status_text}} at {{location}} {{timestamp}}';
const TEXT_CLEAR = 'sitewatch: {{device_name}} OK again (ST=0) at {{location}} {{timestamp}}';
const TEXT_PERFORMANCE =
  'sitewatch: {{device_name}} slow: {{performance_measured_seconds}} s > {{performance_threshold_seconds}} s';

/** The §14 webhook fields; numbers and null unquoted so the default renders the same JSON types. */
const JSON_FIELDS = `{"custid":{{custid}},"company":"{{company}}","device_id":{{device_id}},"device_name":"{{device_name}}","device_type":"{{device_type}}","device_typecode":"{{device_typecode}}","errcount":{{errcount}},"http_status":{{http_status}},"location":"{{location}}","location_num":{{location_num}},"notify_type":"{{notify_type}}","timestamp":"{{timestamp}}","status":{{status}},"status_text":"{{status_text}}","info_msg":"{{info_msg}}","url":"{{url}}","response_time":{{response_time}},"step_num":{{step_num}},"step_name":"{{step_name}}"}`;

const TEXTS: Record<TemplateFormat, Record<TemplateEvent, string>> = {
  email: { error: EMAIL_ERROR, clear: EMAIL_CLEAR, performance: EMAIL_PERFORMANCE },
  text: { error: TEXT_ERROR, clear: TEXT_CLEAR, performance: TEXT_PERFORMANCE },
  json: { error: JSON_FIELDS, clear: JSON_FIELDS, performance: JSON_FIELDS },
};

/** The text of built-in template `id` (a group's `templates[].id`), or undefined for an unknown id. */
export function templateText(id: number): string | undefined {
  const t = alertTemplate(id);
  return t ? TEXTS[t.format][t.event] : undefined;
}

// A test alert says what it is: an "is DOWN" page for a test would alarm whoever reads it.
const TEST_TEXTS: Record<TemplateFormat, string> = {
  email: `This is a test alert from sitewatch for {{company}}; nothing is wrong.

Sent from: {{location}}
Time (UTC): {{timestamp}}

Real alerts to this destination name the monitor, its URL or host, the location, the status
and what failed.
`,
  text: 'sitewatch: test alert for {{company}} from {{location}} at {{timestamp}}; nothing is wrong',
  json: JSON_FIELDS,
};

/** The method's default template text for this kind of alert. */
export function defaultTemplate(methodId: number, notifyType: NotifyType): string {
  const format = templateFormatFor(methodId);
  return notifyType === 'test' ? TEST_TEXTS[format] : TEXTS[format][notifyType];
}

/** The alert's fields by variable name: every AlertEvent field, `performance.*` as `performance_*`. */
export function templateVariables(event: AlertEvent): Record<string, string | number | null> {
  const vars: Record<string, string | number | null> = {};
  for (const [key, value] of Object.entries(event)) {
    if (key === 'performance') continue;
    vars[key] = value as string | number | null;
  }
  for (const [key, value] of Object.entries(event.performance ?? {})) vars[`performance_${key}`] = value;
  return vars;
}

/** How an inserted value is written: as is, escaped for HTML, or as the inside of a JSON string. */
export type Escape = 'none' | 'html' | 'json';

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};

function escapeValue(value: string | number | null, escape: Escape): string {
  if (escape === 'json') {
    // A number or null is inserted bare (the default JSON template leaves them unquoted).
    if (value === null) return 'null';
    if (typeof value === 'number') return String(value);
    return JSON.stringify(value).slice(1, -1);
  }
  const text = value === null ? '' : String(value);
  return escape === 'html' ? text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!) : text;
}

/**
 * Replaces `{{name}}` with the alert's field `name` (spaces inside the braces allowed). An unknown
 * name stays as written, as in API steps' variables, so a typo shows instead of vanishing.
 */
export function substitute(text: string, event: AlertEvent, escape: Escape = 'none'): string {
  const vars = templateVariables(event);
  return text.replace(/\{\{\s*([a-z_]+)\s*\}\}/g, (whole, name: string) =>
    Object.hasOwn(vars, name) ? escapeValue(vars[name] ?? null, escape) : whole,
  );
}

/** The destination's template (or the method's default), filled in with the event. */
export function messageText(
  event: AlertEvent,
  methodId: number,
  template: string | null | undefined,
  escape: Escape = 'none',
): string {
  return substitute(template ?? defaultTemplate(methodId, event.notify_type), event, escape);
}

/**
 * The text of the template a recipient group names for this method and alert (the first of `ids`
 * whose format suits the method and whose event is the alert's; a test counts as an error), or
 * null when the group names none: the channel then uses the method's default. The alerting
 * policy passes the result as Destination.template.
 */
export function groupTemplate(
  ids: readonly number[],
  methodId: number,
  notifyType: NotifyType,
): string | null {
  const event: TemplateEvent = notifyType === 'test' ? 'error' : notifyType;
  const id = matchingTemplate(ids, methodId, event);
  const t = id === null ? undefined : alertTemplate(id);
  return t ? TEXTS[t.format][t.event] : null;
}

/** The first of a group's template ids that fits the method's format and the event, or null. */
export function matchingTemplate(
  ids: readonly number[],
  methodId: number,
  event: TemplateEvent,
): number | null {
  const format = templateFormatFor(methodId);
  for (const id of ids) {
    const t = alertTemplate(id);
    if (t && t.format === format && t.event === event) return id;
  }
  return null;
}
