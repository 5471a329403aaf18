import { emailChannel } from './email.ts';
import type { AlertChannel } from './types.ts';
import { webhookChannel } from './webhook.ts';

// Every alert channel, registered once by the method ids it serves (design.md "channels"). The
// outbox dispatcher and POST /test-notifiers look channels up here and nowhere else.

/** Every channel, in the order they were added. */
export const CHANNELS: readonly AlertChannel[] = [webhookChannel, emailChannel];

const BY_METHOD: ReadonlyMap<number, AlertChannel> = new Map(
  CHANNELS.flatMap((channel) => channel.methods.map((id) => [id, channel] as const)),
);

/** The channel delivering `methodId`, or undefined for a method sitewatch cannot deliver. */
export function channelFor(methodId: number): AlertChannel | undefined {
  return BY_METHOD.get(methodId);
}
