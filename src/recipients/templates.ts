// The built-in alert templates a recipient group may name in `templates` (docs/alertsite-v3.md §7.1). Groups
// store only the ids; the alerting issue renders the template of an alert's format and event, and
// falls back to the method's default when a group names none for that pair.

/** What a template renders: a mail body, a short text (SMS, pager, method 4) or a JSON document. */
export type TemplateFormat = 'email' | 'text' | 'json';
/** The alert it is for: an error, the clear notice (ST=0), or a performance alert. */
export type TemplateEvent = 'error' | 'clear' | 'performance';

export interface AlertTemplate {
  /** `templates[].id` in a group. */
  readonly id: number;
  /** `templates[].name`. */
  readonly name: string;
  /** `templates[].alert_description_short`, AlertSite's wording ("Site Error JSON"). */
  readonly alert_description_short: string;
  /** The kind of message it renders. */
  readonly format: TemplateFormat;
  /** The alert it renders. */
  readonly event: TemplateEvent;
}

const FORMAT_WORD: Record<TemplateFormat, string> = { email: 'Email', text: 'Text', json: 'JSON' };
const EVENT_WORD: Record<TemplateEvent, string> = {
  error: 'Site Error',
  clear: 'Site Clear',
  performance: 'Performance Alert',
};

const t = (id: number, format: TemplateFormat, event: TemplateEvent): AlertTemplate => ({
  id,
  name: `Default ${EVENT_WORD[event].toLowerCase()} (${FORMAT_WORD[format]})`,
  alert_description_short: `${EVENT_WORD[event]} ${FORMAT_WORD[format]}`,
  format,
  event,
});

/** Every built-in template, in id order. Ids are stable: groups store them. */
export const ALERT_TEMPLATES: readonly AlertTemplate[] = [
  t(1, 'email', 'error'),
  t(2, 'email', 'clear'),
  t(3, 'text', 'error'),
  t(4, 'text', 'clear'),
  t(5, 'json', 'error'),
  t(6, 'json', 'clear'),
  t(7, 'email', 'performance'),
  t(8, 'text', 'performance'),
  t(9, 'json', 'performance'),
];

const BY_ID: ReadonlyMap<number, AlertTemplate> = new Map(ALERT_TEMPLATES.map((x) => [x.id, x]));

/** The template with this id, or undefined. */
export const alertTemplate = (id: number): AlertTemplate | undefined => BY_ID.get(id);
