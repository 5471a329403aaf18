import pino, { type Logger } from 'pino';

/** Paths whose values never reach a log line: passwords, tokens, Authorization headers. */
export const REDACT_PATHS = [
  'password',
  'access_token',
  'token',
  'authorization',
  '*.password',
  '*.access_token',
  '*.token',
  '*.authorization',
  'req.headers.authorization',
  'req.headers.cookie',
  'body.password',
  'admin_password',
];

/**
 * Query parameter names whose values are secrets (docs/compatibility.md §16): API keys, tokens,
 * passwords, signatures. Matched case-insensitively, also with a prefix (`x_api_key`, `aws_sig`).
 */
const SECRET_PARAM =
  /([?&;](?:[\w.-]*?[_.-])?(?:api[_-]?key|apikey|key|token|access[_-]?token|auth|password|passwd|pwd|pass|secret|client[_-]?secret|sig|signature|session|sessionid|credential|credentials|code)=)[^&#\s"'<>]*/gi;
/** `scheme://user:password@` → `scheme://user:***@`; a lone `scheme://token@` is hidden too. */
const USERINFO = /\b([a-z][a-z0-9+.-]*:\/\/)([^/?#@\s:"']*)(?::[^/?#@\s"']*)?@/gi;

/** The text with URL userinfo passwords and secret-looking query values replaced by `***`. */
export function redactUrls(text: string): string {
  const plain = redactPlain(text);
  if (!text.includes('%')) return plain;
  // A URL passed as a query value arrives percent-encoded (`url=http%3A%2F%2Fu%3Ap%40h`): its
  // secrets are found in the decoded text, which is then what the log shows.
  let decoded: string;
  try {
    decoded = decodeURIComponent(plain);
  } catch {
    return plain;
  }
  const redacted = redactPlain(decoded);
  return redacted === decoded ? plain : redacted;
}

function redactPlain(text: string): string {
  if (!text.includes('=') && !text.includes('@')) return text;
  return text
    .replace(USERINFO, (_m, scheme: string, user: string) => `${scheme}${user ? `${user}:***` : '***'}@`)
    .replace(SECRET_PARAM, '$1***');
}

/**
 * A copy of `value` with redactUrls applied to every string of its plain objects and arrays
 * (other objects are kept as they are). Also used on check verdicts that may quote a URL.
 */
export const redactUrlsDeep = (value: unknown): unknown => redactDeep(value);

// Plain objects and arrays are walked; errors and requests are left to their serializers (pino
// applies formatters.log first, and walking an Error would drop its non-enumerable message).
function redactDeep(value: unknown, depth = 0): unknown {
  if (typeof value === 'string') return redactUrls(value);
  if (value instanceof URL) return redactUrls(value.href);
  if (value === null || typeof value !== 'object' || depth > 8) return value;
  if (Array.isArray(value)) return value.map((v) => redactDeep(v, depth + 1));
  const proto = Object.getPrototypeOf(value) as unknown;
  if (proto !== Object.prototype && proto !== null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) out[k] = redactDeep(v, depth + 1);
  return out;
}

// Fastify merges these over its own, so the request line it logs at debug is redacted too.
const serializers = {
  req: (req: { method?: string; url?: string; ip?: string; id?: string }) => ({
    method: req.method,
    url: redactUrls(req.url ?? ''),
    remoteAddress: req.ip,
  }),
  // The standard serializer's output has its own prototype: copy it to a plain object to walk it.
  err: (err: Error) => redactDeep({ ...pino.stdSerializers.err(err) }),
  url: (url: unknown) => (typeof url === 'string' ? redactUrls(url) : url),
};

/**
 * The process logger. Every line passes the URL redaction (userinfo, secret query parameters) at
 * every level: in the message, in any field, in serialized requests and errors.
 */
export function createLogger(level: string, destination?: pino.DestinationStream): Logger {
  return pino(
    {
      level,
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      serializers,
      formatters: { log: (obj) => redactDeep(obj) as Record<string, unknown> },
      hooks: {
        logMethod(args, method) {
          const redacted = args.map((a) => (typeof a === 'string' ? redactUrls(a) : a));
          return method.apply(this, redacted as Parameters<typeof method>);
        },
      },
    },
    destination,
  );
}
