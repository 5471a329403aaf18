import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { startTestServer, type TestServer } from '../helpers/server.ts';

describe('OpenAPI, console and probes', () => {
  let srv: TestServer;
  before(async () => {
    srv = await startTestServer();
  });
  after(() => srv.close());

  it('serves the OpenAPI document generated from the route schemas, without a token', async () => {
    const r = await srv.request('GET', '/api/v3/openapi.json');
    assert.equal(r.status, 200);
    const spec = r.json;
    assert.equal(spec.openapi, '3.0.3');
    assert.ok(spec.paths['/api/v3/access-tokens'].post);
    assert.ok(spec.paths['/api/v3/access-tokens'].delete);
    for (const m of ['get', 'patch', 'delete']) assert.ok(spec.paths['/api/v3/users/{id}'][m], m);
    assert.ok(spec.components.schemas.User);
    assert.ok(spec.components.schemas.ErrorEnvelope);
    assert.deepEqual(spec.components.securitySchemes.bearerAuth, { type: 'http', scheme: 'bearer' });
    assert.deepEqual(spec.paths['/api/v3/access-tokens'].post.security, []);
    for (const [path, item] of Object.entries<Record<string, { summary?: string }>>(spec.paths)) {
      for (const [method, op] of Object.entries(item))
        assert.ok(op.summary, `${method} ${path} has a summary`);
    }
  });

  it('serves the interactive console', async () => {
    const r = await srv.request('GET', '/api/v3/docs/');
    assert.equal(r.status, 200);
    assert.match(r.text, /swagger/i);
  });

  it('answers /healthz and /readyz without a token', async () => {
    assert.deepEqual((await srv.request('GET', '/healthz')).json, { status: 'ok' });
    assert.deepEqual((await srv.request('GET', '/readyz')).json, {
      status: 'ok',
      outbox: { pending: 0, oldest_pending_age_seconds: null },
    });
  });

  it('answers /readyz with 503 when the database is gone', async () => {
    const other = await startTestServer();
    await other.runtime.close();
    const r = await other.request('GET', '/readyz');
    assert.equal(r.status, 503);
    assert.equal(r.json.errors[0].code, 503);
    await other.close().catch(() => {});
  });
});
