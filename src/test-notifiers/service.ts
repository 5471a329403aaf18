import { randomUUID } from 'node:crypto';
import type { AlertEvent } from '../domain/alert-event.ts';
import { isEgressRefusal } from '../channels/http.ts';
import { channelFor, renderAndDeliver } from '../channels/registry.ts';
import type { DeliveryOutcome, Destination } from '../channels/types.ts';
import type { Deps } from '../deps.ts';
import { ApiError, invalid, notFound } from '../domain/errors.ts';
import type { Principal } from '../domain/principal.ts';
import { destinationProblem, recipientMethod, RECIPIENT_METHODS } from '../recipients/methods.ts';
import { getAccount } from '../store/accounts.ts';
import { storableId } from '../store/ids.ts';
import { defaultLocationId, getLocation } from '../store/locations.ts';
import { getRecipient } from '../store/recipients.ts';

// POST /test-notifiers (docs/compatibility.md §11, docs/alertsite-v3.md §8): really delivers a test alert
// (notify_type `test`, the method's default template) through one channel, now, and says what
// happened. Nothing is stored: a test is not an alert, so it has no outbox row or history.

/** The request: a destination given in full, or (sitewatch extension) a stored recipient by id. */
export interface TestNotifierInput {
  method_id?: number;
  recipient?: string;
  username?: string | null;
  password?: string | null;
  /** The location the test alert names; default the account's default location. */
  location_id?: number;
  /** sitewatch: test this recipient of the account with its own method, destination and credentials. */
  recipient_id?: number;
}

/** What the 200 answer says. */
export interface TestNotifierView {
  method_id: number;
  method_description: string;
  /** The destination as it may be shown (no credentials, no secret URL parts). */
  destination: string;
  status: 'sent';
  /** What the receiver answered: the HTTP status and body start, the SMTP reply, … */
  reply: string | null;
  http_status: number | null;
  /** The receiver's id for what it created (PagerDuty dedup_key, ServiceNow incident, message id). */
  provider_id: string | null;
  /** The X-Sitewatch-Delivery id the receiver saw. */
  delivery_id: string;
  duration_ms: number;
}

const KNOWN = RECIPIENT_METHODS.filter((m) => channelFor(m.id)).map((m) => m.id);

/** The 400 or 502 a delivery that did not happen answers with. */
function failure(outcome: Exclude<DeliveryOutcome, { status: 'sent' }>, destination: string): ApiError {
  // The destination itself is the problem (bad input) when the policy refuses it; anything else
  // is the receiver's or the relay's doing (a bad gateway, in HTTP terms).
  if (isEgressRefusal(outcome))
    return new ApiError(400, `test alert refused: ${outcome.reason}`, ['recipient']);
  return new ApiError(502, `test alert to ${destination} not delivered: ${outcome.reason}`);
}

/** Test alerts for the caller's account. */
export function testNotifierService(deps: Deps) {
  const { db, clock, log } = deps;

  function openPassword(sealed: string): string {
    try {
      return deps.secrets.open(sealed);
    } catch {
      throw new ApiError(
        502,
        "the recipient's stored password cannot be opened (was SITEWATCH_SECRET_KEY changed?)",
      );
    }
  }

  async function destinationOf(p: Principal, input: TestNotifierInput): Promise<Destination> {
    if (input.recipient_id !== undefined) {
      if (input.method_id !== undefined || input.recipient !== undefined)
        throw new ApiError(400, 'give either recipient_id or method_id and recipient, not both', [
          'recipient_id',
        ]);
      const row = storableId(input.recipient_id)
        ? await getRecipient(db, p.accountId, input.recipient_id)
        : undefined;
      if (!row) throw notFound();
      return {
        methodId: row.method_id,
        address: row.recipient,
        username: row.username,
        password: row.password_sealed ? openPassword(row.password_sealed) : null,
      };
    }
    if (input.method_id === undefined) throw invalid('method_id', 'is required (or give recipient_id)');
    if (input.recipient === undefined) throw invalid('recipient', 'is required (or give recipient_id)');
    const method = recipientMethod(input.method_id);
    if (!method || !channelFor(method.id)) throw invalid('method_id', `must be one of: ${KNOWN.join(', ')}`);
    const problem = destinationProblem(method, input.recipient);
    if (problem) throw invalid('recipient', problem);
    return {
      methodId: method.id,
      address: input.recipient.trim(),
      username: input.username ?? null,
      password: input.password ?? null,
    };
  }

  async function locationOf(p: Principal, id: number | undefined): Promise<{ id: number; name: string }> {
    const wanted = id ?? (await defaultLocationId(db, p.accountId));
    const row =
      wanted !== undefined && storableId(wanted) ? await getLocation(db, p.accountId, wanted) : undefined;
    if (row) return { id: row.id, name: row.name };
    if (id !== undefined) throw invalid('location_id', 'must be a location this account may use');
    return { id: 0, name: '' };
  }

  return {
    async send(p: Principal, input: TestNotifierInput): Promise<TestNotifierView> {
      const dest = await destinationOf(p, input);
      const channel = channelFor(dest.methodId);
      // A stored recipient of a method no channel delivers (14, AlertSite's PagerDuty).
      if (!channel)
        throw invalid('method_id', `method ${dest.methodId} cannot deliver alerts; use 103 for PagerDuty`);
      const location = await locationOf(p, input.location_id);
      const account = await getAccount(db, p.accountId);
      const event: AlertEvent = {
        custid: p.accountId,
        company: account?.name ?? '',
        device_id: 0,
        device_name: 'sitewatch test alert',
        device_type: 'test',
        device_typecode: 'TEST',
        errcount: 0,
        http_status: null,
        location: location.name,
        location_num: location.id,
        notify_type: 'test',
        timestamp: new Date(clock.now()).toISOString(),
        status: 0,
        status_text: 'Test alert',
        info_msg: 'This is a test alert; nothing is wrong.',
        url: '',
        response_time: null,
        step_num: 0,
        step_name: '',
      };
      const destination = channel.describe(dest);
      const deliveryId = `test-${randomUUID()}`;
      const started = performance.now();
      const outcome = await renderAndDeliver(channel, event, dest, {
        deliveryId,
        signal: AbortSignal.timeout(deps.settings.testAlertTimeoutSeconds * 1000),
        egress: deps.egress,
        smtp: deps.settings.smtp,
        log: log.child({ component: 'test-notifiers' }),
      });
      const duration_ms = Math.round(performance.now() - started);
      log.info(
        {
          component: 'test-notifiers',
          account: p.accountId,
          method_id: dest.methodId,
          destination,
          outcome: outcome.status,
          duration_ms,
        },
        outcome.status === 'sent' ? 'test alert delivered' : `test alert not delivered: ${outcome.reason}`,
      );
      if (outcome.status !== 'sent') throw failure(outcome, destination);
      return {
        method_id: dest.methodId,
        method_description: recipientMethod(dest.methodId)?.description ?? '',
        destination,
        status: 'sent',
        reply: outcome.reply ?? null,
        http_status: outcome.httpStatus ?? null,
        provider_id: outcome.providerId ?? null,
        delivery_id: deliveryId,
        duration_ms,
      };
    },
  };
}
