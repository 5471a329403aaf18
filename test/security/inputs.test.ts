import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import { isEnvelope, rawHttp } from '../helpers/raw-http.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Issue 9, findings 1, 2 and 9: numbers outside the safe integer range, router and parser
// refusals outside the envelope, duplicate Authorization headers, union messages, `select` on a
// test result (docs/compatibility.md §16).

const HUGE = ['99999999999999999999', 'Infinity', '-Infinity', '1e300', '18446744073709551616'];

for (const dialect of DIALECTS) {
  describe(`hostile input values (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    before(async () => {
      srv = await startTestServer({ dialect, env: { SITEWATCH_EGRESS_ALLOW: '127.0.0.0/8' } });
      token = await srv.login();
    });
    after(() => srv.close());

    it('refuses huge numbers in the query with a 400 naming the parameter, on every list', async () => {
      for (const list of ['/monitors', '/recipients', '/blackouts', '/users', '/slas', '/notifier-groups']) {
        for (const param of ['offset', 'limit']) {
          for (const value of HUGE) {
            const r = await srv.request('GET', `/api/v3${list}?${param}=${value}`, { token });
            assert.equal(r.status, 400, `${list}?${param}=${value}: ${r.text}`);
            assert.deepEqual(r.json.errors[0].fields, [param]);
            if (!value.startsWith('-')) assert.match(r.json.errors[0].message, /9007199254740991/);
          }
        }
      }
    });

    it('refuses huge numbers in bodies instead of storing null, Infinity or a rounded value', async () => {
      const bodies = [
        ['interval_fullpage', '1e400'],
        ['performance_alert_type', '1e400'],
        ['timeout', '18446744073709551616'],
        ['interval', '-1e400'],
      ];
      for (const [field, value] of bodies) {
        const raw = `{"name":"big","url":"http://127.0.0.1:9/","${field}":${value}}`;
        const r = await srv.request('POST', '/api/v3/monitors/website', {
          token,
          raw,
          headers: { 'content-type': 'application/json' },
        });
        assert.equal(r.status, 400, `${field}=${value}: ${r.text}`);
        assert.deepEqual(r.json.errors[0].fields, [field]);
      }
      const listed = await srv.request('GET', '/api/v3/monitors', { token });
      assert.equal(listed.json.metadata.resultset.count, 0, 'nothing was stored');
    });

    it('answers GET /tests/{id}?select=… with the selected fields, not a 500', async () => {
      const run = await srv.request('GET', '/api/v3/tests?url=http://127.0.0.1:9/', { token });
      assert.equal(run.status, 200, run.text);
      for (const select of ['id', 'id,status', '', 'nothing']) {
        const r = await srv.request('GET', `/api/v3/tests/${run.json.id}?select=${select}`, { token });
        assert.equal(r.status, 200, `select=${select}: ${r.text}`);
        const expected = select === 'id' ? { id: run.json.id } : undefined;
        if (expected) assert.deepEqual(r.json, expected);
      }
    });

    it('lists every accepted value when a union of literals is refused', async () => {
      const r = await srv.request('GET', '/api/v3/tests?hostname=example.com&test_type=tcp', { token });
      assert.equal(r.status, 400);
      assert.equal(r.json.errors[0].message, 'must be one of: Fullpage, Non-Fullpage, ping');
      assert.deepEqual(r.json.errors[0].fields, ['test_type']);
    });

    it('answers router refusals in the envelope with a request id', async () => {
      for (const path of [`/api/v3/monitors/${'a'.repeat(250)}`, '/api/v3/monitors/%zz', '/api/v3/%']) {
        const r = await srv.request('GET', path, { token });
        assert.ok(r.status >= 400 && r.status < 500, `${path}: ${r.status}`);
        assert.ok(isEnvelope(r.text, r.status), `${path}: ${r.text}`);
        assert.match(r.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
      }
    });

    it('answers what the HTTP parser refuses in the envelope with a request id', async () => {
      const cases = [
        'GET /api/v3/monitors HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
        'POST /api/v3/monitors HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\nContent-Length: 6\r\n\r\nhello',
        'GET /api/v3/monitors HTTP/1.1\r\nHost: x\r\nX-Bad\u0001Header: 1\r\n\r\n',
        `GET /api/v3/monitors HTTP/1.1\r\nHost: x\r\nX-Big: ${'a'.repeat(20_000)}\r\n\r\n`,
        'GARBAGE\r\n\r\n',
      ];
      for (const bytes of cases) {
        const r = await rawHttp(srv.url, bytes);
        assert.ok(r.status >= 400 && r.status < 500, `${JSON.stringify(bytes.slice(0, 60))}: ${r.status}`);
        assert.ok(isEnvelope(r.body, r.status), r.body);
        assert.match(r.headers['x-request-id'] ?? '', /^[0-9a-f-]{36}$/);
      }
    });

    it('answers a request first even when garbage follows it on the connection', async () => {
      const created = await srv.request('POST', '/api/v3/monitors/website', {
        token,
        body: { name: 'pipelined', url: 'http://127.0.0.1:9/' },
      });
      const bytes =
        `DELETE /api/v3/monitors/${created.json.id} HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
        'Connection: close\r\n\r\nGARBAGE \u0001\r\n\r\n';
      const r = await rawHttp(srv.url, bytes);
      assert.equal(r.status, 204, r.body);
      const gone = await srv.request('GET', `/api/v3/monitors/${created.json.id}`, { token });
      assert.equal(gone.status, 404);
    });

    it('answers a request whose own chunked body is broken at once, not after a wait', async () => {
      const bytes =
        `PATCH /api/v3/monitors/ftp/1 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
        'Content-Type: application/json\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n{';
      const started = Date.now();
      const r = await rawHttp(srv.url, bytes, 5000);
      assert.equal(r.status, 400, r.body);
      assert.ok(isEnvelope(r.body, 400), r.body);
      assert.ok(Date.now() - started < 4000, 'answered without waiting for a body that never comes');
    });

    it('refuses two Authorization headers with a 400', async () => {
      const bytes =
        `GET /api/v3/monitors HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer ${token}\r\n` +
        `Authorization: Bearer ${'0'.repeat(32)}\r\nConnection: close\r\n\r\n`;
      const r = await rawHttp(srv.url, bytes);
      assert.equal(r.status, 400, r.body);
      assert.ok(isEnvelope(r.body, 400), r.body);
      assert.match(JSON.parse(r.body).errors[0].message, /Authorization header is sent more than once/);
    });
  });
}
