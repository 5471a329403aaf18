import assert from 'node:assert/strict';
import { request as httpRequest } from 'node:http';
import { connect } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { sql } from 'kysely';
import { DIALECTS } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

const MALFORMED = '{"errors":[{"code":400,"message":"invalid_request - Malformed JSON body."}]}';
const newUser = (n: number) => ({
  email: `e${n}@example.com`,
  first_name: 'E',
  last_name: 'R',
  password: 'errors test secret 5',
  role: 'READONLY',
});

/** A raw request, for what fetch will not send (a body on GET, no Content-Type at all). */
function raw(url: string, method: string, headers: Record<string, string>, body?: string) {
  return new Promise<{ status: number; text: string }>((resolve, reject) => {
    if (body !== undefined) headers['content-length'] = String(Buffer.byteLength(body));
    const req = httpRequest(url, { method, headers }, (res) => {
      let text = '';
      res.on('data', (c) => (text += c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

for (const dialect of DIALECTS) {
  describe(`error envelope and real-client leniency (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    before(async () => {
      srv = await startTestServer({ dialect, env: { SITEWATCH_BODY_LIMIT_BYTES: '2048' } });
      token = await srv.login();
    });
    after(() => srv.close());

    it('answers malformed JSON with 400 and the envelope', async () => {
      for (const path of ['/api/v3/users', '/api/v3/access-tokens']) {
        const r = await srv.request('POST', path, {
          token,
          raw: '{"email": ',
          headers: { 'content-type': 'application/json' },
        });
        assert.equal(r.status, 400, path);
        assert.equal(r.text, MALFORMED);
      }
    });

    it('parses a JSON body sent without any Content-Type header', async () => {
      const r = await raw(
        `${srv.url}/api/v3/users`,
        'POST',
        { authorization: `Bearer ${token}` },
        JSON.stringify(newUser(1)),
      );
      assert.equal(r.status, 200, r.text);
      assert.match(JSON.parse(r.text).id, /^[0-9a-f-]{36}$/);
    });

    it('ignores unknown body fields', async () => {
      const r = await srv.request('POST', '/api/v3/users', {
        token,
        body: { ...newUser(2), site_type: 'website', is_admin: true, guid: 'mine' },
      });
      assert.equal(r.status, 200);
      assert.notEqual(r.json.id, 'mine');
    });

    it('drops __proto__ keys like any unknown field, without polluting anything', async () => {
      const raw = `{"email":"proto@example.com","first_name":"P","last_name":"Q","password":"errors test secret 5","role":"READONLY","__proto__":{"role":"ADMIN","polluted":true}}`;
      const r = await srv.request('POST', '/api/v3/users', {
        token,
        raw,
        headers: { 'content-type': 'application/json' },
      });
      assert.equal(r.status, 200, r.text);
      const u = await srv.request('GET', `/api/v3/users/${r.json.id}`, { token });
      assert.equal(u.json.role, 'READONLY');
      assert.equal(({} as Record<string, unknown>).polluted, undefined);
    });

    it('ignores a JSON body on GET and DELETE', async () => {
      const get = await raw(
        `${srv.url}/api/v3/users`,
        'GET',
        { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        '{}',
      );
      assert.equal(get.status, 200);
      const id = (await srv.request('POST', '/api/v3/users', { token, body: newUser(3) })).json.id;
      const del = await raw(
        `${srv.url}/api/v3/users/${id}`,
        'DELETE',
        { authorization: `Bearer ${token}`, 'content-type': 'text/xml' },
        '<x/>',
      );
      assert.equal(del.status, 204);
    });

    it('refuses other media types with 415', async () => {
      for (const type of ['text/xml', 'application/x-www-form-urlencoded', 'text/plain']) {
        const r = await srv.request('POST', '/api/v3/users', {
          token,
          raw: 'a=b',
          headers: { 'content-type': type },
        });
        assert.equal(r.status, 415, type);
        assert.equal(r.json.errors[0].code, 415);
      }
    });

    it('refuses an oversized body with 413', async () => {
      const r = await srv.request('POST', '/api/v3/users', {
        token,
        body: { ...newUser(4), first_name: 'x'.repeat(5000) },
      });
      assert.equal(r.status, 413);
      assert.equal(r.json.errors[0].code, 413);
    });

    it('answers wrong types with 400 naming the field', async () => {
      const r = await srv.request('POST', '/api/v3/users', { token, body: { ...newUser(5), role: 7 } });
      assert.equal(r.status, 400);
      assert.deepEqual(r.json.errors[0].fields, ['role']);
      const arr = await srv.request('POST', '/api/v3/users', { token, body: [1, 2] });
      assert.equal(arr.status, 400);
      const str = await srv.request('POST', '/api/v3/users', { token, body: 'text' });
      assert.equal(str.status, 400);
    });

    it('refuses NUL characters in any body field or query value with 400, before any SQL', async () => {
      const body = await srv.request('POST', '/api/v3/users', {
        token,
        body: { ...newUser(6), first_name: 'a\u0000b' },
      });
      assert.equal(body.status, 400);
      assert.deepEqual(body.json.errors[0].fields, ['first_name']);
      const nested = await srv.request('PATCH', '/api/v3/users/00000000-0000-4000-8000-000000000000', {
        token,
        body: { last_name: ['x', { deep: '\u0000' }] },
      });
      assert.equal(nested.status, 400);
      assert.deepEqual(nested.json.errors[0].fields, ['last_name[1].deep']);
      const query = await srv.request('GET', '/api/v3/users?select=%00', { token });
      assert.equal(query.status, 400);
      assert.deepEqual(query.json.errors[0].fields, ['select']);
    });

    it('answers unknown routes with 404 and wrong methods with 405 + Allow', async () => {
      const nf = await srv.request('GET', '/api/v3/nothing-here', { token });
      assert.equal(nf.status, 404);
      assert.equal(nf.text, '{"errors":[{"code":404,"message":"Not found"}]}');
      const na = await srv.request('PUT', '/api/v3/users', { token });
      assert.equal(na.status, 405);
      assert.equal(na.headers.get('allow'), 'GET, POST');
      assert.equal(na.json.errors[0].code, 405);
      const na2 = await srv.request('POST', '/api/v3/access-tokens/x', { token });
      assert.equal(na2.status, 404);
    });

    it('answers a request the HTTP parser rejects with the envelope', async () => {
      const { port } = new URL(srv.url);
      const reply = await new Promise<string>((resolve, reject) => {
        const socket = connect(Number(port), '127.0.0.1', () => socket.write('GARBAGE\r\n\r\n'));
        let text = '';
        socket.on('data', (c) => (text += c));
        socket.on('end', () => resolve(text));
        socket.on('error', reject);
      });
      assert.match(reply, /^HTTP\/1\.1 400 /);
      assert.ok(
        reply.endsWith('{"errors":[{"code":400,"message":"invalid_request - Malformed HTTP request."}]}'),
      );
    });

    it('carries X-Request-Id on every response', async () => {
      for (const r of [
        await srv.request('GET', '/api/v3/users', { token }),
        await srv.request('GET', '/api/v3/users'),
        await srv.request('GET', '/nope'),
      ]) {
        assert.match(r.headers.get('x-request-id') ?? '', /^[0-9a-f-]{36}$/);
      }
    });

    it('answers an internal failure with 500, the request id, and nothing internal', async () => {
      await sql`DROP TABLE login_throttle`.execute(srv.runtime.deps.db);
      const r = await srv.request('POST', '/api/v3/access-tokens', {
        body: { username: 'a@b.c', password: 'x' },
      });
      assert.equal(r.status, 500);
      const id = r.headers.get('x-request-id')!;
      assert.equal(
        r.text,
        `{"errors":[{"code":500,"message":"internal_error - The server could not complete the request (request id ${id})."}]}`,
      );
      assert.ok(
        srv.logs.some((l) => l.includes(id) && l.includes('"level":50')),
        'the 500 is logged with its request id',
      );
    });
  });
}
