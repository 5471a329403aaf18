import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../../domain/errors.ts';
import { UNSAFE_NUMBER, unsafeNumberPath } from '../validation.ts';

const IGNORED_BODY = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route also takes real form fields (`a=1&b=2`) under `application/x-www-form-urlencoded`
     * (POST /access-tokens: `username=…&password=…`); every other route answers them 415.
     */
    formFields?: boolean;
  }
}

const UNSUPPORTED =
  'unsupported_media_type - Send the request body as JSON (Content-Type: application/json).';

export const MALFORMED_JSON = 'invalid_request - Malformed JSON body.';

/** The path of the first string holding a NUL character, or null. */
function nulPath(value: unknown, path: string, depth = 0): string | null {
  if (typeof value === 'string') return value.includes('\u0000') ? path || 'body' : null;
  if (value === null || typeof value !== 'object' || depth > 64) return null;
  for (const [k, v] of Object.entries(value)) {
    const sub = Array.isArray(value) ? `${path}[${k}]` : path ? `${path}.${k}` : k;
    const found = nulPath(v, sub, depth + 1);
    if (found) return found;
  }
  return null;
}

/** Form fields as an object of strings (the last of repeated names wins); values are never arrays. */
function formFields(body: string): Record<string, string> {
  const out: Record<string, string> = Object.create(null);
  for (const [k, v] of new URLSearchParams(body)) out[k] = v;
  return { ...out };
}

/**
 * Request bodies as real AlertSite clients send them (docs/compatibility.md §1, §16): JSON with or
 * without a Content-Type header, and under `application/x-www-form-urlencoded` too when the body
 * is JSON (what `curl -d` sends without `-H`); any body on GET/DELETE ignored; real form fields
 * only where a route asks for them (`formFields`); other media types refused with 415.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  // __proto__ and constructor.prototype keys are dropped like any unknown field, never applied.
  const parseJson = app.getDefaultJsonParser('remove', 'remove');
  app.removeAllContentTypeParsers();

  const json = (req: FastifyRequest, body: string, done: (err: Error | null, body?: unknown) => void) => {
    if (IGNORED_BODY.has(req.method)) return done(null, undefined);
    // An empty body is an empty object: the route's own rules then name the missing fields.
    if (body.trim() === '') return done(null, {});
    parseJson(req, body, (err, parsed) => done(err ? new ApiError(400, MALFORMED_JSON) : null, parsed));
  };

  // PostgreSQL text cannot hold NUL: refuse it for every route and field before any SQL sees it.
  // Numbers beyond the safe integer range (1e400 parses as Infinity) are refused the same way.
  app.addHook('preValidation', (req, _reply, done) => {
    const field = nulPath(req.query, '') ?? nulPath(req.body, '');
    if (field) return done(new ApiError(400, 'must not contain NUL characters', [field]));
    const big = unsafeNumberPath(req.body);
    done(big ? new ApiError(400, UNSAFE_NUMBER, [big]) : undefined);
  });

  app.addContentTypeParser('application/json', { parseAs: 'string' }, json);
  app.addContentTypeParser(/^application\/[\w.+-]+\+json$/, { parseAs: 'string' }, json);
  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (req, body, done) => {
    if (IGNORED_BODY.has(req.method)) return done(null, undefined);
    const text = body as string;
    // A JSON object or array cannot be meant as form fields: `{"a":1}` would be one odd field name.
    if (/^\s*[[{]/.test(text)) return json(req, text, done);
    if (req.routeOptions.config?.formFields) return done(null, formFields(text));
    done(new ApiError(415, UNSUPPORTED));
  });
  app.addContentTypeParser('*', { parseAs: 'string' }, (req, body, done) => {
    if (IGNORED_BODY.has(req.method)) return done(null, undefined);
    if (req.headers['content-type'] === undefined) return json(req, body as string, done);
    done(new ApiError(415, UNSUPPORTED));
  });
}
