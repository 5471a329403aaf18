import { ClientError, listAll, request, type SitewatchClient } from '../client/index.ts';
import type { Db } from '../store/db.ts';
import { listImportSources, recordImportSource, type ImportSourceRow } from '../store/import-sources.ts';
import {
  blackoutBody,
  CREDENTIAL_METHODS,
  fingerprint,
  groupBody,
  monitorBody,
  monitorSecretsToReenter,
  propertyBody,
  recipientBody,
  slaBody,
  type IdMaps,
  type Mapped,
  type Obj,
} from './bodies.ts';

// `sitewatch import alertsite`: reads an AlertSite v3 account page by page through the typed
// client (retries, re-login on 401) and writes it into a local account through the local API
// (same validation and services as any client), remembering each source id in import_sources
// so that a second run updates what changed and never duplicates.

/** The kinds imported, in dependency order (monitors need properties; groups need monitors…). */
export const IMPORT_KINDS = [
  'property',
  'recipient',
  'monitor',
  'notifier_group',
  'blackout',
  'sla',
] as const;
export type ImportKind = (typeof IMPORT_KINDS)[number];

/** What happened to one source row. */
export interface ItemResult {
  kind: ImportKind;
  sourceId: string;
  name: string;
  outcome: 'created' | 'updated' | 'unchanged' | 'skipped' | 'failed';
  reason?: string;
  localId?: string;
}

/** The whole run: one result per source row plus what the operator must do by hand. */
export interface ImportReport {
  items: ItemResult[];
  /** Rows whose passwords cannot be read from the source: re-enter them locally. */
  reenter: { kind: ImportKind; name: string; localId?: string; fields: string[] }[];
  /** Monitors using source locations with no local counterpart. */
  unmapped: { monitor: string; sourceId: string; locations: number[] }[];
  /** Rows imported earlier that the source no longer has: kept locally, reported. */
  deletedAtSource: { kind: ImportKind; sourceId: string; localId: string }[];
}

export interface ImportOptions {
  source: SitewatchClient;
  /** The local API (in process) acting as the target account's ADMIN. */
  target: SitewatchClient;
  db: Db;
  accountId: number;
  /** Origin of the source, the key of import_sources. */
  sourceUrl: string;
  /** Source location id → local id (mapping file and location aliases); identical ids map too. */
  locationMap: ReadonlyMap<number, number>;
  dryRun: boolean;
  now: () => number;
  onProgress?: (e: { kind: ImportKind; done: number; total: number }) => void;
}

interface KindSpec {
  path: string;
  query?: Record<string, string | number | boolean>;
  map(view: Obj, ids: IdMaps): Mapped;
  label(view: Obj): string;
}

const KINDS: Record<ImportKind, KindSpec> = {
  property: { path: '/properties', map: (v) => propertyBody(v), label: (v) => String(v.name) },
  recipient: {
    path: '/recipients',
    map: (v) => recipientBody(v),
    label: (v) => `${String(v.name)} <${String(v.recipient)}>`,
  },
  monitor: {
    path: '/monitors',
    query: { show_scripts: true },
    map: monitorBody,
    label: (v) => `${String(v.name)} (${String(v.type)})`,
  },
  notifier_group: { path: '/notifier-groups', map: groupBody, label: (v) => String(v.name) },
  blackout: {
    path: '/blackouts',
    map: blackoutBody,
    label: (v) => `${String(v.type)} blackout of ${String(v.assoc_id)}`,
  },
  sla: { path: '/slas', map: slaBody, label: (v) => String(v.name) },
};

const V3 = '/api/v3';
const idOf = (r: unknown) => String((r as { id: unknown }).id);

