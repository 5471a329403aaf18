import type { Logger } from 'pino';
import type { AlertEvent } from '../domain/alert-event.ts';
import type { EgressPolicy } from '../checks/egress.ts';

// The extension point for alert delivery (design.md "channels"): one module per kind, registered
// once in channels/registry.ts by the `method_id`s it serves. render() is pure; deliver() is the
// only I/O and must be safe to call again for the same delivery id (receivers de-duplicate on it).

/** Where one recipient wants alerts, as stored on the recipient (the password opened). */
export interface Destination {
  /** AlertSite `method_id` (1 e-mail text, 12 e-mail HTML, 16 JSON POST, 101 Slack, 103 PagerDuty …). */
  methodId: number;
  /** The recipient's `recipient` field: an address, URL, phone number or SNMP host[:port]. */
  address: string;
  /** Optional credentials (Basic auth for POSTs, SNMP community in `password` …). */
  username?: string | null;
  password?: string | null;
  /** Recipient-group template text for this event, when the group names one; else the method's default. */
  template?: string | null;
}

/** A rendered message, ready to deliver; stored on the attempt for the alert history (no secrets). */
export type OutboundMessage =
  | { kind: 'email'; subject: string; text: string; html?: string }
  | { kind: 'http'; contentType: string; body: string; headers?: Record<string, string> }
  | {
      kind: 'snmp';
      version: 1 | 2;
      varbinds: { oid: string; value: string | number }[];
      /** The notification's OID (v2c snmpTrapOID; v1 enterprise and specific-trap derive from it). */
      trapOid?: string;
    }
  | { kind: 'none'; reason: string };

/** What one delivery attempt came to. The dispatcher retries `retry`, never `sent` or `failed`. */
export type DeliveryOutcome =
  | { status: 'sent'; reply?: string; httpStatus?: number; providerId?: string }
  | { status: 'retry'; reason: string; httpStatus?: number; afterMs?: number }
  | { status: 'failed'; reason: string; httpStatus?: number };

/** What a deliver() may use; it never touches the store. */
export interface DeliveryContext {
  /** Stable across retries of one delivery: sent as `X-Sitewatch-Delivery` by every webhook. */
  deliveryId: string;
  /** Aborts at the attempt's deadline and on shutdown. */
  signal: AbortSignal;
  /** Every outbound connection goes through this, redirects included (docs/compatibility.md §12). */
  egress: EgressPolicy;
  /** SMTP relay for e-mail methods; null when not configured (delivery fails, never pretends). */
  smtp: { url: string; from: string } | null;
  log: Logger;
}

export interface AlertChannel {
  /** The module's file name (`webhook` ↔ channels/webhook.ts). */
  readonly kind: string;
  /** The `method_id`s it delivers. */
  readonly methods: readonly number[];
  /** Pure: the message for this event and destination. */
  render(event: AlertEvent, dest: Destination): OutboundMessage;
  /** The I/O: classify every failure as retry (network, timeout, 5xx, 408, 429) or failed. */
  deliver(msg: OutboundMessage, dest: Destination, ctx: DeliveryContext): Promise<DeliveryOutcome>;
  /** The destination as it may be shown and logged: no password, no secret query parameters. */
  describe(dest: Destination): string;
}
