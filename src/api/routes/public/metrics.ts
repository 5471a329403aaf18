import { timingSafeEqual, createHash } from 'node:crypto';
import { bearerToken } from '../../../auth/tokens.ts';
import { ApiError } from '../../../domain/errors.ts';
import type { Deps } from '../../../deps.ts';
import type { App } from '../../types.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * GET /metrics: this process's Prometheus metrics, outside the API's access tokens. With
 * SITEWATCH_METRICS_TOKEN set it wants `Authorization: Bearer <that token>` (compared in constant
 * time); otherwise it is open, for a scraper on a private network.
 */
export function registerMetricsRoute(app: App, deps: Deps): void {
  const { registry } = deps.metrics;
  const expected = deps.settings.metricsToken === null ? null : digest(deps.settings.metricsToken);
  app.get(
    '/metrics',
    { schema: { tags: ['health'], summary: 'Prometheus metrics of this process', security: [] } },
    async (req, reply) => {
      if (expected) {
        const given = bearerToken(req.headers.authorization);
        if (given === null || !timingSafeEqual(digest(given), expected))
          throw new ApiError(401, 'unauthorized - /metrics needs its bearer token.', undefined, {
            'WWW-Authenticate': 'Bearer realm="sitewatch-metrics"',
          });
      }
      const text = await registry.metrics();
      return reply.type(registry.contentType).send(text);
    },
  );
}

/**
 * Times every request by route pattern (not the raw URL: ids would explode the label set), in a
 * callback onResponse hook: no promise per request, ~1 µs.
 */
export function registerRequestTiming(app: App, deps: Deps): void {
  const h = deps.metrics.httpDuration;
  app.addHook('onResponse', (req, reply, done) => {
    h.observe(
      { route: req.routeOptions.url ?? 'unmatched', method: req.method, status: reply.statusCode },
      reply.elapsedTime / 1000,
    );
    done();
  });
}
