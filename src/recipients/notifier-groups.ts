import type { Principal } from '../domain/principal.ts';
import { notFound, ruleViolation } from '../domain/errors.ts';
import { statusCode } from '../domain/status-codes.ts';
import type { Deps } from '../deps.ts';
import type { Db } from '../store/db.ts';
import * as store from '../store/notifier-groups.ts';
import type { GroupMembers, GroupRow } from '../store/notifier-groups.ts';
import { checkedMembers, stepName } from './group-members.ts';
import type { GroupInput, GroupView } from './group-schema.ts';
import { alertTemplate } from './templates.ts';

export type { GroupInput, GroupView };

export function viewGroup(row: GroupRow, members: GroupMembers): GroupView {
  return {
    id: row.id,
    name: row.name,
    is_default: row.is_default === 1,
    monitors: (members.monitors.get(row.id) ?? []).map((m) => ({
      id: m.id,
      name: m.name,
      step_number: m.step_number,
      step_name: stepName(m.config, m.step_number),
    })),
    recipients: members.recipients.get(row.id) ?? [],
    errortypes: (members.errortypes.get(row.id) ?? []).map((code) => ({
      id: code,
      description: statusCode(code)?.title ?? '',
    })),
    templates: (members.templates.get(row.id) ?? []).map((id) => {
      const t = alertTemplate(id);
      return { id, name: t?.name ?? '', alert_description_short: t?.alert_description_short ?? '' };
    }),
  };
}

/** A monitor or recipient checked a moment ago was deleted before the write: say so, not 500. */
async function racing<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (err) {
    if (store.isForeignKeyViolation(err))
      throw ruleViolation('a monitor or recipient of the group was deleted meanwhile; send it again', [
        'monitors',
        'recipients',
      ]);
    throw err;
  }
}

/** Recipient groups of the caller's account (docs/alertsite-v3.md §7). */
export function notifierGroupService(deps: Deps) {
  const { db, dialect, clock } = deps;

  async function target(p: Principal, id: number): Promise<GroupRow> {
    const row = await store.getGroup(db, p.accountId, id);
    if (!row) throw notFound();
    return row;
  }

  async function views(p: Principal, rows: GroupRow[]): Promise<GroupView[]> {
    const members = await store.groupMembers(
      db,
      p.accountId,
      rows.map((r) => r.id),
    );
    return rows.map((r) => viewGroup(r, members));
  }

  /** Making a group the default clears the account's previous default in the same transaction. */
  async function takeDefault(tx: Db, accountId: number, groupId: number | null): Promise<void> {
    await store.lockAccountGroups(tx, dialect, accountId);
    await store.clearDefaultGroup(tx, accountId, groupId);
  }

  return {
    async list(
      p: Principal,
      query: { monitor_id?: number; monidor_id?: number; recipient_id?: number },
      page: { limit: number; offset: number },
    ) {
      // `monidor_id` is the docs' own spelling (docs/compatibility.md §15); both given must both match.
      const monitorIds = [query.monitor_id, query.monidor_id].filter((x): x is number => x !== undefined);
      const { count, rows } = await store.listGroups(
        db,
        p.accountId,
        { monitorIds: [...new Set(monitorIds)], recipientId: query.recipient_id },
        page,
      );
      return { count, rows: await views(p, rows) };
    },

    async get(p: Principal, id: number): Promise<GroupView> {
      const [view] = await views(p, [await target(p, id)]);
      return view!;
    },

    async create(p: Principal, input: GroupInput & { name: string }): Promise<number> {
      const members = await checkedMembers(db, p.accountId, input);
      return racing(() =>
        db.transaction().execute(async (tx) => {
          if (input.is_default) await takeDefault(tx, p.accountId, null);
          const id = await store.insertGroup(tx, {
            account_id: p.accountId,
            name: input.name,
            is_default: input.is_default ? 1 : 0,
            created_at: clock.now(),
          });
          await store.replaceGroupMembers(tx, id, members);
          return id;
        }),
      );
    },

    async update(p: Principal, id: number, input: GroupInput): Promise<number> {
      const row = await target(p, id);
      const members = await checkedMembers(db, p.accountId, input);
      await racing(() =>
        db.transaction().execute(async (tx) => {
          // Account row before group row, the order every default change takes (no deadlock).
          if (input.is_default) await store.lockAccountGroups(tx, dialect, p.accountId);
          if (!(await store.lockGroup(tx, dialect, p.accountId, row.id))) throw notFound();
          if (input.is_default) await store.clearDefaultGroup(tx, p.accountId, row.id);
          await store.updateGroup(tx, row.id, {
            ...(input.name !== undefined ? { name: input.name } : {}),
            ...(input.is_default !== undefined ? { is_default: input.is_default ? 1 : 0 } : {}),
          });
          await store.replaceGroupMembers(tx, row.id, members);
        }),
      );
      return row.id;
    },

    async remove(p: Principal, id: number): Promise<void> {
      const row = await target(p, id);
      // Member rows go with the group (ON DELETE CASCADE); monitors and recipients stay.
      await store.deleteGroup(db, p.accountId, row.id);
    },
  };
}

export type NotifierGroupService = ReturnType<typeof notifierGroupService>;
