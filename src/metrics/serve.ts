import { createHash, timingSafeEqual } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { Metrics } from './index.ts';

const digest = (s: string) => createHash('sha256').update(s).digest();

/**
 * The scrape endpoint of a process without the API (`sitewatch worker --metrics-port N`): plain
 * node:http answering GET /metrics (and /healthz for a supervisor), behind `token` when set.
 */
export async function serveMetrics(
  metrics: Metrics,
  o: { port: number; host: string; token: string | null },
): Promise<{ port: number; close(): Promise<void> }> {
  const expected = o.token === null ? null : digest(o.token);
  const server: Server = createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    if (req.method === 'GET' && path === '/healthz') {
      res.writeHead(200, { 'content-type': 'application/json' }).end('{"status":"ok"}');
      return;
    }
    if (req.method !== 'GET' || path !== '/metrics') {
      res.writeHead(404, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ errors: [{ code: 404, message: 'Not found', fields: [] }] }));
      return;
    }
    if (expected) {
      const m = /^\s*bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? '');
      if (!m || !timingSafeEqual(digest(m[1]!), expected)) {
        res.writeHead(401, { 'content-type': 'application/json', 'www-authenticate': 'Bearer' });
        res.end(
          JSON.stringify({
            errors: [{ code: 401, message: 'unauthorized - /metrics needs its bearer token.', fields: [] }],
          }),
        );
        return;
      }
    }
    metrics.registry.metrics().then(
      (text) => res.writeHead(200, { 'content-type': metrics.registry.contentType }).end(text),
      () => res.writeHead(500).end(),
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(o.port, o.host, resolve);
  });
  const address = server.address();
  return {
    port: typeof address === 'object' && address ? address.port : o.port,
    close: () => new Promise<void>((r) => server.close(() => r())),
  };
}
