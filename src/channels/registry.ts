import { emailChannel } from './email.ts';
import { pagerDutyChannel } from './pagerduty.ts';
import { serviceNowChannel } from './servicenow.ts';
import { slackChannel } from './slack.ts';
import { snmpChannel } from './snmp.ts';
import { splunkChannel } from './splunk.ts';
import { teamsChannel } from './teams.ts';
import type { AlertChannel, DeliveryContext, DeliveryOutcome, Destination } from './types.ts';
import { unconfiguredChannel } from './unconfigured.ts';
import { webhookChannel } from './webhook.ts';

// Every alert channel, registered once by the method ids it serves (design.md "channels"). The
// outbox dispatcher and POST /test-notifiers look channels up here and nowhere else.

/** Every channel, in the order they were added. */
export const CHANNELS: readonly AlertChannel[] = [
  webhookChannel,
  emailChannel,
  slackChannel,
  teamsChannel,
  splunkChannel,
  serviceNowChannel,
  pagerDutyChannel,
  snmpChannel,
  unconfiguredChannel,
];

const BY_METHOD: ReadonlyMap<number, AlertChannel> = new Map(
  CHANNELS.flatMap((channel) => channel.methods.map((id) => [id, channel] as const)),
);

/** The channel delivering `methodId`, or undefined for a method sitewatch cannot deliver. */
export function channelFor(methodId: number): AlertChannel | undefined {
  return BY_METHOD.get(methodId);
}

/**
 * Renders and delivers one event, never rejecting: a channel that throws (a bug, or a library
 * surprising us) gives `retry` with the error's message, so the dispatcher's attempt limit ends
 * it and POST /test-notifiers answers 502 rather than 500.
 */
export async function renderAndDeliver(
  channel: AlertChannel,
  event: Parameters<AlertChannel['render']>[0],
  dest: Destination,
  ctx: DeliveryContext,
): Promise<DeliveryOutcome> {
  try {
    return await channel.deliver(channel.render(event, dest), dest, ctx);
  } catch (err) {
    ctx.log.error({ err, channel: channel.kind }, 'alert channel threw');
    return {
      status: 'retry',
      reason: `${channel.kind} delivery failed unexpectedly: ${(err as Error).message}`,
    };
  }
}
