import { Ajv, type ErrorObject } from 'ajv';
import { isNode, LineCounter, parseDocument } from 'yaml';
import type { Doc } from './document.ts';
import { MONITORS_SCHEMA } from './schema.ts';

/** A problem in the file, at a line and field, in the API's wording where the API found it. */
export class FileError extends Error {
  constructor(
    /** 1-based line in the file. */
    readonly line: number,
    /** Dotted path of the field, e.g. `monitors[3].interval`. */
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

/** A parsed file: the document and a way back from a path to its line. */
export interface ParsedFile {
  doc: Doc;
  /** Line of the deepest node on `path` that exists (1 when none). */
  lineOf(path: (string | number)[]): number;
}

/** `['monitors', 3, 'interval']` → `monitors[3].interval`. */
export const fieldPath = (path: (string | number)[]) =>
  path.reduce<string>((acc, p) => (typeof p === 'number' ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');

/** Parses YAML (JSON is YAML too); syntax errors become FileErrors with their line. */
export function parseDocFile(text: string): ParsedFile | FileError[] {
  const lines = new LineCounter();
  const yaml = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  if (yaml.errors.length > 0)
    return yaml.errors.map((e) => new FileError(lines.linePos(e.pos[0]).line, '', e.message));
  const doc = (yaml.toJS() ?? {}) as Doc;
  const lineOf = (path: (string | number)[]) => {
    for (let n = path.length; n >= 0; n--) {
      const node = yaml.getIn(path.slice(0, n), true);
      if (isNode(node) && node.range) return lines.linePos(node.range[0]).line;
    }
    return 1;
  };
  return { doc, lineOf };
}

const ajv = new Ajv({ allErrors: true, strict: false });
const validate = ajv.compile(MONITORS_SCHEMA);

function message(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  if (e.keyword === 'required') return 'required and is empty';
  if (e.keyword === 'additionalProperties') return `unknown field "${String(p.additionalProperty)}"`;
  if (e.keyword === 'enum') return `must be one of: ${(p.allowedValues as unknown[]).join(', ')}`;
  if (e.keyword === 'type') return `must be ${String(p.type)}`;
  return e.message ?? 'is not valid';
}

/** Checks the file against docs/monitors.schema.json; one error per field, with its line. */
export function schemaErrors(file: ParsedFile): FileError[] {
  if (validate(file.doc)) return [];
  const seen = new Map<string, FileError>();
  for (const e of validate.errors ?? []) {
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf') continue;
    const path: (string | number)[] = e.instancePath
      .split('/')
      .slice(1)
      .map((p) => (/^\d+$/.test(p) ? Number(p) : p));
    const field = [...path];
    if (e.keyword === 'required')
      field.push(String((e.params as { missingProperty: string }).missingProperty));
    if (e.keyword === 'additionalProperties')
      field.push(String((e.params as { additionalProperty: string }).additionalProperty));
    const key = fieldPath(field);
    if (!seen.has(key)) seen.set(key, new FileError(file.lineOf(field), key, message(e)));
  }
  return [...seen.values()];
}
