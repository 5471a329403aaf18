// One delivery attempt of one outbox row through its channel, never throwing: whatever happens
// (no channel for the method, a render error, a throw, the deadline) becomes a DeliveryOutcome.
import type { Logger } from 'pino';
import type { AlertEvent } from '../domain/alert-event.ts';
import type { SecretBox } from '../auth/secret-box.ts';
import type { EgressPolicy } from '../checks/egress.ts';
import { templateText } from '../channels/template.ts';
import type { AlertChannel, DeliveryContext, DeliveryOutcome, Destination } from '../channels/types.ts';
import type { OutboxRow } from '../store/outbox.ts';

/** What an attempt needs besides the row. */
export interface AttemptDeps {
  channelFor(methodId: number): AlertChannel | undefined;
  secrets: SecretBox;
  egress: EgressPolicy;
  smtp: DeliveryContext['smtp'];
  log: Logger;
}

/** What one attempt came to, as recorded. */
export interface AttemptResult {
  outcome: DeliveryOutcome;
  channel: string;
  destination: string;
  durationMs: number;
}

/** The destination without credentials, for a method no channel serves. */
function bareDestination(address: string): string {
  try {
    const u = new URL(address);
    if (u.protocol === 'http:' || u.protocol === 'https:') return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    // not a URL: an address, phone number or host
  }
  return address;
}

function destinationOf(row: OutboxRow, secrets: SecretBox): Destination {
  let password: string | null = null;
  if (row.password_sealed) {
    try {
      password = secrets.open(row.password_sealed);
    } catch {
      password = null; // a key change: deliver without, the receiver's 401 says why
    }
  }
  return {
    methodId: row.method_id,
    address: row.address,
    username: row.username,
    password,
    template: row.template_id === null ? null : (templateText(row.template_id) ?? null),
  };
}

/** Runs one attempt under `timeoutMs` (and `stop`). */
export async function attemptDelivery(
  d: AttemptDeps,
  row: OutboxRow,
  timeoutMs: number,
  stop: AbortSignal,
): Promise<AttemptResult> {
  const started = performance.now();
  const elapsed = () => Math.round(performance.now() - started);
  const channel = d.channelFor(row.method_id);
  if (!channel) {
    return {
      outcome: { status: 'failed', reason: `delivery method not configured (method_id ${row.method_id})` },
      channel: 'none',
      destination: bareDestination(row.address),
      durationMs: 0,
    };
  }
  const dest = destinationOf(row, d.secrets);
  let destination: string;
  try {
    destination = channel.describe(dest);
  } catch {
    destination = bareDestination(row.address);
  }
  const deadline = AbortSignal.timeout(timeoutMs);
  const ctx: DeliveryContext = {
    deliveryId: row.delivery_id,
    signal: AbortSignal.any([deadline, stop]),
    egress: d.egress,
    smtp: d.smtp,
    log: d.log,
  };
  let outcome: DeliveryOutcome;
  try {
    const msg = channel.render(JSON.parse(row.event) as AlertEvent, dest);
    outcome = await channel.deliver(msg, dest, ctx);
  } catch (err) {
    outcome = deadline.aborted
      ? { status: 'retry', reason: `no answer within ${timeoutMs / 1000} s` }
      : { status: 'retry', reason: err instanceof Error ? err.message : String(err) };
  }
  // A channel that noticed the deadline itself may say anything; the reason should name it.
  if (outcome.status !== 'sent' && deadline.aborted && !/within|timed? ?out/i.test(outcome.reason))
    outcome = { ...outcome, reason: `no answer within ${timeoutMs / 1000} s (${outcome.reason})` };
  return { outcome, channel: channel.kind, destination, durationMs: elapsed() };
}
