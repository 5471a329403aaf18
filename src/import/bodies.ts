import { createHash } from 'node:crypto';
import { monitorType } from '../monitors/registry.ts';

// Source views (what GET answers, AlertSite's shapes) → bodies for sitewatch's POST/PATCH, with
// source ids replaced by local ones. Pure: the import run and `sitewatch apply` share these.

/** An API object as JSON. */
export type Obj = Record<string, unknown>;

/** Source id → local id, per kind of row. */
export interface IdMaps {
  monitor: Map<number, number>;
  recipient: Map<number, number>;
  property: Map<number, number>;
  /** Source value id → local value id (matched by property and value name). */
  propertyValue: Map<number, number>;
  /** Source location id → local location id. */
  location(id: number): number | undefined;
}

/** A body, or why the row cannot be written. */
export type Mapped = { body: Obj } | { skip: string };

/** Fields a monitor view shows that are computed or read-only: never sent back. */
export const MONITOR_READ_ONLY = new Set([
  'id',
  'type',
  'access_type',
  'blackout_ids',
  'custom_properties',
  'has_sla',
  'sla_id',
  'has_performance_alerts',
  'has_active_performance_alerts',
  'monitor_location_count',
  'locations',
  'home_location',
]);

/** Canonical JSON (keys sorted) for fingerprints and diffs. */
export function stableJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const o = value as Obj;
    return `{${Object.keys(o)
      .filter((k) => o[k] !== undefined)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableJson(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(value);
}

/** SHA-256 of the canonical JSON: equal fingerprints mean nothing to write. */
export const fingerprint = (body: unknown) => createHash('sha256').update(stableJson(body)).digest('hex');

/** Secret fields of a monitor type that are shown as null and cannot be carried over. */
export function monitorSecretsToReenter(view: Obj): string[] {
  const spec = monitorType(String(view.type));
  if (!spec) return [];
  return spec.secrets.filter((field) => {
    const user = view[field.replace(/password$/, 'username')] ?? view[field.replace(/password$/, 'login')];
    return typeof user === 'string' && user !== '';
  });
}

/** A monitor's create/PATCH body with local location, property ids; scripts kept. */
export function monitorBody(view: Obj, ids: IdMaps): Mapped {
  const spec = monitorType(String(view.type));
  if (!spec) return { skip: `unknown monitor type ${String(view.type)}` };
  if (!spec.creatable) return { skip: `${spec.title}s cannot be created through the API` };
  const sourceLocations = ((view.locations as { id: number }[] | undefined) ?? []).map((l) => l.id);
  const unmapped = sourceLocations.filter((id) => ids.location(id) === undefined);
  if (unmapped.length > 0) return { skip: `unmapped location ${unmapped.join(', ')}` };
  const body: Obj = {};
  for (const [k, v] of Object.entries(view)) {
    if (MONITOR_READ_ONLY.has(k)) continue;
    // Secrets read back as null; null in a body keeps whatever is stored.
    if (spec.secrets.includes(k) && v === null) continue;
    body[k] = v;
  }
  if (!spec.script?.writable || body.script === null) delete body.script;
  if (sourceLocations.length > 0) {
    body.locations = sourceLocations.map((id) => ({ id: ids.location(id)! }));
    const home = typeof view.home_location === 'number' ? ids.location(view.home_location) : undefined;
    if (home !== undefined) body.home_location = home;
  }
  const props = (view.custom_properties as { id: number; value_id: number }[] | undefined) ?? [];
  const mappedProps = props.map((p) => ({
    id: ids.property.get(p.id),
    value_id: ids.propertyValue.get(p.value_id),
  }));
  if (mappedProps.some((p) => p.id === undefined || p.value_id === undefined))
    return { skip: 'uses a custom property value that was not imported' };
  body.custom_properties = mappedProps;
  return { body };
}

/** The recipient fields a create or edit carries (the same for import and monitors as code). */
export const RECIPIENT_FIELDS = [
  'name',
  'method_id',
  'recipient',
  'availability_alert',
  'notify_on_clear',
  'attach_screen_capture',
  'attach_server_response',
  'start_threshold',
  'stop_threshold',
  'remote_commands',
  'performance_alert',
  'performance_alert_type',
  'repeat_performance_alerts',
];

/** Methods whose recipients may carry a username/password the source never shows. */
export const CREDENTIAL_METHODS = new Set([8, 9, 10, 15, 16, 17]);

export const pick = (o: Obj, fields: readonly string[]): Obj =>
  Object.fromEntries(fields.filter((f) => o[f] !== undefined).map((f) => [f, o[f]]));

export function recipientBody(view: Obj): Mapped {
  if (view.method_id === 14) return { skip: 'PagerDuty recipients cannot be created through the API' };
  return { body: pick(view, RECIPIENT_FIELDS) };
}

export function groupBody(view: Obj, ids: IdMaps): Mapped {
  const monitors = ((view.monitors as { id: number; step_number?: number }[] | undefined) ?? [])
    .map((m) => ({ id: ids.monitor.get(m.id), step_number: m.step_number ?? 0 }))
    .filter((m) => m.id !== undefined);
  const recipients = ((view.recipients as { id: number }[] | undefined) ?? [])
    .map((r) => ({ id: ids.recipient.get(r.id) }))
    .filter((r) => r.id !== undefined);
  if (monitors.length === 0) return { skip: 'none of its monitors was imported' };
  if (recipients.length === 0) return { skip: 'none of its recipients was imported' };
  const refs = (list: unknown) => ((list as { id: number }[] | undefined) ?? []).map((x) => ({ id: x.id }));
  return {
    body: {
      name: view.name,
      is_default: view.is_default === true,
      monitors,
      recipients,
      errortypes: refs(view.errortypes),
      templates: refs(view.templates),
    },
  };
}

export function blackoutBody(view: Obj, ids: IdMaps): Mapped {
  const type = String(view.type);
  const assoc = Number(view.assoc_id);
  const local =
    type === 'Notifier' || type === 'Recipient' ? ids.recipient.get(assoc) : ids.monitor.get(assoc);
  if (local === undefined)
    return { skip: `its ${type === 'Notifier' ? 'recipient' : 'monitor'} was not imported` };
  const when = view.persistent
    ? pick(view, ['start_day', 'start_time', 'end_day', 'end_time'])
    : pick(view, ['from_date', 'thru_date']);
  return {
    body: { assoc_id: local, type, persistent: view.persistent === true, ...when, note: view.note ?? null },
  };
}

export function slaBody(view: Obj, ids: IdMaps): Mapped {
  const monitor = ids.monitor.get(Number(view.monitor_id));
  if (monitor === undefined) return { skip: 'its monitor was not imported' };
  const body: Obj = {
    monitor_id: monitor,
    ...pick(view, ['name', 'description', 'availability', 'response_time', 'use_fullpage_time']),
  };
  if (view.uptime !== null && view.uptime !== undefined) body.uptime = view.uptime;
  if (view.secondary_response_time !== null && view.secondary_response_time !== undefined)
    body.secondary_response_time = view.secondary_response_time;
  body.operating_periods = ((view.operating_periods as Obj[] | undefined) ?? []).map((p) =>
    pick(p, ['exclude', 'from_day', 'from_time', 'thru_day', 'thru_time']),
  );
  const exclusions: Obj[] = [];
  for (const e of (view.exclusions as Obj[] | undefined) ?? []) {
    const loc =
      e.location_id === null || e.location_id === undefined ? null : ids.location(Number(e.location_id));
    if (loc === undefined) return { skip: `an exclusion names unmapped location ${String(e.location_id)}` };
    exclusions.push({ ...pick(e, ['from_date', 'thru_date', 'note']), location_id: loc });
  }
  body.exclusions = exclusions;
  return { body };
}

export function propertyBody(view: Obj): Mapped {
  const values = ((view.values as { name: string }[] | undefined) ?? []).map((v) => ({ name: v.name }));
  return { body: { name: view.name, values } };
}
