import { monitorViewVersion } from '../store/view-versions.ts';
import { zipSync } from 'fflate';
import type { Principal } from '../domain/principal.ts';
import { RawBody } from '../domain/raw-body.ts';
import { syncMonitorSchedule, type ScheduledWork } from '../slots/sync.ts';
import { invalid, notFound, ruleViolation } from '../domain/errors.ts';
import type { Deps } from '../deps.ts';
import * as repo from '../store/monitors.ts';
import { realLocationId } from '../config/locations.ts';
import { countMonitors, monitorViews } from '../store/monitor-views.ts';
import { COLUMN_DEFAULTS } from './common.ts';
import { convertedConfig, soapuiProject } from './convert.ts';
import type { ApiStep } from '../domain/api-step.ts';
import {
  buildConfig,
  checkHome,
  checkLocations,
  checkProperties,
  defaultLocations,
  withRealLocations,
  type MonitorBody,
} from './draft.ts';
import { monitorType, TYPE_NAMES } from './registry.ts';
import type { MonitorTypeSpec } from './types.ts';
import { parseConfig, viewMonitor } from './view.ts';

/** Types whose monitors convert-api turns into SoapUI monitors. */
export const CONVERTIBLE_TYPES = ['website-api', 'website-ssl-api'];

const flag = (b: boolean) => (b ? 1 : 0);

function specOf(type: string): MonitorTypeSpec {
  const spec = monitorType(type);
  if (!spec) throw notFound();
  return spec;
}

/** `type=website,api`: every value must be a known type (docs/compatibility.md §15), else 400 naming it. */
export function parseTypeFilter(raw: unknown): string[] | undefined {
  if (typeof raw !== 'string' || raw.trim() === '') return undefined;
  const types = raw.split(',').map((t) => t.trim());
  const bad = types.filter((t) => !TYPE_NAMES.includes(t));
  if (bad.length > 0)
    throw invalid(
      'type',
      `unknown monitor type: ${bad.join(', ')}; must be one of: ${TYPE_NAMES.join(', ')}`,
    );
  return types;
}

