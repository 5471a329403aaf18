import { ClientError, listAll, request, type SitewatchClient } from '../client/index.ts';
import type { Obj } from '../import/bodies.ts';
import { DOC_KINDS, localIdOf, type DocKind, type Views } from './document.ts';
import { FileError, fieldPath, type ParsedFile } from './parse.ts';
import { SINGULAR, type Change } from './plan.ts';

// Turns the planned changes into API calls, kind by kind, resolving names to the ids of the
// target account (including rows created earlier in the same run).

const V3 = '/api/v3';
const BASE: Record<DocKind, string> = {
  properties: '/properties',
  recipients: '/recipients',
  monitors: '/monitors',
  groups: '/notifier-groups',
  blackouts: '/blackouts',
  slas: '/slas',
};

/** Reads every list a document is built from, through `client` (monitors with their scripts). */
export async function readViews(
  client: SitewatchClient,
  kinds: readonly DocKind[] = DOC_KINDS,
): Promise<Views> {
  const views = {
    properties: [],
    recipients: [],
    monitors: [],
    groups: [],
    blackouts: [],
    slas: [],
  } as Views;
  // References need the names of monitors and recipients even when only groups are exported.
  const needed = new Set<DocKind>([...kinds, 'monitors', 'recipients', 'properties']);
  for (const kind of DOC_KINDS) {
    if (!needed.has(kind)) continue;
    views[kind] = await listAll<Obj>(
      client,
      `${V3}${BASE[kind]}`,
      kind === 'monitors' ? { show_scripts: true } : {},
      1000,
    );
  }
  return views;
}

/** Names → ids of the target account, updated as rows are created. */
export interface Refs {
  monitors: Map<string, number>;
  recipients: Map<string, number>;
  properties: Map<string, { id: number; values: Map<string, number> }>;
}

export function refsFrom(v: Views): Refs {
  return {
    monitors: new Map(v.monitors.map((m) => [String(m.name), Number(m.id)])),
    recipients: new Map(v.recipients.map((r) => [String(r.name), Number(r.id)])),
    properties: new Map(
      v.properties.map((p) => [
        String(p.name),
        {
          id: Number(p.id),
          values: new Map(((p.values as Obj[]) ?? []).map((x) => [String(x.name), Number(x.id)])),
        },
      ]),
    ),
  };
}

class Unresolved extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

function need<T>(value: T | undefined, field: string, what: string): T {
  if (value === undefined) throw new Unresolved(field, `names no ${what}`);
  return value;
}

/** The API body of a file entry; only `fields` on a change. */
function body(kind: DocKind, entry: Obj, refs: Refs, fields: string[] | null): Obj {
  const keep = (k: string) => fields === null || fields.includes(k);
  const out: Obj = {};
  for (const [k, v] of Object.entries(entry)) {
    if (!keep(k)) continue;
    if (kind === 'monitors' && k === 'type') continue;
    if (kind === 'monitors' && k === 'locations') out.locations = (v as number[]).map((id) => ({ id }));
    else if (kind === 'monitors' && k === 'custom_properties')
      out.custom_properties = Object.entries(v as Record<string, string>).map(([p, value]) => {
        const prop = need(refs.properties.get(p), `custom_properties.${p}`, `custom property "${p}"`);
        return {
          id: prop.id,
          value_id: need(prop.values.get(value), `custom_properties.${p}`, `value "${value}" of "${p}"`),
        };
      });
    else if (kind === 'properties' && k === 'values') {
      const existing = refs.properties.get(String(entry.name))?.values;
      out.values = (v as string[]).map((name) => ({ ...(fields && { id: existing?.get(name) ?? 0 }), name }));
    } else if (kind === 'groups' && k === 'monitors')
      out.monitors = (v as (string | Obj)[]).map((m) => {
        const name = typeof m === 'string' ? m : String(m.name);
        return {
          id: need(refs.monitors.get(name), 'monitors', `monitor "${name}"`),
          step_number: typeof m === 'string' ? 0 : m.step_number,
        };
      });
    else if (kind === 'groups' && k === 'recipients')
      out.recipients = (v as string[]).map((r) => ({
        id: need(refs.recipients.get(r), 'recipients', `recipient "${r}"`),
      }));
    else if (kind === 'groups' && (k === 'errortypes' || k === 'templates'))
      out[k] = (v as number[]).map((id) => ({ id }));
    else if ((kind === 'blackouts' || kind === 'slas') && k === 'monitor')
      out[kind === 'slas' ? 'monitor_id' : 'assoc_id'] = need(
        refs.monitors.get(String(v)),
        'monitor',
        `monitor "${String(v)}"`,
      );
    else if (kind === 'blackouts' && k === 'recipient')
      out.assoc_id = need(refs.recipients.get(String(v)), 'recipient', `recipient "${String(v)}"`);
    else if (kind === 'slas' && (k === 'uptime' || k === 'secondary_response_time') && v === null) continue;
    else out[k] = v;
  }
  return out;
}

