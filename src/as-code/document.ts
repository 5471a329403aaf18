import { MONITOR_READ_ONLY, pick, RECIPIENT_FIELDS, type Obj } from '../import/bodies.ts';
import { monitorType } from '../monitors/registry.ts';

// The monitors-as-code document: an account's resources with names in place of ids, so a file
// reads well in review and applies to another instance. Built from API views (export) and
// compared with them (apply), so both directions share one shape.

/** The resource kinds of a file, in the order they are applied (references point backwards). */
export const DOC_KINDS = ['properties', 'recipients', 'monitors', 'groups', 'blackouts', 'slas'] as const;
export type DocKind = (typeof DOC_KINDS)[number];

/** A whole file: `version` plus any of the kinds. */
export type Doc = { version?: number } & Partial<Record<DocKind, Obj[]>>;

/** Every list the export needs, as the API answers them (monitors with show_scripts). */
export type Views = Record<DocKind, Obj[]>;

/** Name first, then type, then the rest alphabetically: stable and easy to scan. */
function ordered(o: Obj, first: string[] = ['name', 'type']): Obj {
  const out: Obj = {};
  for (const k of first) if (o[k] !== undefined) out[k] = o[k];
  for (const k of Object.keys(o).sort()) if (!(k in out) && o[k] !== undefined) out[k] = o[k];
  return out;
}

const byName = (a: Obj, b: Obj) =>
  String(a.name).localeCompare(String(b.name)) || String(a.type ?? '').localeCompare(String(b.type ?? ''));

/** A monitor view as a file entry: no ids, no secrets, locations as ids, properties by name. */
export function monitorEntry(view: Obj): Obj {
  const spec = monitorType(String(view.type));
  const out: Obj = { type: view.type };
  for (const [k, v] of Object.entries(view)) {
    if (MONITOR_READ_ONLY.has(k)) continue;
    if (v === null && (spec?.secrets.includes(k) || k === 'script')) continue;
    out[k] = v;
  }
  out.locations = ((view.locations as { id: number }[] | undefined) ?? []).map((l) => l.id);
  if (typeof view.home_location === 'number') out.home_location = view.home_location;
  const props = (view.custom_properties as { name: string; value: string }[] | undefined) ?? [];
  out.custom_properties = Object.fromEntries(props.map((p) => [p.name, p.value]).sort());
  return ordered(out);
}

/** Builds the document of an account from its API views, each kind sorted. */
export function buildDoc(v: Views, kinds: readonly DocKind[] = DOC_KINDS): Doc {
  const monName = new Map(v.monitors.map((m) => [Number(m.id), String(m.name)]));
  const recName = new Map(v.recipients.map((r) => [Number(r.id), String(r.name)]));
  const all: Record<DocKind, () => Obj[]> = {
    properties: () =>
      v.properties
        .map((p) => ({ name: p.name, values: ((p.values as Obj[]) ?? []).map((x) => x.name) }))
        .sort(byName),
    recipients: () =>
      v.recipients
        .map((r) => withId(r, ordered({ name: r.name, ...pick(r, RECIPIENT_FIELDS) })))
        .sort(byName),
    monitors: () => v.monitors.map((m) => withId(m, monitorEntry(m))).sort(byName),
    groups: () =>
      v.groups
        .map((g) =>
          withId(
            g,
            ordered({
              name: g.name,
              is_default: g.is_default,
              monitors: ((g.monitors as Obj[]) ?? [])
                .map((m) => (m.step_number ? { name: m.name, step_number: m.step_number } : m.name))
                .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
              recipients: ((g.recipients as Obj[]) ?? []).map((r) => r.name).sort(),
              errortypes: ((g.errortypes as Obj[]) ?? [])
                .map((e) => e.id)
                .sort((a, b) => Number(a) - Number(b)),
              templates: ((g.templates as Obj[]) ?? [])
                .map((t) => t.id)
                .sort((a, b) => Number(a) - Number(b)),
            }),
          ),
        )
        .sort(byName),
    blackouts: () =>
      v.blackouts
        .map((b) => {
          const target =
            b.type === 'Notifier' || b.type === 'Recipient'
              ? { recipient: recName.get(Number(b.assoc_id)) }
              : { monitor: monName.get(Number(b.assoc_id)) };
          const when = b.persistent
            ? pick(b, ['start_day', 'start_time', 'end_day', 'end_time'])
            : pick(b, ['from_date', 'thru_date']);
          return withId(
            b,
            ordered(
              { ...target, type: b.type, persistent: b.persistent === true, ...when, note: b.note ?? null },
              ['monitor', 'recipient', 'type'],
            ),
          );
        })
        .sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b))),
    slas: () =>
      v.slas
        .map((s) => {
          const out: Obj = {
            monitor: monName.get(Number(s.monitor_id)),
            ...pick(s, [
              'name',
              'description',
              'availability',
              'uptime',
              'response_time',
              'secondary_response_time',
              'use_fullpage_time',
            ]),
            operating_periods: ((s.operating_periods as Obj[]) ?? []).map((p) =>
              pick(p, ['exclude', 'from_day', 'from_time', 'thru_day', 'thru_time']),
            ),
            exclusions: ((s.exclusions as Obj[]) ?? []).map((e) =>
              pick(e, ['from_date', 'thru_date', 'location_id', 'note']),
            ),
          };
          return withId(s, ordered(out, ['monitor', 'name']));
        })
        .sort((a, b) => String(a.monitor).localeCompare(String(b.monitor))),
  };
  const doc: Doc = { version: 1 };
  for (const k of kinds) doc[k] = all[k]();
  return doc;
}

/** The API id of entries built from views (never written to a file). */
const LOCAL_IDS = new WeakMap<Obj, number>();

/** The id of the account's row an entry was built from, if it was built from one. */
export const localIdOf = (entry: Obj): number | undefined => LOCAL_IDS.get(entry);

function withId(view: Obj, entry: Obj): Obj {
  LOCAL_IDS.set(entry, Number(view.id));
  return entry;
}

/** The identity of an entry within its kind: what a file and an account are matched on. */
export function identity(kind: DocKind, e: Obj): string {
  if (kind === 'slas') return String(e.monitor);
  if (kind === 'blackouts') return JSON.stringify(ordered(e, []));
  return String(e.name);
}
