import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { runHttp, webConfig } from '../fakes/http-harness.ts';
import { hang, page, startHttpServer, type FakeHttpServer } from '../fakes/http-server.ts';

const html = (objects: string) => `<html><head>${objects}</head><body>shop</body></html>`;

describe('full-page mode: embedded objects', () => {
  let srv: FakeHttpServer;
  before(async () => {
    srv = await startHttpServer({
      '/ok': page(
        html('<link rel="stylesheet" href="/a.css"><script src="/b.js"></script><img src="c.png">'),
      ),
      '/missing': page(html('<img src="/c.png"><img src="/gone.png">')),
      '/slow-object': page(html('<img src="/c.png"><script src="/hang.js"></script>')),
      '/short-object': page(html('<img src="/short.png">')),
      '/a.css': page('body{}', 200, { 'content-type': 'text/css' }),
      '/b.js': page('let x = 1;', 200, { 'content-type': 'text/javascript' }),
      '/c.png': page('PNG'.repeat(100), 200, { 'content-type': 'image/png' }),
      '/hang.js': hang,
      '/short.png': (req, res) => {
        res.writeHead(200, { 'content-type': 'image/png', 'content-length': '100' });
        res.write('x'.repeat(40));
        setTimeout(() => req.socket.destroy(), 20);
      },
    });
  });
  after(() => srv.close());

  const full = (path: string, over: Record<string, unknown> = {}) =>
    webConfig(`${srv.origin}${path}`, {
      check_fullpage_missing_objects: true,
      check_fullpage_object_sizes: true,
      fullpage_object_timeout: 1,
      ...over,
    });

  it('0: every object loads; detail carries the count and bytes', async () => {
    const v = await runHttp('website', full('/ok'));
    assert.equal(v.status, 0, v.info_msg);
    assert.equal(v.detail?.objects, 3);
    assert.equal(v.detail?.object_bytes, 'body{}'.length + 'let x = 1;'.length + 300);
    assert.ok(Number(v.detail?.fullpage_ms) >= v.responseMs!);
  });

  it('7121: an object answers 404', async () => {
    const v = await runHttp('website', full('/missing'));
    assert.equal(v.status, 7121);
    assert.equal(v.info_msg, `an embedded object is missing: ${srv.origin}/gone.png (HTTP 404 Not Found)`);
    const off = await runHttp('website', full('/missing', { check_fullpage_missing_objects: false }));
    assert.equal(off.status, 0, off.info_msg);
  });

  it('7123: an object that never answers times out at fullpage_object_timeout', async () => {
    const v = await runHttp('website', full('/slow-object'));
    assert.equal(v.status, 7123);
    assert.equal(v.info_msg, `an embedded object did not load within 1 s: ${srv.origin}/hang.js`);
  });

  it('7122: an object whose body differs from its declared size', async () => {
    const v = await runHttp('website', full('/short-object'));
    assert.equal(v.status, 7122, v.info_msg);
    assert.equal(
      v.info_msg,
      `embedded object size changed: ${srv.origin}/short.png (40 of 100 declared bytes)`,
    );
  });

  it('2: the check deadline still wins over the object timeout', async () => {
    const v = await runHttp('website', full('/slow-object', { fullpage_object_timeout: 30 }), {
      timeoutMs: 500,
    });
    assert.equal(v.status, 2);
  });

  it('objects go through the egress policy too: one on a refused address is missing', async () => {
    const other = await startHttpServer({ '/': page(html('<img src="http://169.254.169.254/x.png">')) });
    try {
      const v = await runHttp(
        'website',
        webConfig(`${other.origin}/`, { check_fullpage_missing_objects: true }),
      );
      assert.equal(v.status, 7121);
      assert.match(
        v.info_msg,
        /169\.254\.169\.254\/x\.png \(destination 169\.254\.169\.254 is refused by the egress policy \(link-local and cloud metadata addresses are never allowed\)\)/,
      );
    } finally {
      await other.close();
    }
  });
});
