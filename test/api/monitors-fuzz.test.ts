import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { DIALECTS } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createMonitor, MINIMAL } from './monitors-helpers.ts';

// Fuzzed create and PATCH bodies: never a 500, every error in the envelope, nothing half-written.

const FIELDS = [
  ...new Set(Object.values(MINIMAL).flatMap((b) => Object.keys(b))),
  'interval',
  'timeout',
  'mode',
  'locations',
  'home_location',
  'custom_properties',
  'alert_note',
  'port',
  'ipv4',
  'keyword_match_type',
  'keyword_string',
  'check_ssl_expiration_dates',
  'capture',
  'password',
];

const value = fc.oneof(
  fc.constantFrom(
    null,
    true,
    false,
    0,
    -1,
    5,
    1e20,
    '',
    'Primary',
    'http://x.example/',
    'https://x.example/',
    '<x/>',
  ),
  fc.string({ maxLength: 20 }),
  fc.integer(),
  fc.double(),
  fc.array(
    fc.oneof(fc.integer(), fc.record({ id: fc.integer(), url: fc.string(), value_id: fc.integer() })),
    {
      maxLength: 3,
    },
  ),
  fc.dictionary(
    fc.constantFrom('id', 'url', 'headers', 'level'),
    fc.oneof(fc.integer(), fc.string(), fc.boolean()),
  ),
);

const mutation = fc.dictionary(fc.constantFrom(...FIELDS), value, { maxKeys: 4 });
const TYPES = Object.keys(MINIMAL);

for (const dialect of DIALECTS) {
  describe(`monitors: fuzzed bodies (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    before(async () => {
      srv = await startTestServer({ dialect });
      token = await srv.login();
    });
    after(() => srv.close());

    const rows = async () => srv.runtime.deps.db.selectFrom('monitors').selectAll().orderBy('id').execute();

    function checkReply(r: { status: number; json: { errors?: { code: number }[] } }) {
      assert.ok(r.status === 200 || r.status === 400, `status ${r.status}`);
      if (r.status === 400) {
        assert.ok(Array.isArray(r.json.errors) && r.json.errors.length > 0);
        assert.equal(r.json.errors[0]!.code, 400);
      } else assert.equal(r.json.errors, undefined);
    }

    it('create: 200 or 400 in the envelope; a 400 writes nothing', async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...TYPES), mutation, async (type, changes) => {
          const before = (await rows()).length;
          const r = await srv.request('POST', `/api/v3/monitors/${type}`, {
            token,
            body: { ...MINIMAL[type], ...changes },
          });
          checkReply(r);
          if (r.status === 400) assert.equal((await rows()).length, before);
        }),
        { numRuns: 80 },
      );
    });

    it('PATCH: 200 or 400 in the envelope; a 400 changes nothing', async () => {
      const ids = new Map<string, number>();
      for (const type of TYPES) ids.set(type, await createMonitor(srv, token, type));
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...TYPES), mutation, async (type, changes) => {
          const before = await rows();
          const r = await srv.request('PATCH', `/api/v3/monitors/${type}/${ids.get(type)}`, {
            token,
            body: changes,
          });
          checkReply(r);
          if (r.status === 400) assert.deepEqual(await rows(), before);
        }),
        { numRuns: 80 },
      );
    });
  });
}
