import { stableJson, type Obj } from '../import/bodies.ts';
import { DOC_KINDS, identity, type Doc, type DocKind } from './document.ts';
import { FileError, fieldPath, type ParsedFile } from './parse.ts';

/** One write `apply` will make. */
export interface Change {
  kind: DocKind;
  op: 'create' | 'change' | 'delete';
  /** The entry's identity (its name; the monitor's name for SLAs). */
  id: string;
  /** The desired entry (create, change). */
  entry?: Obj;
  /** Its index in the file, for line numbers. */
  index?: number;
  /** The current entry (change, delete). */
  current?: Obj;
  /** Fields that differ (change). */
  fields?: { field: string; from: unknown; to: unknown }[];
}

/**
 * Field-by-field differences between the file and the account, for the kinds the file lists.
 * Fields a file entry leaves out are left as they are; `prune` deletes what the file no longer lists.
 */
export function diff(desired: Doc, current: Doc, prune: boolean): Change[] {
  const changes: Change[] = [];
  for (const kind of DOC_KINDS) {
    const want = desired[kind];
    if (!want) continue;
    const have = new Map((current[kind] ?? []).map((e) => [identity(kind, e), e]));
    const listed = new Set<string>();
    want.forEach((entry, index) => {
      const id = identity(kind, entry);
      listed.add(id);
      const cur = have.get(id);
      if (!cur) return changes.push({ kind, op: 'create', id, entry, index });
      const fields = Object.keys(entry)
        .filter((k) => stableJson(entry[k]) !== stableJson(cur[k]))
        .map((field) => ({ field, from: cur[field], to: entry[field] }));
      if (fields.length > 0) changes.push({ kind, op: 'change', id, entry, index, current: cur, fields });
    });
    if (prune)
      for (const [id, cur] of have)
        if (!listed.has(id)) changes.push({ kind, op: 'delete', id, current: cur });
  }
  return changes;
}

/** Duplicate names, changed monitor types and references to names that will not exist. */
export function referenceErrors(file: ParsedFile, current: Doc, changes: Change[]): FileError[] {
  const errors: FileError[] = [];
  const at = (path: (string | number)[], msg: string) =>
    errors.push(new FileError(file.lineOf(path), fieldPath(path), msg));
  const names = (kind: DocKind) => {
    const deleted = new Set(changes.filter((c) => c.kind === kind && c.op === 'delete').map((c) => c.id));
    const list = file.doc[kind] ?? current[kind] ?? [];
    return new Set(
      [...list.map((e) => identity(kind, e)), ...(file.doc[kind] ? [] : [])].filter((n) => !deleted.has(n)),
    );
  };
  for (const kind of DOC_KINDS) {
    if (kind === 'blackouts') continue;
    const seen = new Set<string>();
    (file.doc[kind] ?? []).forEach((e, i) => {
      const id = identity(kind, e);
      if (seen.has(id)) at([kind, i, kind === 'slas' ? 'monitor' : 'name'], `"${id}" is listed twice`);
      seen.add(id);
    });
  }
  for (const c of changes)
    if (c.kind === 'monitors' && c.op === 'change' && c.fields!.some((f) => f.field === 'type'))
      at(
        ['monitors', c.index!, 'type'],
        `the monitor "${c.id}" is a ${String(c.current!.type)}: a type cannot change`,
      );
  const monitors = names('monitors');
  const recipients = names('recipients');
  (file.doc.groups ?? []).forEach((g, i) => {
    ((g.monitors as unknown[]) ?? []).forEach((m, j) => {
      const name = typeof m === 'string' ? m : String((m as Obj).name);
      if (!monitors.has(name)) at(['groups', i, 'monitors', j], `names no monitor: "${name}"`);
    });
    ((g.recipients as string[]) ?? []).forEach((r, j) => {
      if (!recipients.has(r)) at(['groups', i, 'recipients', j], `names no recipient: "${r}"`);
    });
  });
  (file.doc.blackouts ?? []).forEach((b, i) => {
    if (b.monitor !== undefined && !monitors.has(String(b.monitor)))
      at(['blackouts', i, 'monitor'], `names no monitor: "${String(b.monitor)}"`);
    if (b.recipient !== undefined && !recipients.has(String(b.recipient)))
      at(['blackouts', i, 'recipient'], `names no recipient: "${String(b.recipient)}"`);
  });
  (file.doc.slas ?? []).forEach((s, i) => {
    if (!monitors.has(String(s.monitor)))
      at(['slas', i, 'monitor'], `names no monitor: "${String(s.monitor)}"`);
  });
  return errors;
}

/** `monitors` → `monitor`, for diff lines. */
export const SINGULAR: Record<DocKind, string> = {
  properties: 'property',
  recipients: 'recipient',
  monitors: 'monitor',
  groups: 'group',
  blackouts: 'blackout',
  slas: 'sla',
};

const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s === undefined ? '(none)' : s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

/** The diff as lines: `+` create, `~` change (one line per field), `-` delete. */
export function formatChanges(changes: Change[]): string[] {
  const out: string[] = [];
  for (const c of changes) {
    const label = `${SINGULAR[c.kind]} "${c.id.length > 80 ? `${c.id.slice(0, 77)}...` : c.id}"`;
    if (c.op === 'create') out.push(`+ ${label}`);
    if (c.op === 'delete') out.push(`- ${label}`);
    if (c.op === 'change') {
      out.push(`~ ${label}`);
      for (const f of c.fields!) out.push(`    ${f.field}: ${show(f.from)} → ${show(f.to)}`);
    }
  }
  return out;
}
