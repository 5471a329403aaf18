import type { FastifyInstance, FastifyRequest } from 'fastify';
import { ApiError } from '../../domain/errors.ts';

const IGNORED_BODY = new Set(['GET', 'HEAD', 'DELETE', 'OPTIONS']);

export const MALFORMED_JSON = 'invalid_request - Malformed JSON body.';

/**
 * Request bodies as real AlertSite clients send them (decisions §1): JSON with or without a
 * Content-Type header, any body on GET/DELETE ignored, other media types refused with 415.
 */
export function registerBodyParsers(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  app.removeAllContentTypeParsers();

  const json = (req: FastifyRequest, body: string, done: (err: Error | null, body?: unknown) => void) => {
    if (IGNORED_BODY.has(req.method)) return done(null, undefined);
    // An empty body is an empty object: the route's own rules then name the missing fields.
    if (body.trim() === '') return done(null, {});
    parseJson(req, body, (err, parsed) => done(err ? new ApiError(400, MALFORMED_JSON) : null, parsed));
  };

  app.addContentTypeParser('application/json', { parseAs: 'string' }, json);
  app.addContentTypeParser(/^application\/[\w.+-]+\+json$/, { parseAs: 'string' }, json);
  app.addContentTypeParser('*', { parseAs: 'string' }, (req, body, done) => {
    if (IGNORED_BODY.has(req.method)) return done(null, undefined);
    if (req.headers['content-type'] === undefined) return json(req, body as string, done);
    done(
      new ApiError(
        415,
        'unsupported_media_type - Send the request body as JSON (Content-Type: application/json).',
      ),
    );
  });
}
