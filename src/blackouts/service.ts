import type { Principal } from '../domain/principal.ts';
import { isoSeconds } from '../domain/clock.ts';
import { notFound, ruleViolation } from '../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { getAccount } from '../store/accounts.ts';
import * as store from '../store/blackouts.ts';
import type { BlackoutRow } from '../store/blackouts.ts';
import {
  checkRecurring,
  checkWindow,
  mustPass,
  normalType,
  type BlackoutFields,
  type CheckedWindow,
} from './input.ts';
import { zoneOf } from './local-time.ts';
import type { BlackoutPatch, BlackoutView, NewBlackoutInput } from './schema.ts';
import { BLACKOUT_TYPES, type BlackoutType } from './window.ts';

export type { BlackoutPatch, BlackoutView, NewBlackoutInput };

/** Filters of the list, as the query string gives them. */
export interface BlackoutQuery {
  /** Comma-separated types; Recipient means Notifier. */
  type?: string;
  /** Only blackouts of this monitor or recipient. */
  assoc_id?: number;
  /** true: recurring only; false or absent: both kinds. */
  persistent?: boolean;
}

export function viewBlackout(row: BlackoutRow): BlackoutView {
  return {
    id: row.id,
    assoc_id: row.assoc_id,
    type: row.type,
    persistent: row.persistent === 1,
    from_date: row.from_date,
    thru_date: row.thru_date,
    start_day: row.start_day,
    start_time: row.start_time,
    end_day: row.end_day,
    end_time: row.end_time,
    note: row.note,
    login: row.login,
    date_added: isoSeconds(row.date_added),
  };
}

/** The stored columns of a checked window; the other kind's columns are null. */
export function windowColumns(w: CheckedWindow) {
  const noDates = { from_date: null, thru_date: null, from_at: null, thru_at: null };
  const noWeek = { start_day: null, start_time: null, end_day: null, end_time: null };
  return w.persistent
    ? {
        persistent: 1,
        ...noDates,
        start_day: w.startDay,
        start_time: w.startTime,
        end_day: w.endDay,
        end_time: w.endTime,
      }
    : {
        persistent: 0,
        ...noWeek,
        from_date: w.fromDate,
        thru_date: w.thruDate,
        from_at: w.fromAt,
        thru_at: w.thruAt,
      };
}

/** `type=Monitor,Alert`: each value known (docs/compatibility.md §15: an unknown one is a 400 naming it). */
function typesFilter(text: string | undefined): BlackoutType[] | undefined {
  if (text === undefined) return undefined;
  const types = text.split(',').map((t) => t.trim());
  const bad = types.find((t) => !(BLACKOUT_TYPES as readonly string[]).includes(normalType(t)));
  if (bad !== undefined) {
    throw ruleViolation(`type "${bad}" must be one of: Monitor, Alert, Notifier, Recipient`, ['type']);
  }
  return [...new Set(types.map(normalType))];
}

/** Blackouts of the caller's account, with their rules (docs/alertsite-v3.md §5, docs/compatibility.md §15). */
export function blackoutService(deps: Deps) {
  const { db, clock } = deps;

  async function target(p: Principal, id: number): Promise<BlackoutRow> {
    const row = await store.getBlackout(db, p.accountId, id);
    if (!row) throw notFound();
    return row;
  }

  /** assoc_id must name a monitor (Monitor, Alert) or a recipient (Notifier) of the account. */
  async function checkAssoc(p: Principal, type: BlackoutType, assocId: number): Promise<void> {
    const kind = type === 'Notifier' ? 'recipient' : 'monitor';
    if (!(await store.assocExists(db, p.accountId, kind, assocId))) {
      throw ruleViolation(`must name a ${kind} of this account (type ${type})`, ['assoc_id']);
    }
  }

  async function accountZone(p: Principal) {
    return zoneOf((await getAccount(db, p.accountId))?.timezone ?? 'UTC');
  }

  return {
    async list(p: Principal, q: BlackoutQuery, page: { limit: number; offset: number }) {
      const { count, rows } = await store.listBlackouts(
        db,
        p.accountId,
        { types: typesFilter(q.type), assocId: q.assoc_id, recurringOnly: q.persistent === true },
        page,
      );
      return { count, rows: rows.map(viewBlackout) };
    },

    async get(p: Principal, id: number): Promise<BlackoutView> {
      return viewBlackout(await target(p, id));
    },

    async create(p: Principal, input: NewBlackoutInput): Promise<number> {
      const type = normalType(input.type);
      const zone = await accountZone(p);
      const window = mustPass((problems) => checkWindow(input, zone, clock.now(), problems));
      await checkAssoc(p, type, input.assoc_id);
      const [created] = await store.insertBlackouts(db, [
        {
          account_id: p.accountId,
          type,
          assoc_id: input.assoc_id,
          ...windowColumns(window),
          note: input.note ?? null,
          login: p.email,
          date_added: clock.now(),
        },
      ]);
      return created!.id;
    },

    async update(p: Principal, id: number, patch: BlackoutPatch): Promise<number> {
      const row = await target(p, id);
      if (row.persistent !== 1) {
        throw ruleViolation(
          'A one-time blackout cannot be edited; delete it and create a new one. Only recurring blackouts can be edited.',
        );
      }
      const merged: BlackoutFields = {
        start_day: patch.start_day !== undefined ? patch.start_day : row.start_day,
        start_time: pick(patch.start_time, patch.from_time, row.start_time),
        end_day: patch.end_day !== undefined ? patch.end_day : row.end_day,
        end_time: pick(patch.end_time, patch.thru_time, row.end_time),
      };
      const window = mustPass((problems) => checkRecurring(merged, problems));
      const type = patch.type === undefined ? (row.type as BlackoutType) : normalType(patch.type);
      const assocId = patch.assoc_id ?? row.assoc_id;
      if (type !== row.type || assocId !== row.assoc_id) await checkAssoc(p, type, assocId);
      await store.updateBlackout(db, p.accountId, id, {
        type,
        assoc_id: assocId,
        ...windowColumns(window),
        ...(patch.note !== undefined ? { note: patch.note } : {}),
      });
      return id;
    },

    async remove(p: Principal, id: number): Promise<void> {
      const row = await target(p, id);
      if (row.persistent !== 1 && (row.from_at ?? 0) <= clock.now()) {
        throw ruleViolation(
          'A one-time blackout that has started or ended cannot be deleted; only future one-time blackouts and recurring blackouts can be.',
        );
      }
      await store.deleteBlackout(db, p.accountId, id);
    },
  };
}

/** The patched value: the field itself, else its alias, else what is stored. */
function pick<T>(value: T | undefined, alias: T | undefined, stored: T): T {
  if (value !== undefined) return value;
  return alias !== undefined ? alias : stored;
}

export type BlackoutService = ReturnType<typeof blackoutService>;