/** Runs the import; never throws for one bad row (it is reported as failed). */
export async function importAlertSite(o: ImportOptions): Promise<ImportReport> {
  const report: ImportReport = { items: [], reenter: [], unmapped: [], deletedAtSource: [] };
  const localLocations = new Set(
    (await listAll<{ id: number }>(o.target, `${V3}/locations`)).map((l) => l.id),
  );
  const ids: IdMaps = {
    monitor: new Map(),
    recipient: new Map(),
    property: new Map(),
    propertyValue: new Map(),
    location: (id) => o.locationMap.get(id) ?? (localLocations.has(id) ? id : undefined),
  };
  const records = new Map(
    (await listImportSources(o.db, o.accountId, o.sourceUrl)).map((r) => [`${r.kind}:${r.source_id}`, r]),
  );
  for (const kind of IMPORT_KINDS) {
    const spec = KINDS[kind];
    const rows = await listAll<Obj>(
      o.source,
      `${V3}${spec.path}`,
      spec.query ?? {},
      kind === 'monitor' ? 500 : 1000,
    );
    const local = new Map((await listAll<Obj>(o.target, `${V3}${spec.path}`)).map((r) => [idOf(r), r]));
    const seen = new Set<string>();
    let done = 0;
    o.onProgress?.({ kind, done, total: rows.length });
    const step = async (view: Obj) => {
      const sourceId = idOf(view);
      seen.add(sourceId);
      const result = await importOne(o, kind, view, ids, records.get(`${kind}:${sourceId}`), local, report);
      report.items.push(result);
      if (result.localId !== undefined) remember(kind, view, Number(result.localId), ids);
      if (kind === 'property' && result.localId !== undefined) await mapValues(o, view, result.localId, ids);
      o.onProgress?.({ kind, done: ++done, total: rows.length });
    };
    // Monitors are independent of one another: a few writes in flight hide the round trips.
    await pool(rows, kind === 'monitor' ? 4 : 1, step);
    for (const rec of records.values()) {
      if (rec.kind === kind && !seen.has(rec.source_id))
        report.deletedAtSource.push({ kind, sourceId: rec.source_id, localId: rec.local_id });
    }
  }
  return report;
}

async function pool<T>(items: T[], width: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await fn(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(width, items.length) }, worker));
}

function remember(kind: ImportKind, view: Obj, localId: number, ids: IdMaps): void {
  const sourceId = Number(view.id);
  if (kind === 'monitor') ids.monitor.set(sourceId, localId);
  if (kind === 'recipient') ids.recipient.set(sourceId, localId);
  if (kind === 'property') ids.property.set(sourceId, localId);
}

/** Source value ids → local value ids of one property, by value name (ignoring case). */
async function mapValues(o: ImportOptions, view: Obj, localId: string, ids: IdMaps): Promise<void> {
  const values = (view.values as { id: number; name: string }[] | undefined) ?? [];
  if (o.dryRun && localId.startsWith('-')) return;
  const local = await request<{ values: { id: number; name: string }[] }>(
    o.target,
    'GET',
    `${V3}/properties/${localId}`,
  );
  const byName = new Map(local.values.map((v) => [v.name.trim().toLowerCase(), v.id]));
  for (const v of values) {
    const id = byName.get(v.name.trim().toLowerCase());
    if (id !== undefined) ids.propertyValue.set(v.id, id);
  }
}