/** Monitors of the caller's account, with the rules of docs/alertsite-v3.md §4 and docs/compatibility.md §6. */
export function monitorService(deps: Deps) {
  const { db, clock, secrets } = deps;
  const real = (id: number) => realLocationId(deps.settings.locations, id);

  /** Wakes the workers of the edited monitor's locations (LISTEN/NOTIFY), after the commit. */
  function announce(work: ScheduledWork): void {
    if (work.locations.length === 0) return;
    deps.bus
      .publish('work', { locations: work.locations, dueAt: work.dueAt })
      .catch((err: unknown) => deps.log.warn({ err, component: 'monitors' }, 'wake-up not published'));
  }

  /** A monitor of the account, of `type` when given: another type's path is a missing record. */
  async function target(p: Principal, id: number, o: { type?: string; script?: boolean } = {}) {
    const row = await repo.getMonitorRow(db, p.accountId, id, o.script ?? false);
    if (!row || (o.type !== undefined && row.type !== o.type)) throw notFound();
    return row;
  }

  async function download(p: Principal, id: number): Promise<RawBody> {
    const row = await target(p, id, { script: true });
    const spec = monitorType(row.type);
    if (!spec?.script || row.script === null) throw notFound();
    const file = spec.script.fileName(row.name);
    const zip = zipSync({ [file]: spec.script.bytes(row.script) });
    return new RawBody('application/zip', zip, {
      'content-disposition': `attachment; filename="${file.replace(/\.[^.]+$/, '')}.zip"`,
    });
  }

  return {
    /** Changes with every write to what the account's monitor views show (store/view-versions.ts). */
    viewVersion: (p: Principal) => monitorViewVersion(db, p.accountId),

    async list(p: Principal, query: Record<string, unknown>, page: { limit: number; offset: number }) {
      const showScripts = query.show_scripts === true;
      const types = parseTypeFilter(query.type);
      // One statement: the page (deferred join), its relations and the total.
      const got = await monitorViews(db, deps.dialect, {
        accountId: p.accountId,
        types,
        withScript: showScripts,
        page,
      });
      const count = got.total ?? (await countMonitors(db, p.accountId, types));
      return { count, rows: got.rows.map((r) => viewMonitor(r, got.relations, showScripts)) };
    },

    async get(p: Principal, id: number, query: Record<string, unknown>): Promise<object> {
      // download_script wins over show_scripts and select (docs/alertsite-v3.md §4.2).
      if (query.download_script === true) return download(p, id);
      const showScripts = query.show_scripts === true;
      // One statement: the row with its relations (was five).
      const got = await monitorViews(db, deps.dialect, {
        accountId: p.accountId,
        id,
        withScript: showScripts,
      });
      const row = got.rows[0];
      if (!row) throw notFound();
      return viewMonitor(row, got.relations, showScripts);
    },

    async create(p: Principal, type: string, sent: MonitorBody): Promise<number> {
      const spec = specOf(type);
      const body = withRealLocations(sent, real);
      if (!spec.creatable)
        throw ruleViolation(`${spec.title}s cannot be created through this API; create them by import.`);
      const script = body.script ?? null;
      const config = buildConfig(spec, body, null, script, secrets);
      const locations = body.locations
        ? await checkLocations(db, p.accountId, body.locations)
        : await defaultLocations(db, p.accountId);
      const home = body.home_location ?? locations[0]!;
      checkHome(home, locations);
      const properties = body.custom_properties
        ? await checkProperties(db, p.accountId, body.custom_properties)
        : [];
      const now = clock.now();
      return db
        .transaction()
        .execute(async (tx) => {
          const id = await repo.insertMonitor(tx, {
            account_id: p.accountId,
            type,
            name: body.name as string,
            enabled: flag((body.enabled as boolean | undefined) ?? COLUMN_DEFAULTS.enabled),
            interval: (body.interval as number | undefined) ?? COLUMN_DEFAULTS.interval,
            timeout: (body.timeout as number | undefined) ?? COLUMN_DEFAULTS.timeout,
            mode: (body.mode as string | undefined) ?? COLUMN_DEFAULTS.mode,
            home_location: home,
            billing_plancode:
              (body.billing_plancode as string | undefined) ?? COLUMN_DEFAULTS.billing_plancode,
            config: JSON.stringify(config),
            script,
            created_at: now,
            updated_at: now,
          });
          await repo.replaceMonitorLocations(tx, id, locations);
          await repo.replaceMonitorProperties(tx, id, properties);
          return { id, work: await syncMonitorSchedule(tx, id, now) };
        })
        .then(({ id, work }) => {
          announce(work);
          return id;
        });
    },

    /** Read, check and write in one transaction, the row locked: concurrent PATCHes never lose a change. */
    async update(p: Principal, type: string, id: number, sent: MonitorBody): Promise<number> {
      const spec = specOf(type);
      const body = withRealLocations(sent, real);
      const work = await db.transaction().execute(async (tx) => {
        const row = await repo.getMonitorRow(tx, p.accountId, id, spec.script !== undefined, deps.dialect);
        if (!row || row.type !== type) throw notFound();
        const script = body.script ?? row.script;
        const config = buildConfig(spec, body, parseConfig(row.config), script, secrets);
        const locations = body.locations ? await checkLocations(tx, p.accountId, body.locations) : null;
        const current = locations ?? (await repo.monitorLocationIds(tx, id));
        let home = body.home_location ?? row.home_location ?? current[0] ?? null;
        // New locations without the old home: the first new one becomes home.
        if (body.home_location === undefined && home !== null && !current.includes(home))
          home = current[0] ?? null;
        if (home !== null) checkHome(home, current);
        const properties = body.custom_properties
          ? await checkProperties(tx, p.accountId, body.custom_properties)
          : null;

        await repo.updateMonitor(tx, id, {
          ...(body.name !== undefined && { name: body.name as string }),
          ...(body.enabled !== undefined && { enabled: flag(body.enabled as boolean) }),
          ...(body.interval !== undefined && { interval: body.interval as number }),
          ...(body.timeout !== undefined && { timeout: body.timeout as number }),
          ...(body.mode !== undefined && { mode: body.mode as string }),
          ...(body.billing_plancode !== undefined && { billing_plancode: body.billing_plancode as string }),
          home_location: home,
          config: JSON.stringify(config),
          ...(body.script !== undefined && { script: body.script }),
          updated_at: clock.now(),
        });
        if (locations) await repo.replaceMonitorLocations(tx, id, locations);
        if (properties) await repo.replaceMonitorProperties(tx, id, properties);
        return syncMonitorSchedule(tx, id, clock.now());
      });
      announce(work);
      return id;
    },

    async remove(p: Principal, id: number): Promise<void> {
      const gone = await db.transaction().execute(async (tx) => {
        const deleted = await repo.deleteMonitor(tx, p.accountId, id);
        if (deleted) await syncMonitorSchedule(tx, id, clock.now());
        return deleted;
      });
      if (!gone) throw notFound();
    },

    /** A copy with a new name: locations and custom properties too; blackouts and SLA not. */
    async clone(p: Principal, id: number, name: string): Promise<number> {
      const row = await target(p, id, { script: true });
      const now = clock.now();
      return db
        .transaction()
        .execute(async (tx) => {
          const { id: _id, ...copy } = row;
          const newId = await repo.insertMonitor(tx, { ...copy, name, created_at: now, updated_at: now });
          await repo.copyMonitorLinks(tx, id, newId);
          return { newId, work: await syncMonitorSchedule(tx, newId, now) };
        })
        .then(({ newId, work }) => {
          announce(work);
          return newId;
        });
    },

    /** API endpoint monitor → SoapUI monitor, keeping its id (one-way). */
    async convertToSoapui(p: Principal, type: string, id: number): Promise<number> {
      const row = await target(p, id, { type });
      const previous = parseConfig(row.config);
      const script = soapuiProject(row.name, (previous.api_steps as ApiStep[] | undefined) ?? []);
      const work = await db.transaction().execute(async (tx) => {
        await repo.updateMonitor(tx, id, {
          type: 'api',
          config: JSON.stringify(convertedConfig(previous)),
          script,
          updated_at: clock.now(),
        });
        return syncMonitorSchedule(tx, id, clock.now());
      });
      announce(work);
      return id;
    },
  };
}

export type MonitorService = ReturnType<typeof monitorService>;
