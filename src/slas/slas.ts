import { realLocationId } from '../config/locations.ts';
import type { Principal } from '../domain/principal.ts';
import { invalid, notFound, ruleViolation } from '../domain/errors.ts';
import type { Deps } from '../deps.ts';
import { getAccount } from '../store/accounts.ts';
import type { Db } from '../store/db.ts';
import { isUniqueViolation } from '../store/errors.ts';
import * as store from '../store/slas.ts';
import {
  DEFAULT_PERIOD,
  exclusionRows,
  isFullPage,
  isSlaMode,
  objectiveColumns,
  periodRows,
  type ExclusionInput,
  type Objectives,
  type PeriodInput,
} from './rules.ts';
import { slaViews, type SlaView } from './view.ts';

export interface SlaPatch extends Objectives {
  /** Non-empty. */
  name?: string;
  /** Non-empty. */
  description?: string;
  /** Replaces every period. */
  operating_periods?: PeriodInput[];
  /** Replaces every exclusion. */
  exclusions?: ExclusionInput[];
}

export interface NewSla extends SlaPatch {
  /** The monitor to measure: one of the account's, without an SLA yet. */
  monitor_id: number;
  name: string;
  availability: number;
  response_time: number;
}

/** The rule of docs/alertsite-v3.md §11.2, as a 400 naming it (docs/compatibility.md §15). */
export const oneSlaPerMonitor = (monitorId: number) =>
  ruleViolation(`monitor ${monitorId} already has an SLA: a monitor has at most one`, ['monitor_id']);

function checkText(field: string, value: string | undefined): void {
  if (value !== undefined && value.trim() === '') throw invalid(field, 'required and is empty');
}

/** The account's zone, in which exclusion dates are read (docs/compatibility.md §4). */
export async function accountZone(db: Db, accountId: number): Promise<string> {
  return (await getAccount(db, accountId))?.timezone ?? 'UTC';
}

/**
 * Exclusion rows for one monitor, checked against its locations; `real` turns a location alias
 * into the real id (docs/compatibility.md §7).
 */
async function exclusionsFor(
  db: Db,
  accountId: number,
  monitorId: number,
  sent: ExclusionInput[],
  real: (id: number) => number,
) {
  if (sent.length === 0) return [];
  const items = sent.map((e) =>
    typeof e.location_id === 'number' ? { ...e, location_id: real(e.location_id) } : e,
  );
  const [zone, locations] = await Promise.all([
    accountZone(db, accountId),
    store.locationsOfMonitors(db, [monitorId]),
  ]);
  const mine = locations.get(monitorId) ?? new Set<number>();
  return exclusionRows(items, zone, (id) => mine.has(id));
}

/** SLAs of an account (docs/alertsite-v3.md §11): one per monitor, objectives, periods and exclusions. */
export function slaService(deps: Deps) {
  const { db, dialect, clock } = deps;
  const real = (id: number) => realLocationId(deps.settings.locations, id);

  async function view(p: Principal, row: store.SlaRow | undefined): Promise<SlaView> {
    if (!row) throw notFound();
    return (await slaViews(db, [row], { accountId: p.accountId, now: clock.now() }))[0]!;
  }

  return {
    async list(p: Principal, page: { limit: number; offset: number }) {
      const { count, rows } = await store.listSlas(db, p.accountId, page);
      return { count, rows: await slaViews(db, rows, { accountId: p.accountId, now: clock.now() }) };
    },

    get: async (p: Principal, id: number) => view(p, await store.getSla(db, p.accountId, id)),

    /** `GET /slas?monitor_id=`: the monitor's SLA; 404 when it has none or is not the account's. */
    ofMonitor: async (p: Principal, monitorId: number) =>
      view(p, await store.getSlaOfMonitor(db, p.accountId, monitorId)),

    async create(p: Principal, input: NewSla): Promise<number> {
      checkText('name', input.name);
      checkText('description', input.description);
      const [monitor] = await store.monitorsForSla(db, p.accountId, [input.monitor_id]);
      if (!monitor) throw invalid('monitor_id', 'is not a monitor of this account');
      if (monitor.sla_id !== null) throw oneSlaPerMonitor(monitor.id);
      // Documented as required only where they apply (docs/alertsite-v3.md §11.2).
      if (isSlaMode(monitor.mode) && input.uptime === undefined)
        throw invalid('uptime', 'required and is empty');
      if (isFullPage(monitor.config) && input.use_fullpage_time === undefined)
        throw invalid('use_fullpage_time', 'required and is empty');
      const objectives = objectiveColumns(input);
      const periods = periodRows(input.operating_periods ?? [DEFAULT_PERIOD]);
      const exclusions = await exclusionsFor(db, p.accountId, monitor.id, input.exclusions ?? [], real);
      try {
        return await db.transaction().execute(async (tx) => {
          const id = await store.insertSla(tx, {
            account_id: p.accountId,
            monitor_id: monitor.id,
            name: input.name,
            description: input.description ?? monitor.name,
            availability: objectives.availability!,
            response_time: objectives.response_time!,
            uptime: objectives.uptime ?? null,
            secondary_response_time: objectives.secondary_response_time ?? 0,
            use_fullpage_time: objectives.use_fullpage_time ?? 0,
            created_at: clock.now(),
          });
          await store.replacePeriods(tx, [id], periods);
          await store.insertExclusions(tx, [id], exclusions);
          return id;
        });
      } catch (err) {
        // Two creates for one monitor raced past the check above: the unique index decides.
        if (isUniqueViolation(err)) throw oneSlaPerMonitor(monitor.id);
        throw err;
      }
    },

    async update(p: Principal, id: number, patch: SlaPatch): Promise<number> {
      checkText('name', patch.name);
      checkText('description', patch.description);
      const objectives = objectiveColumns(patch);
      const periods = patch.operating_periods && periodRows(patch.operating_periods);
      return db.transaction().execute(async (tx) => {
        const [row] = await store.lockSlas(tx, dialect, p.accountId, [id]);
        if (!row) throw notFound();
        const exclusions =
          patch.exclusions && (await exclusionsFor(tx, p.accountId, row.monitor_id, patch.exclusions, real));
        const set = { ...objectives, name: patch.name, description: patch.description };
        await store.updateSlas(
          tx,
          [id],
          Object.fromEntries(Object.entries(set).filter(([, v]) => v !== undefined)),
        );
        if (periods) await store.replacePeriods(tx, [id], periods);
        if (exclusions) {
          await store.deleteExclusions(tx, [id]);
          await store.insertExclusions(tx, [id], exclusions);
        }
        return id;
      });
    },

    async remove(p: Principal, id: number): Promise<void> {
      await db.transaction().execute(async (tx) => {
        const [row] = await store.lockSlas(tx, dialect, p.accountId, [id]);
        if (!row) throw notFound();
        await store.deleteSla(tx, id);
      });
    },
  };
}