/** Counts of what a run wrote. */
export interface Written {
  created: number;
  changed: number;
  deleted: number;
}

/**
 * Makes the changes of `kinds` through `client`. Any refusal becomes a FileError naming the
 * entry's line and the field the API named; the caller's transaction then rolls the kind back.
 */
export async function applyChanges(
  client: SitewatchClient,
  changes: Change[],
  refs: Refs,
  file: ParsedFile,
  written: Written,
): Promise<void> {
  for (const c of changes) {
    try {
      await applyOne(client, c, refs, written);
    } catch (err) {
      const path: (string | number)[] = c.index === undefined ? [c.kind] : [c.kind, c.index];
      if (err instanceof Unresolved)
        throw new FileError(file.lineOf(path), fieldPath([...path, err.field]), err.message);
      if (err instanceof ClientError) {
        const field = err.errors[0]?.fields?.[0];
        const full = field ? [...path, ...field.split('.')] : path;
        const msg = err.errors[0]?.message ?? err.message;
        throw new FileError(
          file.lineOf(full),
          fieldPath(full),
          `${c.op} ${SINGULAR[c.kind]} "${c.id}": ${msg}`,
        );
      }
      throw err;
    }
  }
}

async function applyOne(client: SitewatchClient, c: Change, refs: Refs, written: Written): Promise<void> {
  const type = String((c.entry ?? c.current)?.type ?? '');
  const base = `${V3}${BASE[c.kind]}${c.kind === 'monitors' ? `/${type}` : ''}`;
  if (c.op === 'delete') {
    const id = localIdOf(c.current!);
    const path = c.kind === 'monitors' ? `${V3}/monitors/${id}` : `${V3}${BASE[c.kind]}/${id}`;
    try {
      await request(client, 'DELETE', path);
    } catch (err) {
      // Already gone with what it belonged to (an SLA or blackout of a deleted monitor).
      if (!(err instanceof ClientError && err.status === 404)) throw err;
    }
    written.deleted++;
    return;
  }
  if (c.op === 'create') {
    const res = await request<{ id: string }>(client, 'POST', base, {
      body: body(c.kind, c.entry!, refs, null),
    });
    const id = Number(res.id);
    const name = String(c.entry!.name);
    if (c.kind === 'monitors') refs.monitors.set(name, id);
    if (c.kind === 'recipients') refs.recipients.set(name, id);
    if (c.kind === 'properties') {
      const view = await request<Obj>(client, 'GET', `${V3}/properties/${id}`);
      refs.properties.set(name, {
        id,
        values: new Map(((view.values as Obj[]) ?? []).map((x) => [String(x.name), Number(x.id)])),
      });
    }
    written.created++;
    return;
  }
  const id = localIdOf(c.current!);
  const fields = c.fields!.map((f) => f.field);
  await request(client, 'PATCH', `${base}/${id}`, { body: body(c.kind, c.entry!, refs, fields) });
  if (c.kind === 'properties') {
    const view = await request<Obj>(client, 'GET', `${V3}/properties/${id}`);
    refs.properties.set(String(c.entry!.name), {
      id: Number(id),
      values: new Map(((view.values as Obj[]) ?? []).map((x) => [String(x.name), Number(x.id)])),
    });
  }
  written.changed++;
}
