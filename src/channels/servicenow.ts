import { basicAuth, describeUrl, postMessage } from './http.ts';
import { headline } from './summary.ts';
import { messageText } from './template.ts';
import type { AlertChannel, OutboundMessage } from './types.ts';
import type { AlertEvent } from '../domain/alert-event.ts';

// ServiceNow incident (method 17) through the Table API: POST /api/now/table/incident with Basic
// auth from the recipient's username/password. Recipient: the instance URL
// (https://example.service-now.com; a URL without a path gets /api/now/table/incident). An error
// opens an incident; a clear notice records a resolved one with the same correlation_id (the
// Table API cannot update without the sys_id, which sitewatch does not keep), so a ServiceNow
// rule or import set coalescing on correlation_id can close the first.

const TABLE_PATH = '/api/now/table/incident';

/** The Table API endpoint for a recipient. */
export function incidentUrl(address: string): string {
  try {
    const u = new URL(address);
    if (u.pathname === '/' || u.pathname === '') u.pathname = TABLE_PATH;
    return u.href;
  } catch {
    return address;
  }
}

/** One per monitor and location, like PagerDuty's dedup_key. */
export const correlationId = (e: AlertEvent) =>
  e.notify_type === 'test'
    ? `sitewatch:${e.custid}:test`
    : `sitewatch:${e.custid}:${e.device_id}:${e.location_num}`;

/** ServiceNow incidents. */
export const serviceNowChannel: AlertChannel = {
  kind: 'servicenow',
  methods: [17],
  render(event, dest): OutboundMessage {
    const incident: Record<string, string> = {
      short_description: headline(event).slice(0, 160),
      description: messageText(event, 17, dest.template),
      // 1 high … 3 low: an outage is urgent, anything else is for the record.
      urgency: event.notify_type === 'error' ? '1' : '3',
      impact: event.notify_type === 'error' ? '2' : '3',
      category: 'software',
      correlation_id: correlationId(event),
      correlation_display: 'sitewatch',
    };
    if (event.notify_type === 'clear') {
      Object.assign(incident, {
        state: '6', // Resolved
        close_code: 'Solved (Permanently)',
        close_notes: `sitewatch: ${event.device_name} recovered at ${event.timestamp}`,
      });
    }
    return {
      kind: 'http',
      contentType: 'application/json',
      body: JSON.stringify(incident),
      headers: { accept: 'application/json' },
    };
  },
  async deliver(msg, dest, ctx) {
    if (msg.kind === 'none') return { status: 'failed', reason: msg.reason };
    if (!dest.username)
      return { status: 'failed', reason: 'ServiceNow needs a user name and password on the recipient' };
    return postMessage(incidentUrl(dest.address), msg, ctx, {
      basic: basicAuth(dest),
      providerId: (body) => (JSON.parse(body) as { result?: { number?: string } }).result?.number,
    });
  },
  describe: (dest) => describeUrl(incidentUrl(dest.address)),
};