async function importOne(
  o: ImportOptions,
  kind: ImportKind,
  view: Obj,
  ids: IdMaps,
  rec: ImportSourceRow | undefined,
  local: Map<string, Obj>,
  report: ImportReport,
): Promise<ItemResult> {
  const spec = KINDS[kind];
  const base = { kind, sourceId: idOf(view), name: spec.label(view) };
  const mapped = spec.map(view, ids);
  if ('skip' in mapped) {
    if (kind === 'monitor' && mapped.skip.startsWith('unmapped location')) {
      const locations = ((view.locations as { id: number }[] | undefined) ?? []).map((l) => l.id);
      report.unmapped.push({
        monitor: base.name,
        sourceId: base.sourceId,
        locations: locations.filter((id) => ids.location(id) === undefined),
      });
    }
    return { ...base, outcome: 'skipped', reason: mapped.skip };
  }
  const body = mapped.body;
  const fp = fingerprint(body);
  // An earlier run's row, if it still exists locally; for properties, one of the same name.
  let localId = rec && local.has(rec.local_id) ? rec.local_id : undefined;
  if (localId === undefined && kind === 'property') localId = sameName(local, String(view.name));
  try {
    let outcome: ItemResult['outcome'];
    if (localId !== undefined && rec?.fingerprint === fp && rec.local_id === localId) outcome = 'unchanged';
    else if (o.dryRun) outcome = localId === undefined ? 'created' : 'updated';
    else if (localId === undefined) {
      localId = await create(o, kind, view, body);
      outcome = 'created';
    } else {
      localId = await update(o, kind, view, body, localId, local.get(localId)!);
      outcome = 'updated';
    }
    // A dry run creates nothing: a placeholder stands for the id a real run would get.
    localId ??= `-${kind}-${base.sourceId}`;
    if (!o.dryRun && outcome !== 'unchanged')
      await recordImportSource(o.db, {
        account_id: o.accountId,
        kind,
        source_url: o.sourceUrl,
        source_id: base.sourceId,
        local_id: localId,
        fingerprint: fp,
        imported_at: o.now(),
      });
    noteSecrets(kind, view, localId, report);
    return { ...base, outcome, localId };
  } catch (err) {
    if (err instanceof ClientError && kind === 'blackout' && !view.persistent && err.status === 400)
      return {
        ...base,
        outcome: 'skipped',
        reason: `one-time blackout not accepted: ${err.message.replace(/^[A-Z]+ \S+: /, '')}`,
      };
    return { ...base, outcome: 'failed', reason: err instanceof Error ? err.message : String(err) };
  }
}

function sameName(local: Map<string, Obj>, name: string): string | undefined {
  const key = name.trim().toLowerCase();
  for (const [id, row] of local) if (String(row.name).trim().toLowerCase() === key) return id;
  return undefined;
}

function noteSecrets(kind: ImportKind, view: Obj, localId: string, report: ImportReport): void {
  if (kind === 'monitor') {
    const fields = monitorSecretsToReenter(view);
    if (fields.length > 0) report.reenter.push({ kind, name: KINDS.monitor.label(view), localId, fields });
  }
  if (kind === 'recipient' && CREDENTIAL_METHODS.has(Number(view.method_id)))
    report.reenter.push({
      kind,
      name: KINDS.recipient.label(view),
      localId,
      fields: ['username', 'password'],
    });
}

function writePath(kind: ImportKind, view: Obj): string {
  return kind === 'monitor' ? `${V3}/monitors/${String(view.type)}` : `${V3}${KINDS[kind].path}`;
}

async function create(o: ImportOptions, kind: ImportKind, view: Obj, body: Obj): Promise<string> {
  const res = await request<{ id: string }>(o.target, 'POST', writePath(kind, view), { body });
  return res.id;
}

async function update(
  o: ImportOptions,
  kind: ImportKind,
  view: Obj,
  body: Obj,
  localId: string,
  current: Obj,
): Promise<string> {
  if (kind === 'monitor' && current.type !== view.type)
    throw new Error(
      `the local monitor ${localId} is a ${String(current.type)}, the source one a ${String(view.type)}`,
    );
  if (kind === 'blackout' && !view.persistent) {
    // One-time blackouts cannot be edited: replace it.
    await request(o.target, 'DELETE', `${V3}/blackouts/${localId}`);
    return create(o, kind, view, body);
  }
  let patch = body;
  if (kind === 'blackout') {
    const { persistent: _p, ...rest } = body;
    patch = rest;
  }
  if (kind === 'property') {
    // Keep the local value ids (monitors use them): values matched by name.
    const byName = new Map(
      ((current.values as { id: number; name: string }[]) ?? []).map((v) => [
        v.name.trim().toLowerCase(),
        v.id,
      ]),
    );
    patch = {
      ...body,
      values: (body.values as { name: string }[]).map((v) => ({
        id: byName.get(v.name.trim().toLowerCase()) ?? 0,
        name: v.name,
      })),
    };
  }
  await request(o.target, 'PATCH', `${writePath(kind, view)}/${localId}`, { body: patch });
  return localId;
}
