import { randomUUID } from 'node:crypto';
import type { ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { ApiError, errorBody } from '../../domain/errors.ts';
import { validationError } from '../../domain/validate.ts';
import { MALFORMED_JSON } from './body.ts';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

// Fastify's own client errors, by code, in AlertSite's wording.
const FASTIFY_ERRORS: Record<string, [number, string]> = {
  FST_ERR_CTP_BODY_TOO_LARGE: [413, 'payload_too_large - Request body is too large.'],
  FST_ERR_CTP_INVALID_MEDIA_TYPE: [415, 'unsupported_media_type - Send the request body as JSON.'],
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: [400, 'invalid_request - Content-Length does not match the body.'],
  FST_ERR_CTP_EMPTY_JSON_BODY: [400, MALFORMED_JSON],
  FST_ERR_CTP_INVALID_JSON_BODY: [400, MALFORMED_JSON],
  FST_ERR_BAD_URL: [400, 'invalid_request - Malformed URL.'],
  FST_ERR_MAX_PARAM_LENGTH: [414, 'uri_too_long - A path parameter is too long.'],
  FST_ERR_ASYNC_CONSTRAINT: [400, 'invalid_request - Request could not be routed.'],
};

export function toApiError(err: FastifyError): ApiError | null {
  if (err instanceof ApiError) return err;
  if (err.validation) return validationError(err.validation as never, err.validationContext);
  const known = FASTIFY_ERRORS[err.code];
  if (known) return new ApiError(known[0], known[1]);
  if (err instanceof SyntaxError) return new ApiError(400, MALFORMED_JSON);
  if (err.statusCode && err.statusCode >= 400 && err.statusCode < 500) {
    return new ApiError(err.statusCode, 'invalid_request - The request could not be processed.');
  }
  return null;
}

export function sendApiError(reply: FastifyReply, e: ApiError): FastifyReply {
  if (e.headers) reply.headers(e.headers);
  return reply.code(e.status).type('application/json; charset=utf-8').send(e.body());
}

function sendInternal(req: FastifyRequest, reply: FastifyReply, err: unknown): FastifyReply {
  req.log.error({ err, component: 'api', reqId: req.id }, 'request failed');
  return reply
    .code(500)
    .type('application/json; charset=utf-8')
    .send(
      errorBody(500, `internal_error - The server could not complete the request (request id ${req.id}).`),
    );
}

// Headers that must appear once: Node keeps the first of two Authorization headers silently, so a
// proxy and the server could each honour a different one (docs/compatibility.md §16).
const SINGLE_HEADERS = new Set(['authorization', 'content-type', 'host']);

/** The name of the first single-valued header sent more than once, or null. */
export function duplicatedHeader(raw: string[]): string | null {
  let seen = '';
  for (let i = 0; i < raw.length; i += 2) {
    const name = raw[i]!.toLowerCase();
    if (!SINGLE_HEADERS.has(name)) continue;
    if (seen.includes(`|${name}|`))
      return name === 'authorization' ? 'Authorization' : name === 'host' ? 'Host' : 'Content-Type';
    seen += `|${name}|`;
  }
  return null;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /**
     * The route answers its errors in a body another standard defines (POST /api/token: RFC 6749
     * `{"error": …}`); the catch-all leaves them as they are.
     */
    ownErrorBody?: boolean;
  }
}

/** Every error leaves in the envelope; 500s are logged with the request id (docs/compatibility.md §4). */
export function registerErrorHandling(app: FastifyInstance): void {
  // Callback hooks, not async ones: they run on every request and need no promise.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('X-Request-Id', req.id);
    const twice = duplicatedHeader(req.raw.rawHeaders);
    done(
      twice ? new ApiError(400, `invalid_request - The ${twice} header is sent more than once.`) : undefined,
    );
  });

  envelopeEveryError(app);
  app.setErrorHandler((err: FastifyError, req, reply) => {
    const e = toApiError(err);
    return e ? sendApiError(reply, e) : sendInternal(req, reply, err);
  });

  app.setNotFoundHandler((req, reply) => {
    const path = req.url.split('?')[0] ?? '/';
    const allowed = METHODS.filter((method) => app.findRoute({ method, url: path }) !== null);
    if (allowed.length > 0) {
      return sendApiError(
        reply,
        new ApiError(405, `method_not_allowed - ${req.method} is not allowed here.`, undefined, {
          Allow: allowed.join(', '),
        }),
      );
    }
    return sendApiError(reply, new ApiError(404, 'Not found'));
  });
}

