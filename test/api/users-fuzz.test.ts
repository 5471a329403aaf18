import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { DIALECTS } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Fuzzed bodies for POST /users, PATCH /users/{guid} and POST /access-tokens: only the documented
// statuses come back, every error is in the envelope, and a refused write changes nothing.

const USER_FIELDS = [
  'email',
  'first_name',
  'last_name',
  'password',
  'role',
  'work_phone',
  'home_phone',
  'is_locked_out',
];
const edgy = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(
    '',
    ' ',
    'READONLY',
    'ADMIN',
    'CO-ADMIN',
    'x@example.com',
    'a long enough secret 1',
    'password',
    '\u0000',
    'é'.repeat(300),
  ),
);
const body = fc.oneof(
  fc.record(Object.fromEntries(USER_FIELDS.map((f) => [f, edgy])), { requiredKeys: [] }),
  fc.jsonValue(),
);

function assertEnvelope(
  r: { status: number; json: { errors?: { code: number; message: string }[] } },
  allowed: number[],
) {
  assert.ok(allowed.includes(r.status), `status ${r.status}: ${JSON.stringify(r.json)}`);
  if (r.status >= 400) {
    assert.equal(r.json.errors?.[0]?.code, r.status);
    assert.equal(typeof r.json.errors?.[0]?.message, 'string');
  }
}

for (const dialect of DIALECTS) {
  describe(`users: fuzzed bodies (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    let victim: string;
    before(async () => {
      srv = await startTestServer({ dialect, env: { SITEWATCH_LOGIN_IP_PER_MINUTE: '1000000' } });
      token = await srv.login();
      victim = (
        await srv.request('POST', '/api/v3/users', {
          token,
          body: {
            email: 'victim@example.com',
            first_name: 'V',
            last_name: 'W',
            password: 'victim secret 123',
            role: 'READONLY',
          },
        })
      ).json.id;
    });
    after(() => srv.close());

    const count = async () =>
      (await srv.request('GET', '/api/v3/users', { token })).json.metadata.resultset.count as number;
    const snapshot = async () => (await srv.request('GET', `/api/v3/users/${victim}`, { token })).text;

    it('POST /users', async () => {
      await fc.assert(
        fc.asyncProperty(body, async (b) => {
          const before = await count();
          const r = await srv.request('POST', '/api/v3/users', { token, body: b });
          assertEnvelope(r, [200, 400]);
          assert.equal(await count(), before + (r.status === 200 ? 1 : 0));
        }),
        { numRuns: 60 },
      );
    });

    it('PATCH /users/{guid}', async () => {
      await fc.assert(
        fc.asyncProperty(body, async (b) => {
          const before = await snapshot();
          const r = await srv.request('PATCH', `/api/v3/users/${victim}`, { token, body: b });
          assertEnvelope(r, [200, 400]);
          if (r.status === 400) assert.equal(await snapshot(), before);
          // A successful lock-out is undone so the next run starts from a usable user.
          await srv.request('PATCH', `/api/v3/users/${victim}`, { token, body: { is_locked_out: false } });
        }),
        { numRuns: 60 },
      );
    });

    it('POST /access-tokens', async () => {
      await fc.assert(
        fc.asyncProperty(body, async (b) => {
          const r = await srv.request('POST', '/api/v3/access-tokens', { body: b });
          assertEnvelope(r, [200, 400, 429]);
        }),
        { numRuns: 40 },
      );
    });
  });
}
