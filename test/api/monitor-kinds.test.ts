import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { EXECUTED_TYPES, executionOf, executorsByType, TYPE_NAMES } from '../../src/monitors/registry.ts';
import { DIALECTS } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createMonitor, getMonitor } from './monitors-helpers.ts';

// One registry entry per monitor type (spec + executor or API-only), what a monitor says about
// being run, browser_type on DéjàClick, and unknown types in the path.

describe('monitor registry', () => {
  it('gives every executed type an executor and no API-only type one', () => {
    const executors = executorsByType();
    assert.deepEqual([...executors.keys()].sort(), [...EXECUTED_TYPES].sort());
    for (const type of ['api', 'selenium', 'bitbar', 'serveragent']) {
      assert.equal(executors.has(type), false, type);
      assert.equal(executionOf(type, {}).executed, false, type);
      assert.match(executionOf(type, {}).note ?? '', /Stored but not run/);
    }
    for (const [type, ex] of executors) assert.ok(ex.types.includes(type), `${ex.kind} declares ${type}`);
    assert.equal(TYPE_NAMES.length, 18);
  });

  it('runs DéjàClick only with a url', () => {
    assert.deepEqual(executionOf('dejaclick', { url: 'https://shop.example.com/' }), {
      executed: true,
      note: null,
    });
    assert.equal(executionOf('dejaclick', { url: '', script: '<x/>' }).executed, false);
  });
});

for (const dialect of DIALECTS) {
  describe(`monitor types over HTTP (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    before(async () => {
      srv = await startTestServer({ dialect });
      token = await srv.login();
    });
    after(() => srv.close());

    it('GET /monitors/{id} says whether sitewatch runs the monitor, and why not', async () => {
      const web = await getMonitor(srv, token, await createMonitor(srv, token, 'website'));
      assert.equal(web.executed, true);
      assert.equal(web.execution_note, null);
      const soap = await getMonitor(srv, token, await createMonitor(srv, token, 'api'));
      assert.equal(soap.executed, false);
      assert.match(soap.execution_note, /SoapUI/);
      const scriptOnly = await getMonitor(
        srv,
        token,
        await createMonitor(srv, token, 'dejaclick', { url: undefined, script: '<script/>' }),
      );
      assert.equal(scriptOnly.executed, false);
      assert.match(scriptOnly.execution_note, /url/);
    });

    it('keeps and returns browser_type on DéjàClick monitors, defaulting to CH', async () => {
      const id = await createMonitor(srv, token, 'dejaclick', { browser_type: 'FF' });
      assert.equal((await getMonitor(srv, token, id)).browser_type, 'FF');
      const r = await srv.request('PATCH', `/api/v3/monitors/dejaclick/${id}`, {
        token,
        body: { browser_type: 'IE' },
      });
      assert.equal(r.status, 200, r.text);
      assert.equal((await getMonitor(srv, token, id)).browser_type, 'IE');
      const plain = await getMonitor(srv, token, await createMonitor(srv, token, 'dejaclick'));
      assert.equal(plain.browser_type, 'CH');
    });

    it('answers 404 naming the types for an unknown type in the path', async () => {
      const create = await srv.request('POST', '/api/v3/monitors/webiste', { token, body: { name: 'x' } });
      assert.equal(create.status, 404);
      assert.match(create.json.errors[0].message, /"webiste" is not a monitor type/);
      assert.match(create.json.errors[0].message, /website, website-ssl, .*name-server/);
      const id = await createMonitor(srv, token, 'website');
      const edit = await srv.request('PATCH', `/api/v3/monitors/webiste/${id}`, { token, body: {} });
      assert.equal(edit.status, 404);
      assert.match(edit.json.errors[0].message, /not a monitor type/);
      // Known routes under /monitors/{id} still work.
      const clone = await srv.request('POST', `/api/v3/monitors/${id}/clone`, { token, body: { name: 'c' } });
      assert.equal(clone.status, 200, clone.text);
      const unauth = await srv.request('POST', '/api/v3/monitors/webiste', { body: {} });
      assert.equal(unauth.status, 401);
    });
  });
}
