import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import type { FastifyInstance } from 'fastify';

/** sitewatch's name where the console would show Fastify's logo. */
const LOGO = `<svg xmlns="http://www.w3.org/2000/svg" width="150" height="32" viewBox="0 0 150 32" role="img" aria-label="sitewatch">
<text x="0" y="24" font-family="sans-serif" font-size="24" font-weight="700" fill="#ffffff">sitewatch</text></svg>`;

/** Hides the "Explore" URL bar: the console documents this server's API and nothing else. */
const CONSOLE_CSS = `.swagger-ui .topbar .download-url-wrapper { display: none; }
.swagger-ui .topbar { background-color: #1f2937; }`;

/** OpenAPI generated from the route schemas, and the interactive console AlertSite users know. */
export async function registerSwagger(app: FastifyInstance): Promise<void> {
  await app.register(swagger, {
    openapi: {
      openapi: '3.0.3',
      info: {
        title: 'sitewatch Management API',
        // Markdown: code spans keep `<token>` literal (bare, the console reads it as an HTML tag).
        description:
          'AlertSite Management API v3 compatible. Log in with `POST /api/v3/access-tokens`, then send `Authorization: Bearer <token>` on every call.',
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
  await app.register(swaggerUi, {
    routePrefix: '/api/v3/docs',
    logo: { type: 'image/svg+xml', content: LOGO, href: '/api/v3/docs' },
    theme: {
      title: 'sitewatch API console',
      css: [{ filename: 'sitewatch.css', content: CONSOLE_CSS }],
    },
  });
  app.get('/api/v3/openapi.json', { schema: { hide: true } }, async () => app.swagger());
}