/** Request ids are ours, never taken from the client (they end up in logs). */
export const genReqId = () => randomUUID();

/**
 * Fastify's `frameworkErrors`: what the router decides before any hook runs (bad percent-encoding,
 * over-long path parameters, failed constraints) leaves in the envelope with a request id
 * (docs/compatibility.md §16), not in Fastify's own body.
 */
export function frameworkErrors(err: FastifyError, req: FastifyRequest, reply: FastifyReply): void {
  reply.header('X-Request-Id', req.id);
  const e = toApiError(err) ?? new ApiError(400, 'invalid_request - The request could not be processed.');
  void sendApiError(reply, e);
}

// What Node's HTTP parser refuses never becomes a request; the socket still gets the envelope.
const PARSER_ERRORS: Record<string, [number, string, string]> = {
  HPE_HEADER_OVERFLOW: [431, 'Request Header Fields Too Large', 'request_too_large - Headers are too large.'],
  ERR_HTTP_REQUEST_TIMEOUT: [408, 'Request Timeout', 'request_timeout - The request took too long.'],
  ERR_HTTP_HEADERS_TIMEOUT: [408, 'Request Timeout', 'request_timeout - The request took too long.'],
};

/**
 * Fastify's `clientErrorHandler`: a request the HTTP parser rejects (bad Content-Length, bad
 * header, oversized headers) gets the envelope and a fresh request id, then the connection closes.
 */
export function clientErrorHandler(err: NodeJS.ErrnoException, socket: Socket): void {
  if (err.code === 'ECONNRESET' || socket.destroyed || !socket.writable) return;
  // Bytes after a request on the same connection that do not parse: the earlier request is still
  // being answered. Writing the 400 now would put it in front of that answer (the client would
  // read "400" for a request that succeeded); finish the answer, then close.
  const inFlight = (socket as Socket & { _httpMessage?: ServerResponse | null })._httpMessage;
  if (inFlight && !inFlight.writableFinished) {
    // A request whose own body failed to parse (a broken chunk stream) waits for a body that never
    // comes: its answer is this 400, not a wait. Only an answer under way is let finish.
    const ownBody = !inFlight.req.complete;
    if (!ownBody || inFlight.headersSent) {
      inFlight.once('close', () => socket.destroy());
      if (ownBody) socket.destroy();
      return;
    }
  }
  const [status, reason, message] = PARSER_ERRORS[err.code ?? ''] ?? [
    400,
    'Bad Request',
    'invalid_request - Malformed HTTP request.',
  ];
  const body = JSON.stringify(errorBody(status, message));
  socket.end(
    `HTTP/1.1 ${status} ${reason}\r\nContent-Type: application/json; charset=utf-8\r\n` +
      `Content-Length: ${Buffer.byteLength(body)}\r\nX-Request-Id: ${genReqId()}\r\n` +
      `Connection: close\r\n\r\n${body}`,
  );
}

/**
 * Whether an error payload is JSON outside the envelope (Fastify's `{"statusCode","error",
 * "message"}` shape and the like). HTML or text error pages of public routes are left alone.
 */
function strayJson(payload: unknown): boolean {
  if (typeof payload !== 'string') return false; // streams and buffers are downloads
  try {
    const parsed = JSON.parse(payload) as { errors?: unknown } | null;
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed.errors);
  } catch {
    return false;
  }
}

/**
 * The catch-all: any error answer that is not in the envelope (Fastify's default body from a
 * handler that failed while failing, a plugin's own reply) is rewritten into it, so no path, known
 * or future, can leak Fastify's shape. Only error statuses pay for the check.
 */
function envelopeEveryError(app: FastifyInstance): void {
  app.addHook('onSend', (req, reply, payload, done) => {
    if (reply.statusCode < 400 || req.routeOptions.config?.ownErrorBody || !strayJson(payload))
      return done(null, payload);
    reply.header('X-Request-Id', req.id).type('application/json; charset=utf-8');
    const message =
      reply.statusCode >= 500
        ? `internal_error - The server could not complete the request (request id ${req.id}).`
        : 'invalid_request - The request could not be processed.';
    reply.removeHeader('content-length');
    done(null, JSON.stringify(errorBody(reply.statusCode, message)));
  });
}
