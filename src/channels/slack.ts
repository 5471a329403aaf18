import { describeUrl, postMessage } from './http.ts';
import { facts, headline } from './summary.ts';
import { messageText } from './template.ts';
import type { AlertChannel, OutboundMessage } from './types.ts';

// Slack incoming webhook (method 101, a sitewatch extension): the recipient is the webhook URL
// Slack gives (https://hooks.slack.com/services/T…/B…/…). The payload is Slack's documented one:
// `text` (the notification and fallback) plus Block Kit `blocks`. Slack answers 200 "ok", or 4xx
// with a word (`invalid_payload`, `no_service`, `channel_is_archived`) that fails the delivery.

/** Slack's mrkdwn needs exactly these three escaped (api.slack.com "Escaping text"). */
const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Slack incoming webhooks. */
export const slackChannel: AlertChannel = {
  kind: 'slack',
  methods: [101],
  render(event, dest): OutboundMessage {
    const text = esc(messageText(event, 101, dest.template));
    const fields = facts(event)
      .slice(0, 10) // a section holds at most 10 fields
      .map(([label, value]) => ({ type: 'mrkdwn', text: `*${esc(label)}*\n${esc(value).slice(0, 1900)}` }));
    const body = {
      text,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: headline(event).slice(0, 150) } },
        { type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 3000) } },
        { type: 'section', fields },
      ],
    };
    return { kind: 'http', contentType: 'application/json', body: JSON.stringify(body) };
  },
  deliver: (msg, dest, ctx) =>
    msg.kind === 'none'
      ? Promise.resolve({ status: 'failed', reason: msg.reason })
      : postMessage(dest.address, msg, ctx),
  // The path is the secret: show only where it goes.
  describe: (dest) => `${describeUrl(dest.address).replace(/^(https?:\/\/[^/]+\/[^/]+\/).+$/, '$1…')}`,
};
