import { randomUUID } from 'node:crypto';
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

/** Every error leaves in the envelope; 500s are logged with the request id (decisions §4). */
export function registerErrorHandling(app: FastifyInstance): void {
  // Callback hooks, not async ones: they run on every request and need no promise.
  app.addHook('onRequest', (req, reply, done) => {
    reply.header('X-Request-Id', req.id);
    done();
  });

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
