import { isIP } from 'node:net';

// Alert delivery methods (docs/alertsite-v3.md §6.1 `method_id`) and the destination format of each. The
// alerting issue picks a channel by `method_id`; the API validates `recipient` with `format`.

/** The shape a method's `recipient` must have. */
export type DestinationFormat = 'email' | 'url' | 'phone' | 'snmp-host';

export interface RecipientMethod {
  /** AlertSite's `method_id`. */
  readonly id: number;
  /** `method_description` as the API shows it. */
  readonly description: string;
  /** What `recipient` holds for this method. */
  readonly format: DestinationFormat;
  /** False for methods AlertSite refuses to create through the API (PagerDuty, 14). */
  readonly creatable: boolean;
  /** A sitewatch method id beyond AlertSite's list (docs/compatibility.md §14: Slack, Teams, PagerDuty v2). */
  readonly extension?: true;
}

const m = (id: number, description: string, format: DestinationFormat, creatable = true) => ({
  id,
  description,
  format,
  creatable,
});

// Slack and Teams have no AlertSite method id; 101 and 102 sit far above AlertSite's 1–17 so that
// a method AlertSite adds later cannot collide with them.
const METHODS: readonly RecipientMethod[] = [
  m(1, 'E-mail (text format)', 'email'),
  m(2, 'Alphanumeric pager', 'phone'),
  m(3, 'Numeric pager (pause after dial)', 'phone'),
  m(4, 'E-mail to wireless device', 'email'),
  m(5, 'Numeric pager (wait for quiet)', 'phone'),
  m(6, 'SMS', 'phone'),
  m(8, 'SNMP trap (v1)', 'snmp-host'),
  m(9, 'SNMP trap (v2c)', 'snmp-host'),
  m(10, 'POST to web server', 'url'),
  m(11, 'Telephone (VoIP)', 'phone'),
  m(12, 'E-mail (HTML format)', 'email'),
  m(14, 'PagerDuty', 'url', false),
  m(15, 'Splunk', 'url'),
  m(16, 'JSON alerts (POST JSON)', 'url'),
  m(17, 'ServiceNow', 'url'),
  { ...m(101, 'Slack incoming webhook', 'url'), extension: true },
  { ...m(102, 'Microsoft Teams incoming webhook', 'url'), extension: true },
  // PagerDuty Events API v2, creatable where AlertSite's 14 is not (routing key in the password).
  { ...m(103, 'PagerDuty Events API v2', 'url'), extension: true },
];

const BY_ID: ReadonlyMap<number, RecipientMethod> = new Map(METHODS.map((x) => [x.id, x]));

/** Every method, in id order. */
export const RECIPIENT_METHODS = METHODS;

/** The method a new recipient gets when `method_id` is omitted (docs/alertsite-v3.md §6.1). */
export const DEFAULT_METHOD_ID = 12;

/** The method with this id, or undefined (there is no 7 or 13). */
export const recipientMethod = (id: number): RecipientMethod | undefined => BY_ID.get(id);

const EMAIL =
  /^[^\s@<>(),;:"]+@[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]*[A-Za-z0-9])?)+$/;
const HOST_LABEL = /^[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?$/;

function isHostname(host: string): boolean {
  if (host.length === 0 || host.length > 253) return false;
  return isIP(host) !== 0 || host.split('.').every((label) => HOST_LABEL.test(label));
}

function isUrl(value: string): boolean {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return false;
  }
  return (url.protocol === 'http:' || url.protocol === 'https:') && url.hostname !== '';
}

// E.164 numbers have at most 15 digits; fewer than 3 cannot be dialled anywhere. Separators people
// type (spaces, dashes, dots, parentheses) and a leading + are allowed.
function isPhone(value: string): boolean {
  if (!/^\+?[0-9 ().-]+$/.test(value)) return false;
  const digits = value.replace(/\D/g, '').length;
  return digits >= 3 && digits <= 15;
}

function isSnmpHost(value: string): boolean {
  let host = value;
  let port: string | undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(value);
  if (bracketed) {
    if (isIP(bracketed[1]!) !== 6) return false;
    port = bracketed[2];
    host = '';
  } else if (isIP(value) === 6) {
    return true;
  } else {
    const colon = value.lastIndexOf(':');
    if (colon >= 0) {
      host = value.slice(0, colon);
      port = value.slice(colon + 1);
    }
  }
  if (host !== '' && !isHostname(host)) return false;
  if (port === undefined) return true;
  return /^\d{1,5}$/.test(port) && Number(port) >= 1 && Number(port) <= 65535;
}

const CHECKS: Record<DestinationFormat, { test(v: string): boolean; expected: string }> = {
  email: { test: (v) => EMAIL.test(v), expected: 'an email address' },
  url: { test: isUrl, expected: 'an http:// or https:// URL' },
  phone: { test: isPhone, expected: 'a phone number' },
  'snmp-host': { test: isSnmpHost, expected: 'a host name or IP address with an optional :port' },
};

/** Why `recipient` does not suit `method`, or null when it does. */
export function destinationProblem(method: RecipientMethod, recipient: string): string | null {
  const check = CHECKS[method.format];
  return check.test(recipient.trim())
    ? null
    : `must be ${check.expected} for method_id ${method.id} (${method.description})`;
}
