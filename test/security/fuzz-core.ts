import { sql } from 'kysely';
import type { Db } from '../../src/store/db.ts';
import { isEnvelope, rawHttp, type RawReply } from '../helpers/raw-http.ts';

// The standing fuzzer (issue 9): every operation the server documents in its own OpenAPI document
// is called with hostile path parameters, query parameters, headers, bodies and raw HTTP oddities,
// over a raw socket so that nothing a client library would clean up is cleaned up. Properties:
// no 5xx, every error in the envelope with a request id, nothing written by a request that failed.

/** One documented operation. */
interface Operation {
  method: string;
  path: string;
  query: string[];
  bodyFields: string[];
}

/** A property that did not hold, with what reproduces it. */
export interface FuzzFailure {
  request: string;
  problem: string;
  status: number;
  body: string;
}

/** What one fuzz run did. */
export interface FuzzReport {
  requests: number;
  failures: FuzzFailure[];
  byStatus: Record<string, number>;
  seed: number;
}

const NASTY = [
  '',
  ' ',
  '0',
  '-1',
  '1.5',
  '99999999999999999999',
  '18446744073709551616',
  '1e300',
  '1e400',
  'Infinity',
  '-Infinity',
  'NaN',
  'null',
  'true',
  '[]',
  '{}',
  '%zz',
  '%',
  '%00',
  '%C0%AF',
  '%uD800',
  '..%2F..%2Fetc%2Fpasswd',
  "'%20OR%201=1--",
  '<script>',
  '%F0%9F%98%80',
  '%ED%A0%80',
  '1,2,3',
  '__proto__',
  'constructor',
  'a'.repeat(300),
  '9'.repeat(40),
  'ffffffff-ffff-ffff-ffff-ffffffffffff',
  '00000000-0000-0000-0000-000000000000',
  '2026-02-30',
  '2026-01-01T25:61:00Z',
];

const JSON_VALUES: unknown[] = [
  null,
  true,
  0,
  -1,
  1.5,
  2147483648,
  2 ** 53 + 2,
  -(2 ** 53 + 2),
  '',
  'x',
  'a'.repeat(5000),
  '\u0000',
  '\ud800',
  [],
  [null],
  {},
  { id: 'x' },
  [{ id: 1e30 }],
  '__proto__',
];

// Raw numbers JSON.stringify cannot write (they parse as Infinity or lose precision).
const RAW_NUMBERS = ['1e400', '-1e400', '18446744073709551616', '1e-400'];

const CONTENT_TYPES = [
  'application/json',
  'application/json; charset=utf-8',
  'text/plain',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=x',
  'application/xml',
  'application/vnd.api+json',
  'garbage',
  ';;;',
];

/** A small seeded PRNG (mulberry32): a failing run is reproduced with its seed. */
function prng(seed: number) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    chance: (p: number) => next() < p,
    pick: <T>(list: readonly T[]): T => list[Math.floor(next() * list.length)]!,
    int: (max: number) => Math.floor(next() * max),
  };
}
type Rng = ReturnType<typeof prng>;

/** Every operation of the server's OpenAPI document, with its query parameters and body fields. */
export function operationsOf(spec: {
  paths: Record<string, Record<string, Record<string, unknown>>>;
}): Operation[] {
  const ops: Operation[] = [];
  for (const [path, item] of Object.entries(spec.paths)) {
    for (const [method, op] of Object.entries(item)) {
      if (!['get', 'post', 'put', 'patch', 'delete'].includes(method)) continue;
      // Logging out would revoke the fuzzer's own token and leave the rest of the run at 401.
      if (method === 'delete' && path === '/api/v3/access-tokens') continue;
      const params = (op.parameters ?? []) as { in: string; name: string }[];
      const body = op.requestBody as
        { content?: Record<string, { schema?: { properties?: Record<string, unknown> } }> } | undefined;
      const schema = body?.content?.['application/json']?.schema;
      ops.push({
        method: method.toUpperCase(),
        path,
        query: params.filter((p) => p.in === 'query').map((p) => p.name),
        bodyFields: Object.keys(schema?.properties ?? {}),
      });
    }
  }
  return ops;
}

