// The one table of check status codes (docs/status-codes.md). Alerts, recipient-group `errortypes`,
// reports and SLAs all read it from here; status-codes.test.ts checks it against the spec file.

/** `AS`: AlertSite's published meaning, kept for compatibility; `sitewatch`: our own code. */
export type StatusKind = 'AS' | 'sitewatch';

export interface StatusCode {
  /** The numeric status a check result carries; 0 is OK. */
  readonly code: number;
  /** The meaning, word for word as in docs/status-codes.md (markdown code marks removed). */
  readonly description: string;
  /**
   * The meaning up to its first parenthesis or semicolon ("TCP connection failed"), the form
   * AlertSite shows as an `errortypes[].description`.
   */
  readonly title: string;
  /** Whose meaning the code carries. */
  readonly kind: StatusKind;
  /** The check could not be run: never alerts, never counts against an SLA. */
  readonly internal: boolean;
  /** A 4-digit full-page (embedded object) code. */
  readonly fullPage: boolean;
}

type Row = [code: number, description: string, kind: StatusKind, flag?: 'internal' | 'full-page'];

// 98 is internal by our decision although the spec marks only 21: a monitor type this server does
// not execute says nothing about the target, so it must not page anyone every interval or drag an
// SLA to 0%. 20 (egress policy) stays an error: the user's own destination will never be checked,
// and they must hear about it.
const ROWS: Row[] = [
  [0, 'OK', 'AS'],
  [1, 'TCP connection failed (refused, unreachable)', 'AS'],
  [2, 'Test timed out', 'AS'],
  [3, 'Invalid or malformed response from the server', 'sitewatch'],
  [4, 'Host name could not be resolved (DNS lookup failed)', 'sitewatch'],
  [5, 'Keyword validation failed (expected text missing)', 'AS'],
  [6, 'Connection closed or reset by the server', 'sitewatch'],
  [7, 'HTTP error status (4xx or 5xx); info_msg carries the status line', 'AS'],
  [8, 'Too many redirects', 'sitewatch'],
  [9, 'Forbidden keyword present (inverted keyword match)', 'sitewatch'],
  [10, 'API step assertion failed; info_msg names the step and assertion', 'sitewatch'],
  [11, 'TLS handshake failed', 'sitewatch'],
  [12, 'TLS certificate not trusted or does not match the host', 'sitewatch'],
  [13, "TLS certificate expired, or expiring within the monitor's warning window", 'sitewatch'],
  [14, 'Ping: no reply (100% packet loss)', 'sitewatch'],
  [15, 'DNS monitor: the name server gave no answer, or not the expected one', 'sitewatch'],
  [16, 'FTP: login, listing or transfer failed', 'sitewatch'],
  [17, 'Mail server: bad greeting, TLS or login failure (SMTP, POP3, IMAP)', 'sitewatch'],
  [18, 'Round-trip email not delivered within the timeout', 'sitewatch'],
  [19, 'Browser: page failed to load, or a step failed', 'sitewatch'],
  [20, 'Destination refused by the egress policy', 'sitewatch'],
  [21, "Internal error on the check agent (not the target's fault; no alert)", 'AS', 'internal'],
  [
    22,
    'Location offline (no live worker serves the location; shown, not recorded; no alert)',
    'sitewatch',
    'internal',
  ],
  [98, 'Monitor type not supported by this server (stored, not executed)', 'sitewatch', 'internal'],
  [7121, 'Full-page: an embedded object is missing', 'AS', 'full-page'],
  [7122, 'Full-page: an embedded object changed size', 'AS', 'full-page'],
  [7123, 'Full-page: an embedded object timed out', 'AS', 'full-page'],
];

const titleOf = (description: string) => description.split(/ \(|;/)[0]!.trim();

/** Every status code, in code order. */
export const STATUS_CODES: readonly StatusCode[] = ROWS.map(([code, description, kind, flag]) =>
  Object.freeze({
    code,
    description,
    title: titleOf(description),
    kind,
    internal: flag === 'internal',
    fullPage: flag === 'full-page',
  }),
);

const BY_CODE: ReadonlyMap<number, StatusCode> = new Map(STATUS_CODES.map((s) => [s.code, s]));

/** The entry of `code`, or undefined for a code the table does not know. */
export const statusCode = (code: number): StatusCode | undefined => BY_CODE.get(code);

/** The site status report's status for a monitor at a location no live process serves (docs/compatibility.md §7). */
export const LOCATION_OFFLINE: StatusCode = BY_CODE.get(22)!;

/** Whether a result with this status must never alert nor count against an SLA. */
export const isInternalStatus = (code: number): boolean => BY_CODE.get(code)?.internal ?? false;

/** A status code's short meaning, or a neutral text for a code the table does not know. */
export const statusTitle = (code: number) => statusCode(code)?.title ?? `Status ${code}`;
