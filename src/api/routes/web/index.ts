import { fileURLToPath } from 'node:url';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { errorBody } from '../../../domain/errors.ts';
import type { App } from '../../types.ts';
import { loadStaticFiles, type StaticFile } from './files.ts';
import { securePage } from './headers.ts';

/** Paths the dashboard answers with its files or index.html: keep in step with web/src/main.tsx. */
export const CLIENT_ROUTES = [
  '/',
  '/assets/*',
  '/monitors/*',
  '/blackouts',
  '/recipients',
  '/groups',
  '/slas',
  '/users',
  '/status-pages',
  '/account',
];

/** Where `npm run build:web` writes the dashboard (web/vite.config.ts). */
export const WEB_DIST = fileURLToPath(new URL('../../../../web/dist/', import.meta.url));

const IMMUTABLE = 'public, max-age=31536000, immutable';
// index.html names the hashed assets of the current build: it must be revalidated every time.
const REVALIDATE = 'no-cache';

function send(req: FastifyRequest, reply: FastifyReply, file: StaticFile, cache: string) {
  securePage(reply)
    .header('cache-control', cache)
    .header('etag', file.etag)
    .header('vary', 'accept-encoding');
  if (req.headers['if-none-match'] === file.etag) return reply.code(304).send();
  reply.type(file.contentType);
  if (file.gzip && /\bgzip\b/.test(String(req.headers['accept-encoding'] ?? ''))) {
    return reply.header('content-encoding', 'gzip').send(file.gzip);
  }
  return reply.send(file.body);
}

/**
 * The dashboard at `/`: hashed assets with a one-year immutable cache, index.html for `/` and
 * every client route (SPA fallback), security headers on all of them. Paths under /api/ that
 * no route matched keep the API's 404 envelope. A missing build answers 503 saying how to make it.
 */
export function registerWeb(app: App, dir = WEB_DIST): WebApp {
  // Loaded on first use and retried while missing, so `npm run build:web` after start works.
  let files: Map<string, StaticFile> | null = null;
  const get = () => (files ??= loadStaticFiles(dir));

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    let path: string;
    try {
      path = decodeURIComponent(req.url.split('?')[0]!);
    } catch {
      return reply.code(404).send(errorBody(404, 'Not found'));
    }
    const all = get();
    if (!all) {
      return securePage(reply)
        .code(503)
        .header('cache-control', 'no-store')
        .send(
          errorBody(
            503,
            'unavailable - The dashboard is not built: run `npm run build:web` (npm install does it).',
          ),
        );
    }
    const asset = all.get(path);
    if (asset && path !== '/index.html')
      return send(req, reply, asset, path.startsWith('/assets/') ? IMMUTABLE : REVALIDATE);
    // A missing hashed asset or file is a 404, not the app: a stale page must not get HTML as JS.
    if (path.startsWith('/assets/') || /\.[a-z0-9]+$/i.test(path)) {
      return securePage(reply).code(404).send(errorBody(404, 'Not found'));
    }
    return send(req, reply, all.get('/index.html')!, REVALIDATE);
  };
  const schema = { hide: true };
  // Only the app's own paths: a catch-all GET would turn every unknown API path and method into
  // a 405 (the not-found handler reports the methods a path has) instead of the 404 envelope.
  for (const path of CLIENT_ROUTES) app.get(path, { schema }, handler);
  return {
    async sendApp(req, reply, status) {
      const index = get()?.get('/index.html');
      if (!index) return handler(req, reply);
      return send(req, reply.code(status), index, REVALIDATE);
    },
  };
}

/** What other page routes need of the dashboard. */
export interface WebApp {
  /** Answers the app's index.html with `status` (the client router draws the page). */
  sendApp(req: FastifyRequest, reply: FastifyReply, status: number): Promise<unknown>;
}
