import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import Fastify from 'fastify';
import { registerWeb } from '../../src/api/routes/web/index.ts';
import type { App } from '../../src/api/types.ts';

// The dashboard's static handler on its own: a missing build explains itself, assets are gzipped
// when asked, ETags answer 304, and client routes get index.html with the page headers.

function appFor(dir: string): App {
  const app = Fastify() as unknown as App;
  registerWeb(app, dir);
  return app;
}

describe('dashboard static files', () => {
  it('answers 503 with the command to run when web/dist is missing', async () => {
    const app = appFor(join(tmpdir(), 'no-such-dist-' + process.pid));
    const r = await app.inject({ method: 'GET', url: '/' });
    assert.equal(r.statusCode, 503);
    assert.match(r.json().errors[0].message, /npm run build:web/);
    assert.equal(r.headers['x-frame-options'], 'DENY');
  });

  it('serves index.html for client routes, gzipped assets, and 304 on a matching ETag', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sitewatch-dist-'));
    mkdirSync(join(dir, 'assets'));
    writeFileSync(
      join(dir, 'index.html'),
      '<!doctype html><script type="module" src="/assets/a-1.js"></script>',
    );
    const js = 'console.log("sitewatch");\n'.repeat(200);
    writeFileSync(join(dir, 'assets', 'a-1.js'), js);
    const app = appFor(dir);
    for (const url of ['/', '/monitors/12', '/blackouts', '/status-pages']) {
      const r = await app.inject({ method: 'GET', url });
      assert.equal(r.statusCode, 200, url);
      assert.match(r.body, /^<!doctype html>/);
      assert.equal(r.headers['cache-control'], 'no-cache');
      assert.match(String(r.headers['content-security-policy']), /default-src 'self'/);
    }
    const gz = await app.inject({
      method: 'GET',
      url: '/assets/a-1.js',
      headers: { 'accept-encoding': 'gzip' },
    });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.equal(gunzipSync(gz.rawPayload).toString(), js);
    assert.equal(gz.headers['cache-control'], 'public, max-age=31536000, immutable');
    const again = await app.inject({
      method: 'GET',
      url: '/assets/a-1.js',
      headers: { 'if-none-match': String(gz.headers.etag) },
    });
    assert.equal(again.statusCode, 304);
    assert.equal((await app.inject({ method: 'GET', url: '/assets/gone-2.js' })).statusCode, 404);
    // A malformed escape is refused (by Fastify's router, or by the handler), never a 500.
    assert.ok(
      [400, 404].includes((await app.inject({ method: 'GET', url: '/monitors/%E0%A4%A' })).statusCode),
    );
  });
});
