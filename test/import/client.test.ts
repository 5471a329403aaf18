import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createSitewatchClient } from '../../src/client/index.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

describe('the typed client (src/client)', () => {
  let srv: TestServer;
  before(async () => {
    srv = await startTestServer();
  });
  after(() => srv.close());

  it('logs in, calls typed routes, and logs in again once when the token is revoked', async () => {
    // The README's example, as written there.
    const sw = createSitewatchClient({
      url: `${srv.url}/api/v3`,
      username: 'admin@example.com',
      password: 'first admin secret 1',
    });
    const created = await sw.api.POST('/api/v3/monitors/ping', {
      body: { name: 'Gateway', hostname: '192.0.2.1', interval: 5 },
    });
    assert.equal(created.response.status, 200);
    const { data, error } = await sw.api.GET('/api/v3/monitors', { params: { query: { limit: 100 } } });
    assert.equal(error, undefined);
    assert.deepEqual(
      data?.results.map((m) => m.name),
      ['Gateway'],
    );
    assert.equal(sw.transport.logins(), 1);

    // Revoke the cached token behind the client's back: the next call logs in again, once.
    await srv.request('DELETE', '/api/v3/access-tokens', { token: await sw.transport.token() });
    const again = await sw.api.GET('/api/v3/monitors/{id}', { params: { path: { id: created.data!.id } } });
    assert.equal(again.data?.name, 'Gateway');
    assert.equal(sw.transport.logins(), 2);
  });

  it('answers a refused call with the API error, without retrying 4xx', async () => {
    const sw = createSitewatchClient({
      url: srv.url,
      username: 'admin@example.com',
      password: 'first admin secret 1',
    });
    const r = await sw.api.POST('/api/v3/monitors/ping', { body: { name: '', hostname: '192.0.2.1' } });
    assert.equal(r.response.status, 400);
    assert.equal(r.error?.errors[0]?.fields?.[0], 'name');
  });
});
