import { Ajv, type ErrorObject } from 'ajv';
import addFormatsModule from 'ajv-formats';
import type { TSchema } from 'typebox';
import { ApiError, notFound } from './errors.ts';

// Validation of values against the TypeBox schemas (the one contract for validation, types and
// OpenAPI), with the error messages of docs/compatibility.md §4. The HTTP layer compiles route
// schemas with these Ajv instances; services and the CLI check their inputs with `assertValid`,
// so a rule is written once whoever calls.

// ajv-formats ships CommonJS; under ESM its default export may be wrapped once more.
type FormatsPlugin = (ajv: Ajv) => Ajv;
const formatsModule = addFormatsModule as unknown as FormatsPlugin & { default?: FormatsPlugin };
const addFormats: FormatsPlugin = formatsModule.default ?? formatsModule;

/** An Ajv for request bodies (unknown fields dropped, no coercion) or for query strings and paths. */
export function makeAjv(part: 'body' | 'other'): Ajv {
  const ajv = new Ajv({
    allErrors: true,
    strict: false,
    // Bodies: unknown fields are dropped, never stored (docs/compatibility.md §4); types are not coerced, so
    // "5" for an integer is an error. Query strings and paths are text: coerce them.
    removeAdditional: part === 'body' ? 'all' : false,
    coerceTypes: part === 'body' ? false : 'array',
    useDefaults: part !== 'body',
  });
  addFormats(ajv);
  return ajv;
}

function fieldName(e: ErrorObject): string {
  const parts = e.instancePath.split('/').slice(1);
  if (e.keyword === 'required') parts.push(String(e.params.missingProperty));
  return parts.reduce((acc, p) => (/^\d+$/.test(p) ? `${acc}[${p}]` : acc ? `${acc}.${p}` : p), '');
}

const TYPE_WORDS: Record<string, string> = {
  integer: 'an integer',
  number: 'a number',
  string: 'a string',
  boolean: 'a boolean',
  array: 'an array',
  object: 'an object',
  null: 'null',
};

const SAFE_MAX = Number.MAX_SAFE_INTEGER;

/** The message for a number outside the safe integer range. */
export const UNSAFE_NUMBER = `must be a number between ${-SAFE_MAX} and ${SAFE_MAX}`;

/**
 * A copy of `schema` in which every integer or number without its own bounds is bounded to the
 * safe integer range (docs/compatibility.md §16). Query and path values are coerced from text, so
 * "99999999999999999999", "1e300" and "Infinity" become numbers that no database column holds;
 * bounding them here refuses them with a 400 naming the parameter on every route at once.
 */
export function boundNumbers(schema: unknown): unknown {
  if (Array.isArray(schema)) return schema.map(boundNumbers);
  if (schema === null || typeof schema !== 'object') return schema;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(schema)) out[k] = boundNumbers(v);
  const types = ([] as unknown[]).concat(out.type ?? []);
  if (types.includes('integer') || types.includes('number')) {
    if (out.minimum === undefined && out.exclusiveMinimum === undefined) out.minimum = -SAFE_MAX;
    if (out.maximum === undefined && out.exclusiveMaximum === undefined) out.maximum = SAFE_MAX;
  }
  return out;
}

/**
 * The path of the first number outside the safe integer range (or not finite) in a parsed JSON
 * body, or null. JSON.parse turns `1e400` into Infinity and `18446744073709551616` into a rounded
 * double; neither may be stored (docs/compatibility.md §16), whatever the field's schema says.
 */
export function unsafeNumberPath(value: unknown, path = '', depth = 0): string | null {
  if (typeof value === 'number') return Math.abs(value) <= SAFE_MAX ? null : path || 'body';
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  for (const [k, v] of Object.entries(value)) {
    const sub = Array.isArray(value) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
    const found = unsafeNumberPath(v, sub, depth + 1);
    if (found) return found;
  }
  return null;
}

function describe(e: ErrorObject): string {
  const p = e.params as Record<string, unknown>;
  switch (e.keyword) {
    case 'required':
      return 'required and is empty';
    case 'type': {
      const types = String(p.type).split(',');
      return `must be ${types.map((t) => TYPE_WORDS[t] ?? t).join(' or ')}`;
    }
    case 'enum':
      return `must be one of: ${(p.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `must be ${String(p.allowedValue)}`;
    case 'minLength':
      return p.limit === 1 ? 'required and is empty' : `must be at least ${String(p.limit)} characters`;
    case 'maxLength':
      return `must be at most ${String(p.limit)} characters`;
    case 'minItems':
      return p.limit === 1 ? 'required and is empty' : `must have at least ${String(p.limit)} items`;
    case 'maxItems':
      return `must have at most ${String(p.limit)} items`;
    case 'minimum':
    case 'maximum':
    case 'exclusiveMinimum':
    case 'exclusiveMaximum':
      if (Math.abs(Number(p.limit)) === SAFE_MAX) return UNSAFE_NUMBER;
      return `must be ${e.keyword.includes('inimum') ? 'at least' : 'at most'} ${String(p.limit)}`;
    case 'format':
      return `must be a valid ${String(p.format)}`;
    case 'pattern':
      return 'has an invalid format';
    default:
      return 'has an invalid value';
  }
}

/** Turns Ajv errors into the envelope: one entry per field, each with a readable message. */
export function validationError(errors: ErrorObject[], context: string | undefined): ApiError {
  // A malformed id in the path is a record that cannot exist.
  if (context === 'params') return notFound();
  const seen = new Map<string, string>();
  // A union of literals fails once per branch: list every accepted value, not the first one.
  const consts = new Map<string, string[]>();
  for (const e of errors) {
    // anyOf/oneOf wrap the real errors of their branches; report the branches' errors only.
    if (e.keyword === 'anyOf' || e.keyword === 'oneOf' || e.keyword === 'if') continue;
    const field = fieldName(e) || (context ?? 'body');
    if (e.keyword === 'const') {
      const values = consts.get(field) ?? [];
      values.push(String((e.params as { allowedValue: unknown }).allowedValue));
      consts.set(field, values);
      if (values.length > 1) seen.set(field, `must be one of: ${values.join(', ')}`);
    }
    if (!seen.has(field)) seen.set(field, describe(e));
  }
  if (seen.size === 0) return new ApiError(400, 'invalid_request - Request is not valid.');
  const [first, ...rest] = [...seen].map(([field, message]) => ({ message, fields: [field] }));
  return new ApiError(400, first!.message, first!.fields, undefined, rest);
}

const bodies = new WeakMap<TSchema, ReturnType<Ajv['compile']>>();
let bodyAjv: Ajv | undefined;

/**
 * Checks `value` as a request body against `schema`, as the API does (unknown fields are removed
 * from `value`); throws the 400 envelope the API would answer.
 */
export function assertValid(schema: TSchema, value: unknown): void {
  bodyAjv ??= makeAjv('body');
  let check = bodies.get(schema);
  if (!check) {
    check = bodyAjv.compile(schema as object);
    bodies.set(schema, check);
  }
  if (!check(value)) throw validationError(check.errors ?? [], 'body');
}
