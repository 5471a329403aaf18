import { webhookPayload } from './webhook.ts';
import { describeUrl, postMessage } from './http.ts';
import { messageText } from './template.ts';
import type { AlertChannel, OutboundMessage } from './types.ts';

// Splunk HTTP Event Collector (method 15). Recipient: the HEC URL, e.g.
// https://splunk.example.com:8088/services/collector/event (a URL without a path gets that path);
// the HEC token goes in the recipient's password and is sent as `Authorization: Splunk <token>`.
// Body: Splunk's documented event envelope with the §14 fields (plus `message`) as the event.

const HEC_PATH = '/services/collector/event';

/** The HEC endpoint for a recipient: its own path when it has one, else the event endpoint. */
export function hecUrl(address: string): string {
  try {
    const u = new URL(address);
    if (u.pathname === '/' || u.pathname === '') u.pathname = HEC_PATH;
    return u.href;
  } catch {
    return address;
  }
}

/** Splunk HEC. */
export const splunkChannel: AlertChannel = {
  kind: 'splunk',
  methods: [15],
  render(event, dest): OutboundMessage {
    const body = {
      time: Date.parse(event.timestamp) / 1000,
      host: 'sitewatch',
      source: 'sitewatch',
      sourcetype: '_json',
      event: { ...webhookPayload(event), message: messageText(event, 15, dest.template) },
    };
    return { kind: 'http', contentType: 'application/json', body: JSON.stringify(body) };
  },
  async deliver(msg, dest, ctx) {
    if (msg.kind === 'none') return { status: 'failed', reason: msg.reason };
    if (!dest.password)
      return { status: 'failed', reason: "Splunk needs the HEC token in the recipient's password" };
    return postMessage(hecUrl(dest.address), msg, ctx, { authorization: `Splunk ${dest.password}` });
  },
  describe: (dest) => describeUrl(hecUrl(dest.address)),
};
