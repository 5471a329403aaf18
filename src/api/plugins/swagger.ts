import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** OpenAPI generated from the route schemas, and the interactive console AlertSite users know. */
export async function registerSwagger(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'sitewatch Management API',
        description:
          'AlertSite Management API v3 compatible. Log in with POST /access-tokens, then send Authorization: Bearer <token>.',
        version: '3.0.0',
      },
      components: { securitySchemes: { bearerAuth: { type: 'http', scheme: 'bearer' } } },
      security: [{ bearerAuth: [] }],
    },
    // Keep the schemas' own names ($id) in components instead of def-0, def-1, …
    refResolver: {
      buildLocalReference: (json, _baseUri, _fragment, i) => (json.$id as string) || `def-${i}`,
    },
  });
  await app.register(swaggerUi, { routePrefix: '/api/v3/docs' });
  app.get('/api/v3/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
