import Fastify, { LogController, type FastifyBaseLogger } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { Deps } from '../deps.ts';
import { registerAuth } from './plugins/auth.ts';
import { registerBodyParsers } from './plugins/body.ts';
import { clientErrorHandler, frameworkErrors, genReqId, registerErrorHandling } from './plugins/errors.ts';
import { registerSwagger } from './plugins/swagger.ts';
import { registerLogin } from './routes/access-tokens.ts';
import { registerGatedRoutes } from './routes/index.ts';
import { registerHealth } from './routes/public/health.ts';
import { registerOAuthToken } from './routes/public/token.ts';
import { registerPublicStatus } from './routes/status-pages/public.ts';
import { registerWeb } from './routes/web/index.ts';
import { registerMetricsRoute, registerRequestTiming } from './routes/public/metrics.ts';
import { ErrorEnvelope, IdResponse } from './schemas/common.ts';
import type { App } from './types.ts';
import { buildValidator } from './validation.ts';

/** Builds the HTTP API: plugins in dependency order, public routes, then the token-gated ones. */
export async function buildApp(deps: Deps): Promise<App> {
  const app = Fastify({
    loggerInstance: deps.log.child({ component: 'api' }) as FastifyBaseLogger,
    // Per-request log lines halve throughput; they are on only at debug and trace.
    logController: new LogController({
      disableRequestLogging: deps.settings.logLevel !== 'debug' && deps.settings.logLevel !== 'trace',
    }),
    bodyLimit: deps.settings.bodyLimitBytes,
    // Fastify accepts a hop count too (documented), though its types list only the other forms.
    trustProxy: deps.settings.trustProxy as boolean | string[],
    genReqId,
    requestIdHeader: false,
    routerOptions: { ignoreTrailingSlash: true, maxParamLength: 200 },
    // The builder signature is looser than Fastify's union of Ajv/JTD builders.
    // Requests the HTTP parser or the router rejects still get the envelope and a request id.
    clientErrorHandler,
    frameworkErrors,
    schemaController: { compilersFactory: { buildValidator: buildValidator as never } },
  }).withTypeProvider<TypeBoxTypeProvider>();

  registerErrorHandling(app);
  registerBodyParsers(app);
  app.addSchema(ErrorEnvelope);
  app.addSchema(IdResponse);
  await registerSwagger(app);

  registerHealth(app, deps);
  await registerOAuthToken(app, deps);
  registerPublicStatus(app, deps, registerWeb(app));
  registerRequestTiming(app, deps);
  registerMetricsRoute(app, deps);
  await app.register(
    async (api) => {
      const v3 = api as App;
      registerLogin(v3, deps);
      await v3.register(async (gated) => {
        const scope = gated as App;
        registerAuth(scope, deps);
        registerGatedRoutes(scope, deps);
      });
    },
    { prefix: '/api/v3' },
  );
  return app;
}
