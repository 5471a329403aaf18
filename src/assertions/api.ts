import { jsonPath } from './json-path.ts';
import type { Problem } from './problem.ts';
import { parseXml, xmlPath, type XmlElement } from './xml-path.ts';
import { RegexTimeoutError, testUserRegex } from './user-regex.ts';

/** One stored assertion of an API step (domain/api-step.ts). */
export interface ApiAssertion {
  source: string;
  property: string;
  comparison: string;
  value: string;
}

/** What a step's response showed, as the assertions read it. */
export interface StepObservation {
  status: number;
  /** The reason phrase, for messages. */
  statusText?: string;
  /** Lower-case header names. */
  headers: Record<string, string | string[] | undefined>;
  body: string;
  /** Response time of the step in seconds (the `Timeout` source). */
  seconds: number;
}

/** The operand an assertion reads; `found: false` when its property names nothing. */
type Operand = { found: boolean; value?: unknown; error?: string };

/** Parsed bodies per observation: each body is parsed once per step, however many assertions read it. */
const parsed = new WeakMap<
  StepObservation,
  { json?: { ok: boolean; value?: unknown }; xml?: XmlElement | null }
>();

function cacheOf(obs: StepObservation) {
  let c = parsed.get(obs);
  if (!c) parsed.set(obs, (c = {}));
  return c;
}

/** The body as JSON (`ok: false` when it is not), parsed once per observation. */
export function jsonOf(obs: StepObservation): { ok: boolean; value?: unknown } {
  const c = cacheOf(obs);
  if (!c.json) {
    try {
      c.json = { ok: true, value: JSON.parse(obs.body) };
    } catch {
      c.json = { ok: false };
    }
  }
  return c.json;
}

/** The body as XML (null when it is not well formed), parsed once per observation. */
export function xmlOf(obs: StepObservation): XmlElement | null {
  const c = cacheOf(obs);
  if (c.xml === undefined) c.xml = parseXml(obs.body);
  return c.xml;
}

/** Reads the operand of `a` from the observation. */
export function operand(a: Pick<ApiAssertion, 'source' | 'property'>, obs: StepObservation): Operand {
  switch (a.source) {
    case 'Response':
      return { found: obs.body !== '', value: obs.body };
    case 'JSON Response': {
      const doc = jsonOf(obs);
      return doc.ok ? jsonPath(doc.value, a.property) : { found: false, error: 'the response is not JSON' };
    }
    case 'XML Response':
      return xmlPath(xmlOf(obs), a.property);
    case 'Status Code':
      return { found: true, value: obs.status };
    case 'Header': {
      const h = obs.headers[a.property.toLowerCase()];
      return h === undefined ? { found: false } : { found: true, value: Array.isArray(h) ? h.join(', ') : h };
    }
    case 'Timeout':
      return { found: true, value: obs.seconds };
    default:
      return { found: false, error: `unknown assertion source "${a.source}"` };
  }
}

/** How a value reads in a message and in string comparisons: strings bare, the rest as JSON. */
export function asText(value: unknown): string {
  return typeof value === 'string' ? value : (JSON.stringify(value) ?? 'undefined');
}

function compare(comparison: string, actual: Operand, expected: string): boolean {
  const text = asText(actual.value);
  switch (comparison) {
    case 'exists':
      return actual.found;
    case 'does not exist':
      return !actual.found;
    case 'equals':
    case 'not equals': {
      const numeric =
        typeof actual.value === 'number' && expected.trim() !== '' && Number.isFinite(Number(expected));
      const same = actual.found && (numeric ? actual.value === Number(expected) : text === expected);
      return comparison === 'equals' ? same : !same;
    }
    case 'contains':
      return actual.found && text.includes(expected);
    case 'does not contain':
      return !actual.found || !text.includes(expected);
    case 'greater than':
    case 'less than': {
      const a = Number(actual.value);
      const b = Number(expected);
      if (!actual.found || text.trim() === '' || !Number.isFinite(a) || !Number.isFinite(b)) return false;
      return comparison === 'greater than' ? a > b : a < b;
    }
    // A pattern that runs past its time limit fails the assertion either way.
    case 'matches regex':
      return actual.found && regexMatches(expected, text) === true;
    case 'does not match regex':
      return !actual.found || regexMatches(expected, text) === false;
    default:
      return false;
  }
}

/** "JSON Response data.status equals "paid"": the assertion as a person reads it. */
export function describeAssertion(a: ApiAssertion): string {
  const subject =
    a.property && a.source !== 'Response' && a.source !== 'Status Code' && a.source !== 'Timeout'
      ? `${a.source} ${a.property}`
      : a.source;
  const unary = a.comparison === 'exists' || a.comparison === 'does not exist';
  const unit = a.source === 'Timeout' ? ' s' : '';
  return unary ? `${subject} ${a.comparison}` : `${subject} ${a.comparison} "${a.value}"${unit}`;
}

/**
 * Judges one assertion (status 10 when it fails). The message says what was expected and what
 * was got: `JSON Response data.status equals "paid" failed: got "pending"`.
 */
export function judgeAssertion(a: ApiAssertion, obs: StepObservation): Problem | null {
  const actual = operand(a, obs);
  if (compare(a.comparison, actual, a.value)) return null;
  const got = actual.error ?? (actual.found ? `got "${asText(actual.value).slice(0, 200)}"` : 'not found');
  return { code: 'ASSERTION_FAILED', message: `${describeAssertion(a)} failed: ${got}` };
}

/** true / false, or null when the user's pattern ran past its time limit. */
function regexMatches(pattern: string, text: string): boolean | null {
  try {
    return testUserRegex(pattern, text);
  } catch (err) {
    if (err instanceof RegexTimeoutError) return null;
    throw err;
  }
}
