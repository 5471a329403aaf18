import { describeUrl, postMessage } from './http.ts';
import { facts, headline } from './summary.ts';
import { messageText } from './template.ts';
import type { AlertChannel, OutboundMessage } from './types.ts';

// Microsoft Teams incoming webhook (method 102, a sitewatch extension): the recipient is the
// webhook URL (a Workflows "post to a channel when a webhook request is received" URL, or a legacy
// Office 365 connector URL). Both accept the documented message with one Adaptive Card attachment;
// legacy connectors answer 200 "1", Workflows 202.

const COLOR: Record<string, string> = {
  error: 'Attention',
  clear: 'Good',
  performance: 'Warning',
  test: 'Accent',
};

/** Microsoft Teams incoming webhooks. */
export const teamsChannel: AlertChannel = {
  kind: 'teams',
  methods: [102],
  render(event, dest): OutboundMessage {
    const card = {
      $schema: 'http://adaptivecards.io/schemas/adaptive-card.json',
      type: 'AdaptiveCard',
      version: '1.4',
      msteams: { width: 'Full' },
      body: [
        {
          type: 'TextBlock',
          text: headline(event),
          weight: 'Bolder',
          size: 'Medium',
          color: COLOR[event.notify_type],
          wrap: true,
        },
        { type: 'TextBlock', text: messageText(event, 102, dest.template), wrap: true },
        { type: 'FactSet', facts: facts(event).map(([title, value]) => ({ title, value })) },
      ],
    };
    const body = {
      type: 'message',
      summary: headline(event),
      attachments: [
        { contentType: 'application/vnd.microsoft.card.adaptive', contentUrl: null, content: card },
      ],
    };
    return { kind: 'http', contentType: 'application/json', body: JSON.stringify(body) };
  },
  deliver: (msg, dest, ctx) =>
    msg.kind === 'none'
      ? Promise.resolve({ status: 'failed', reason: msg.reason })
      : postMessage(dest.address, msg, ctx),
  // Teams webhook URLs carry their signature in the path and query.
  describe: (dest) => `${describeUrl(dest.address).replace(/^(https?:\/\/[^/]+\/[^/]+\/).+$/, '$1…')}`,
};
