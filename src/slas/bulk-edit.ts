import type { Principal } from '../domain/principal.ts';
import { invalid, ruleViolation } from '../domain/errors.ts';
import type { Deps } from '../deps.ts';
import * as store from '../store/slas.ts';
import {
  exclusionRows,
  objectiveColumns,
  periodRows,
  type ExclusionInput,
  type Objectives,
  type PeriodInput,
} from './rules.ts';
import { accountZone } from './slas.ts';

export interface SlaBulkEdit extends Objectives {
  /** Monitors of the account that already have an SLA. */
  monitors: number[];
  /** Apply the objective fields that are present. */
  update_sla_objectives?: boolean;
  /** Replace every period with `operating_periods`. */
  update_operating_periods?: boolean;
  /** Add (`append`) or replace (`update`) exclusions with `exclusions`. */
  update_exclusions?: boolean;
  operating_periods?: PeriodInput[];
  /** Default `append`, the documented value; `update` replaces (as in blackouts' bulk-edit). */
  update_exclusions_action?: 'append' | 'update';
  exclusions?: ExclusionInput[];
}

/** What one monitor's SLA became: `{"monitor_id": "7", "ids": ["12"]}` (docs/compatibility.md §15). */
export interface BulkResult {
  /** The monitor, as a string id. */
  monitor_id: string;
  /** Its updated SLA, as string ids. */
  ids: string[];
}

const FLAGS = ['update_sla_objectives', 'update_operating_periods', 'update_exclusions'];

/** The request's own consistency, checked before any database work. */
function plan(input: SlaBulkEdit) {
  if (!input.update_sla_objectives && !input.update_operating_periods && !input.update_exclusions)
    throw ruleViolation(`at least one of ${FLAGS.join(', ')} must be true`, FLAGS);
  const objectives = input.update_sla_objectives ? objectiveColumns(input) : {};
  if (input.update_sla_objectives && Object.keys(objectives).length === 0)
    throw ruleViolation(
      'update_sla_objectives needs at least one of availability, uptime, response_time, secondary_response_time, use_fullpage_time',
      ['update_sla_objectives'],
    );
  let periods: store.NewPeriod[] | undefined;
  if (input.update_operating_periods) {
    if (!input.operating_periods?.length) throw invalid('operating_periods', 'required and is empty');
    periods = periodRows(input.operating_periods);
  }
  if (input.update_exclusions && input.exclusions === undefined)
    throw invalid('exclusions', 'required and is empty');
  return { objectives, periods };
}

/** `POST /slas/bulk-edit`: all-or-nothing in one transaction. */
export function slaBulkEdit(deps: Deps) {
  const { db, dialect } = deps;
  return async (p: Principal, input: SlaBulkEdit): Promise<{ results: BulkResult[] }> => {
    const { objectives, periods } = plan(input);
    const monitorIds = [...new Set(input.monitors)];
    return db.transaction().execute(async (tx) => {
      const found = await store.monitorsForSla(tx, p.accountId, monitorIds);
      const slaOf = new Map(found.filter((m) => m.sla_id !== null).map((m) => [m.id, m.sla_id!]));
      const bad = monitorIds.filter((id) => !slaOf.has(id));
      if (bad.length > 0)
        throw ruleViolation(`not monitors of this account with an SLA: ${bad.join(', ')}`, ['monitors']);
      const slaIds = monitorIds.map((id) => slaOf.get(id)!);
      await store.lockSlas(tx, dialect, p.accountId, slaIds);

      let exclusions: store.NewExclusion[] | undefined;
      if (input.update_exclusions) {
        const [zone, locations] = await Promise.all([
          accountZone(tx, p.accountId),
          store.locationsOfMonitors(tx, monitorIds),
        ]);
        for (const id of monitorIds) {
          const mine = locations.get(id)!;
          exclusions = exclusionRows(input.exclusions!, zone, (l) => mine.has(l), `monitor ${id}'s`);
        }
      }

      await store.updateSlas(tx, slaIds, objectives);
      if (periods) await store.replacePeriods(tx, slaIds, periods);
      if (exclusions) {
        if (input.update_exclusions_action === 'update') await store.deleteExclusions(tx, slaIds);
        await store.insertExclusions(tx, slaIds, exclusions);
      }
      return {
        results: monitorIds.map((id) => ({ monitor_id: String(id), ids: [String(slaOf.get(id))] })),
      };
    });
  };
}
