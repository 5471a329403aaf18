import { Type } from 'typebox';
import type { Deps } from '../../../deps.ts';
import { statusPagesOf } from '../../../status-pages/index.ts';
import { errorResponses } from '../../schemas/common.ts';
import type { App } from '../../types.ts';
import { securePage } from '../web/headers.ts';
import type { WebApp } from '../web/index.ts';
import { PublicStatusPage, Slug } from './schema.ts';

// A slug of another shape (NUL, `%00`, 200 characters …) is a page that cannot exist: 404 before
// any lookup, so no database sees it.
const Params = Type.Object({ slug: Slug });

/**
 * The public status pages, no token: `/status/<slug>` is the dashboard's page (the client draws
 * it from the JSON) and `/status/<slug>/data` the JSON, both from the in-process cache.
 */
export function registerPublicStatus(app: App, deps: Deps, web: WebApp): void {
  const pages = statusPagesOf(deps).public;
  const seconds = deps.settings.statusPageCacheSeconds;
  app.addSchema(PublicStatusPage);
  app.get(
    '/status/:slug/data',
    {
      schema: {
        tags: ['status-pages'],
        summary: 'The public JSON of a status page (no token; cached)',
        description: `sitewatch extension. Title, current status, 90 daily uptime bars and incidents of the page's monitors only. Served from memory for ${seconds} s (SITEWATCH_STATUS_PAGE_CACHE_SECONDS): no database statement while cached. Unknown slug: 404.`,
        security: [],
        params: Params,
        response: { 200: Type.Ref('PublicStatusPage'), ...errorResponses(404) },
      },
    },
    async (req, reply) => {
      const answer = await pages.data((req.params as { slug: string }).slug);
      // The body is serialized once per rebuild; the schema above documents it.
      return securePage(reply)
        .code(answer.status)
        .header('cache-control', `public, max-age=${Math.min(seconds, 30)}`)
        .type('application/json; charset=utf-8')
        .serializer((s: unknown) => s as string)
        .send(answer.body);
    },
  );
  app.get('/status/:slug', { schema: { hide: true, params: Params } }, async (req, reply) => {
    const answer = await pages.data((req.params as { slug: string }).slug);
    return web.sendApp(req, reply, answer.status);
  });
}