function pathFor(op: Operation, rng: Rng, ids: Record<string, string>): string {
  return op.path.replace(/\{(\w+)\}/g, (_m, name: string) => {
    if (rng.chance(0.5) && ids[name]) return ids[name]!;
    if (rng.chance(0.1)) return 'x'.repeat(150 + rng.int(400));
    return rng.pick(NASTY).replace(/[ '<>]/g, (c) => encodeURIComponent(c)) || '0';
  });
}

function queryFor(op: Operation, rng: Rng): string {
  const names = [...op.query, 'limit', 'offset', 'select', rng.pick(['unknown', '__proto__', 'a[b]'])];
  const parts: string[] = [];
  for (const name of names) {
    if (!rng.chance(0.3)) continue;
    const value = rng.pick(NASTY).replace(/[ '<>]/g, (c) => encodeURIComponent(c));
    parts.push(`${name}=${value}`);
    if (rng.chance(0.1)) parts.push(`${name}=${rng.pick(NASTY)}`); // repeated parameter
  }
  return parts.length ? `?${parts.join('&')}` : '';
}

function bodyFor(op: Operation, rng: Rng): string {
  if (rng.chance(0.1))
    return rng.pick(['{', '[1,', '"x"', 'null', 'username=a&password=b', '\u0000', '{"a":1}}']);
  const fields = [...op.bodyFields, '__proto__', 'constructor', 'unknown_field'];
  const entries: string[] = [];
  for (const f of fields) {
    if (!rng.chance(0.5)) continue;
    const value = rng.chance(0.15) ? rng.pick(RAW_NUMBERS) : JSON.stringify(rng.pick(JSON_VALUES));
    entries.push(`${JSON.stringify(f)}:${value}`);
  }
  return `{${entries.join(',')}}`;
}

function headersFor(rng: Rng, token: string, body: string): string[] {
  const h = ['Host: sitewatch.test', 'Connection: close'];
  // Mostly well-formed envelopes, so the hostile values reach validation and the services.
  const auth = rng.chance(0.75) ? 'valid' : rng.pick(['none', 'junk', 'basic', 'twice']);
  if (auth === 'valid' || auth === 'twice') h.push(`Authorization: Bearer ${token}`);
  if (auth === 'twice') h.push(`Authorization: Bearer ${'f'.repeat(32)}`);
  if (auth === 'junk') h.push(`Authorization: Bearer ${rng.pick(NASTY)}`);
  if (auth === 'basic') h.push('Authorization: Basic YWRtaW46YWRtaW4=');
  if (rng.chance(0.6)) h.push('Content-Type: application/json');
  else if (rng.chance(0.7)) h.push(`Content-Type: ${rng.pick(CONTENT_TYPES)}`);
  const length = Buffer.byteLength(body);
  // No Content-Length longer than the body: the server rightly waits for the rest of it.
  const lengthMode = rng.chance(0.8) ? 'right' : rng.pick(['short', 'huge', 'bad', 'twice', 'none']);
  if (lengthMode === 'right') h.push(`Content-Length: ${length}`);
  if (lengthMode === 'short') h.push(`Content-Length: ${Math.max(0, length - 1)}`);
  if (lengthMode === 'huge') h.push('Content-Length: 999999999999');
  if (lengthMode === 'bad')
    h.push(`Content-Length: ${rng.pick(['-1', 'abc', '1e3', '99999999999999999999'])}`);
  if (lengthMode === 'twice') h.push(`Content-Length: ${length}`, `Content-Length: ${length + 1}`);
  // A body that is no valid chunk stream (JSON never starts with a hex digit and CRLF).
  if (body !== '' && !/^[0-9a-f]/i.test(body) && rng.chance(0.05)) h.push('Transfer-Encoding: chunked');
  if (rng.chance(0.05)) h.push(`X-Forwarded-For: ${rng.pick(['1.2.3.4', 'garbage', '::1, 10.0.0.1'])}`);
  if (rng.chance(0.03)) h.push(`X-Huge: ${'h'.repeat(20_000)}`);
  return h;
}

/** A digest of what the API may write, to prove that a failed request wrote nothing. */
async function fingerprint(db: Db): Promise<string> {
  // Counters of failed logins, users' last_api_access and locations' heartbeats change on
  // purpose; everything else not.
  const tables = [
    'accounts',
    'monitors',
    'monitor_locations',
    'monitor_properties',
    'blackouts',
    'recipients',
    'notifier_groups',
    'slas',
    'properties',
    'property_values',
    'check_results',
    'check_schedules',
  ];
  const parts: string[] = [];
  for (const t of tables) {
    const rows = (await sql`SELECT * FROM ${sql.table(t)}`.execute(db)).rows;
    parts.push(JSON.stringify(rows));
  }
  // Locations without their liveness: the server's own heartbeat stamps last_seen on a timer.
  const locations =
    await sql`SELECT id, account_id, name, region, country, is_private, capabilities, source FROM locations ORDER BY id`.execute(
      db,
    );
  parts.push(JSON.stringify(locations.rows));
  const users = await sql`SELECT id, email, role, disabled, password_hash FROM users`.execute(db);
  parts.push(JSON.stringify(users.rows));
  return parts.join('\n');
}

/**
 * POST /api/token answers its own errors in RFC 6749's shape, `{"error", "error_description"}`
 * (requests the HTTP parser refuses still get the envelope).
 */
function isOAuthError(body: string): boolean {
  try {
    const parsed = JSON.parse(body) as { error?: unknown };
    return typeof parsed.error === 'string';
  } catch {
    return false;
  }
}

function check(reply: RawReply, method: string, path: string): string | null {
  if (reply.status === 0) return 'no HTTP answer';
  if (reply.status >= 500) return `${reply.status} server error`;
  if (!reply.headers['x-request-id']) return 'no X-Request-Id';
  const oauth = path === '/api/token' && method === 'POST';
  if (
    reply.status >= 400 &&
    method !== 'HEAD' &&
    !isEnvelope(reply.body, reply.status) &&
    !(oauth && isOAuthError(reply.body))
  )
    return 'error outside the envelope';
  return null;
}

/**
 * Sends `iterations` hostile requests built from the OpenAPI document of the server at `url`.
 * `ids` fills path parameters with real ids now and then, so deeper code is reached too.
 */
export async function fuzz(opts: {
  url: string;
  db: Db;
  token: string;
  iterations: number;
  seed: number;
  ids?: Record<string, string>;
}): Promise<FuzzReport> {
  const rng = prng(opts.seed);
  const spec = (await (await fetch(`${opts.url}/api/v3/openapi.json`)).json()) as Parameters<
    typeof operationsOf
  >[0];
  const ops = operationsOf(spec);
  const report: FuzzReport = { requests: 0, failures: [], byStatus: {}, seed: opts.seed };
  for (let i = 0; i < opts.iterations; i++) {
    const op = rng.pick(ops);
    const method = rng.chance(0.05) ? rng.pick(['PUT', 'OPTIONS', 'TRACE', 'BREW']) : op.method;
    const target = pathFor(op, rng, opts.ids ?? {}) + queryFor(op, rng);
    const body = method === 'GET' && !rng.chance(0.1) ? '' : bodyFor(op, rng);
    const head = `${method} ${target} HTTP/1.1\r\n${headersFor(rng, opts.token, body).join('\r\n')}\r\n\r\n`;
    const writes = method !== 'GET' || op.path === '/api/v3/tests';
    const before = writes ? await fingerprint(opts.db) : '';
    let reply: RawReply;
    try {
      reply = await rawHttp(opts.url, head + body, 10_000);
    } catch (err) {
      reply = { status: 0, headers: {}, body: String(err) };
    }
    report.requests++;
    report.byStatus[reply.status] = (report.byStatus[reply.status] ?? 0) + 1;
    const label = `${method} ${target.slice(0, 200)} (seed ${opts.seed}, request ${i})`;
    let problem = check(reply, method, target.split('?')[0]!);
    if (!problem && writes && reply.status >= 400 && (await fingerprint(opts.db)) !== before) {
      problem = 'a failed request changed stored data';
    }
    if (problem) {
      report.failures.push({ request: label, problem, status: reply.status, body: reply.body.slice(0, 300) });
    }
  }
  return report;
}
