import type { Updateable } from 'kysely';
import type { Principal } from '../domain/principal.ts';
import { invalid, notFound, ruleViolation } from '../domain/errors.ts';
import type { Deps } from '../deps.ts';
import * as store from '../store/recipients.ts';
import type { RecipientLinks, RecipientRow } from '../store/recipients.ts';
import type { RecipientTable } from '../store/tables/recipients.ts';
import type { RecipientInput, RecipientView } from './schema.ts';
import { DEFAULT_METHOD_ID, destinationProblem, recipientMethod, RECIPIENT_METHODS } from './methods.ts';

export type { RecipientInput, RecipientView };

/** `type` filter values of `GET /recipients`. */
export type RecipientType = 'Availability' | 'Performance';

const flag = (b: boolean) => (b ? 1 : 0);
const FLAGS = [
  'availability_alert',
  'notify_on_clear',
  'attach_screen_capture',
  'attach_server_response',
  'remote_commands',
  'performance_alert',
  'repeat_performance_alerts',
] as const;

export function viewRecipient(row: RecipientRow, links: RecipientLinks): RecipientView {
  return {
    id: row.id,
    name: row.name,
    method_id: row.method_id,
    method_description: recipientMethod(row.method_id)?.description ?? '',
    recipient: row.recipient,
    username: null,
    password: null,
    availability_alert: row.availability_alert === 1,
    notify_on_clear: row.notify_on_clear === 1,
    attach_screen_capture: row.attach_screen_capture === 1,
    attach_server_response: row.attach_server_response === 1,
    start_threshold: row.start_threshold,
    stop_threshold: row.stop_threshold,
    remote_commands: row.remote_commands === 1,
    performance_alert: row.performance_alert === 1,
    performance_alert_type: row.performance_alert_type,
    repeat_performance_alerts: row.repeat_performance_alerts === 1,
    blackout_ids: links.blackouts.get(row.id) ?? [],
    notifier_groups: links.groups.get(row.id) ?? [],
  };
}

const KNOWN_METHODS = RECIPIENT_METHODS.map((x) => x.id).join(', ');

/** Checks the method and the destination together, as they will be after the write. */
function checkDestination(methodId: number, recipient: string, methodGiven: boolean): void {
  const method = recipientMethod(methodId);
  if (!method) throw invalid('method_id', `must be one of: ${KNOWN_METHODS}`);
  if (!method.creatable && methodGiven)
    throw ruleViolation(
      'PagerDuty recipients (method_id 14) cannot be created or set through the API; use another method',
      ['method_id'],
    );
  const problem = destinationProblem(method, recipient);
  if (problem) throw invalid('recipient', problem);
}

/** The columns a body sets, with credentials sealed and flags as 0/1. */
function columnsOf(deps: Deps, input: RecipientInput): Updateable<RecipientTable> {
  const set: Updateable<RecipientTable> = {};
  if (input.name !== undefined) set.name = input.name;
  if (input.method_id !== undefined) set.method_id = input.method_id;
  if (input.recipient !== undefined) set.recipient = input.recipient.trim();
  if (input.username !== undefined) set.username = input.username || null;
  if (input.password !== undefined)
    set.password_sealed = input.password ? deps.secrets.seal(input.password) : null;
  for (const f of FLAGS) if (input[f] !== undefined) set[f] = flag(input[f]);
  if (input.start_threshold !== undefined) set.start_threshold = input.start_threshold;
  if (input.stop_threshold !== undefined) set.stop_threshold = input.stop_threshold;
  if (input.performance_alert_type !== undefined)
    set.performance_alert_type =
      input.performance_alert_type === null ? null : String(input.performance_alert_type);
  return set;
}

// Reference §6: availability alerts on and performance alerts off unless specified; thresholds as
// in the documented example (notify from the 1st error, stop after 10 notifications).
const DEFAULTS = {
  username: null,
  password_sealed: null,
  availability_alert: 1,
  notify_on_clear: 0,
  attach_screen_capture: 0,
  attach_server_response: 0,
  start_threshold: 1,
  stop_threshold: 10,
  remote_commands: 0,
  performance_alert: 0,
  performance_alert_type: null,
  repeat_performance_alerts: 0,
};

/** Alert recipients of the caller's account (docs/alertsite-v3.md §6). */
export function recipientService(deps: Deps) {
  const { db, clock } = deps;

  async function target(p: Principal, id: number): Promise<RecipientRow> {
    const row = await store.getRecipient(db, p.accountId, id);
    if (!row) throw notFound();
    return row;
  }

  async function views(p: Principal, rows: RecipientRow[]): Promise<RecipientView[]> {
    const links = await store.recipientLinks(
      db,
      p.accountId,
      rows.map((r) => r.id),
    );
    return rows.map((r) => viewRecipient(r, links));
  }

  return {
    async list(
      p: Principal,
      query: { type?: RecipientType; method_id?: number },
      page: { limit: number; offset: number },
    ) {
      const { count, rows } = await store.listRecipients(
        db,
        p.accountId,
        {
          availability: query.type === 'Availability',
          performance: query.type === 'Performance',
          methodId: query.method_id,
        },
        page,
      );
      return { count, rows: await views(p, rows) };
    },

    async get(p: Principal, id: number): Promise<RecipientView> {
      const [view] = await views(p, [await target(p, id)]);
      return view!;
    },

    async create(p: Principal, input: RecipientInput & { recipient: string }): Promise<number> {
      const methodId = input.method_id ?? DEFAULT_METHOD_ID;
      checkDestination(methodId, input.recipient, true);
      const set = columnsOf(deps, { ...input, method_id: methodId });
      return store.insertRecipient(db, {
        ...DEFAULTS,
        ...set,
        account_id: p.accountId,
        // A nameless recipient is listed under its destination rather than as a blank line.
        name: input.name ?? input.recipient.trim(),
        method_id: methodId,
        recipient: input.recipient.trim(),
        created_at: clock.now(),
      });
    },

    async update(p: Principal, id: number, input: RecipientInput): Promise<number> {
      const row = await target(p, id);
      if (input.method_id !== undefined || input.recipient !== undefined) {
        checkDestination(
          input.method_id ?? row.method_id,
          input.recipient ?? row.recipient,
          input.method_id !== undefined && input.method_id !== row.method_id,
        );
      }
      await store.updateRecipient(db, row.id, columnsOf(deps, input));
      return row.id;
    },

    async remove(p: Principal, id: number): Promise<void> {
      const row = await target(p, id);
      await db.transaction().execute((tx) => store.deleteRecipient(tx, p.accountId, row.id));
    },
  };
}

export type RecipientService = ReturnType<typeof recipientService>;
