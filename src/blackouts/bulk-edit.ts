import type { Principal } from '../domain/principal.ts';
import { ApiError } from '../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { getAccount } from '../store/accounts.ts';
import * as store from '../store/blackouts.ts';
import { checkOneTime, checkRecurring, mustPass, type CheckedWindow } from './input.ts';
import { zoneOf } from './local-time.ts';
import type { BulkEditInput } from './schema.ts';
import { windowColumns } from './service.ts';

export type { BulkEditInput };

/** The answer: per monitor (in request order), the ids created for it (docs/compatibility.md §15). */
export interface BulkEditResult {
  /** One entry per distinct monitor; ids are strings, as in `{"id"}` answers. */
  results: { monitor_id: string; ids: string[] }[];
}

interface Planned {
  /** The checked window. */
  window: CheckedWindow;
  /** Monitor or Alert. */
  type: string;
  /** Free text. */
  note: string | null;
}

/** Checks every blackout of the body before anything is written; one 400 lists all problems. */
function plan(input: BulkEditInput, zone: ReturnType<typeof zoneOf>, now: number): Planned[] {
  return mustPass((problems) => {
    const out: Planned[] = [];
    const oneTime = input.update_one_time ? (input.one_time_blackouts ?? []) : [];
    const recurring = input.update_persistent ? (input.persistent_blackouts ?? []) : [];
    oneTime.forEach((b, i) => {
      const window = checkOneTime(b, zone, now, problems, `one_time_blackouts[${i}].`);
      if (window) out.push({ window, type: b.type, note: b.note ?? null });
    });
    recurring.forEach((b, i) => {
      const window = checkRecurring(b, problems, `persistent_blackouts[${i}].`);
      if (window) out.push({ window, type: b.type, note: b.note ?? null });
    });
    return out;
  });
}

/**
 * Adds or replaces the blackouts of many monitors at once, all or nothing in one transaction.
 * "update" replaces the monitors' blackouts of that kind; one-time blackouts that have started
 * stay, as history that DELETE would refuse to remove too.
 */
export async function bulkEditBlackouts(
  deps: Deps,
  p: Principal,
  input: BulkEditInput,
): Promise<BulkEditResult> {
  const { db, dialect, clock } = deps;
  const now = clock.now();
  const zone = zoneOf((await getAccount(db, p.accountId))?.timezone ?? 'UTC');
  const planned = plan(input, zone, now);
  const monitorIds = [...new Set(input.monitors)];

  const created = await db.transaction().execute(async (tx) => {
    // Ids outside the integer column's range cannot be monitors; keep them away from the driver.
    const candidates = monitorIds.filter((id) => id >= 1 && id <= 2_147_483_647);
    const owned = await store.lockOwnedMonitors(tx, dialect, p.accountId, candidates);
    const foreign = monitorIds.find((id) => !owned.has(id));
    if (foreign !== undefined) {
      throw new ApiError(
        403,
        `forbidden - ${foreign} is not a monitor of this account; nothing was changed.`,
        ['monitors'],
      );
    }
    if (input.update_one_time && input.update_one_time_action === 'update') {
      await store.deleteMonitorBlackoutsOfKind(tx, p.accountId, monitorIds, {
        persistent: false,
        after: now,
      });
    }
    if (input.update_persistent && input.update_persistent_action === 'update') {
      await store.deleteMonitorBlackoutsOfKind(tx, p.accountId, monitorIds, { persistent: true });
    }
    const rows = monitorIds.flatMap((monitorId) =>
      planned.map((b) => ({
        account_id: p.accountId,
        type: b.type,
        assoc_id: monitorId,
        ...windowColumns(b.window),
        note: b.note,
        login: p.email,
        date_added: now,
      })),
    );
    return store.insertBlackouts(tx, rows);
  });

  const byMonitor = new Map<number, string[]>(monitorIds.map((id) => [id, []]));
  for (const row of created) byMonitor.get(row.assoc_id)?.push(String(row.id));
  return { results: [...byMonitor].map(([id, ids]) => ({ monitor_id: String(id), ids })) };
}
