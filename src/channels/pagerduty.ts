import type { AlertEvent } from '../domain/alert-event.ts';
import { describeUrl, postMessage } from './http.ts';
import { headline } from './summary.ts';
import { messageText } from './template.ts';
import type { AlertChannel, OutboundMessage } from './types.ts';
import { webhookPayload } from './webhook.ts';

// PagerDuty Events API v2 (sitewatch method 103: AlertSite refuses its own 14 through the API).
// Recipient: the Events API URL, https://events.pagerduty.com/v2/enqueue (or the EU one); the
// integration's routing key goes in the recipient's password and is put into the body only at
// send time, so the stored message holds no secret. An error triggers, a clear resolves, both
// with the dedup_key of the monitor and location, so one outage is one incident.

/** Stable per account, monitor and location: a trigger and its resolve meet on it. */
export function dedupKey(e: AlertEvent): string {
  if (e.notify_type === 'test') return `sitewatch:${e.custid}:test`;
  const base = `sitewatch:${e.custid}:${e.device_id}:${e.location_num}`;
  return e.notify_type === 'performance' ? `${base}:performance` : base;
}

const SEVERITY: Record<string, string> = { error: 'critical', performance: 'warning', test: 'info' };

/** PagerDuty Events API v2. */
export const pagerDutyChannel: AlertChannel = {
  kind: 'pagerduty',
  methods: [103],
  render(event, dest): OutboundMessage {
    const body =
      event.notify_type === 'clear'
        ? { event_action: 'resolve', dedup_key: dedupKey(event) }
        : {
            event_action: 'trigger',
            dedup_key: dedupKey(event),
            client: 'sitewatch',
            payload: {
              summary: messageText(event, 103, dest.template).slice(0, 1024),
              source: event.url || event.device_name,
              severity: SEVERITY[event.notify_type],
              timestamp: event.timestamp,
              component: event.device_name,
              group: event.location,
              class: event.device_type,
              custom_details: { ...webhookPayload(event), headline: headline(event) },
            },
          };
    return { kind: 'http', contentType: 'application/json', body: JSON.stringify(body) };
  },
  async deliver(msg, dest, ctx) {
    if (msg.kind !== 'http')
      return { status: 'failed', reason: msg.kind === 'none' ? msg.reason : 'not an HTTP message' };
    const routingKey = dest.password?.trim();
    if (!routingKey)
      return {
        status: 'failed',
        reason: "PagerDuty needs the integration's routing key in the recipient's password",
      };
    const body = JSON.stringify({ routing_key: routingKey, ...(JSON.parse(msg.body) as object) });
    return postMessage(dest.address, msg, ctx, {
      body,
      providerId: (text) => (JSON.parse(text) as { dedup_key?: string }).dedup_key,
    });
  },
  describe: (dest) => describeUrl(dest.address),
};
