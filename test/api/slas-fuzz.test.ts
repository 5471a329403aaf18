import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { DIALECTS } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { accountOf, insertMonitor } from './slas.fixtures.ts';

// Fuzzed bodies for every SLA and property write: never a 500, every error in the envelope, and a
// refused request leaves what it aimed at exactly as it was.

const junk = fc.jsonValue({ maxDepth: 2 });
// NUL cannot be stored in PostgreSQL text: a classic way to turn a 400 into a 500.
const text = (maxLength: number) => fc.oneof(fc.string({ maxLength }), fc.constant('a\u0000b'));
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, junk);
const day = maybe(fc.integer({ min: 0, max: 8 }));
const time = maybe(fc.constantFrom('00:00', '23:59', '12:30', '24:00', '7:00'));
const date = maybe(
  fc.constantFrom('2024-01-01 00:00:00', '2024-01-02 00:00:00', '2024-02-30 00:00:00', '2024-01-01'),
);
const period = fc.record(
  { exclude: maybe(fc.boolean()), from_day: day, from_time: time, thru_day: day, thru_time: time },
  { requiredKeys: [] },
);
const exclusion = fc.record(
  {
    from_date: date,
    thru_date: date,
    location_id: maybe(fc.constantFrom(10, 20, null)),
    note: maybe(text(300)),
  },
  { requiredKeys: [] },
);
const objectives = {
  name: maybe(text(5)),
  description: maybe(text(5)),
  availability: maybe(fc.double({ min: -1, max: 101, noNaN: true })),
  uptime: maybe(fc.double({ min: -1, max: 101, noNaN: true })),
  response_time: maybe(fc.double({ min: -1, max: 301, noNaN: true })),
  secondary_response_time: maybe(fc.double({ min: -1, max: 301, noNaN: true })),
  use_fullpage_time: maybe(fc.boolean()),
  operating_periods: maybe(fc.array(period, { maxLength: 3 })),
  exclusions: maybe(fc.array(exclusion, { maxLength: 3 })),
};
const valueList = fc.array(
  fc.record({ id: maybe(fc.integer({ min: -1, max: 3 })), name: maybe(text(3)) }, { requiredKeys: [] }),
  { maxLength: 4 },
);

for (const dialect of DIALECTS) {
  describe(`SLA and property writes under fuzzed bodies (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    let monitors: number[];
    let sla: number;
    let property: number;
    const api = (method: string, path: string, body?: unknown) =>
      srv.request(method, `/api/v3${path}`, { token, body });
    const snapshot = async () => [(await api('GET', '/slas')).json, (await api('GET', '/properties')).json];

    /** Sends each body; a 400 must change nothing, and no body may get anything but 200 or 400. */
    async function fuzz(arb: fc.Arbitrary<unknown>, send: (body: unknown) => ReturnType<typeof api>) {
      await fc.assert(
        fc.asyncProperty(arb, async (body) => {
          const before = await snapshot();
          const r = await send(body);
          assert.ok(r.status === 200 || r.status === 400, `${r.status} ${r.text}`);
          if (r.status === 400) {
            assert.equal(r.json.errors[0].code, 400);
            assert.deepEqual(await snapshot(), before);
          } else assert.equal('errors' in r.json, false);
        }),
        { numRuns: 40 },
      );
    }

    before(async () => {
      srv = await startTestServer({ dialect });
      token = await srv.login();
      const account = await accountOf(srv);
      monitors = [await insertMonitor(srv, account), await insertMonitor(srv, account, { mode: 'SLA' })];
      const r = await api('POST', '/slas', {
        monitor_id: monitors[0],
        name: 'S',
        availability: 99,
        response_time: 1,
      });
      sla = Number(r.json.id);
      property = Number((await api('POST', '/properties', { name: 'P', values: [{ name: 'a' }] })).json.id);
    });
    after(() => srv.close());

    it('POST /slas', () =>
      fuzz(
        fc.record(
          { ...objectives, monitor_id: maybe(fc.constantFrom(...monitors, 999999)) },
          { requiredKeys: [] },
        ),
        (body) => api('POST', '/slas', body),
      ));

    it('PATCH /slas/{id}', () =>
      fuzz(fc.record(objectives, { requiredKeys: [] }), (body) => api('PATCH', `/slas/${sla}`, body)));

    it('POST /slas/bulk-edit', () =>
      fuzz(
        fc.record(
          {
            ...objectives,
            monitors: maybe(fc.array(fc.constantFrom(...monitors, 999999), { maxLength: 3 })),
            update_sla_objectives: maybe(fc.boolean()),
            update_operating_periods: maybe(fc.boolean()),
            update_exclusions: maybe(fc.boolean()),
            update_exclusions_action: maybe(fc.constantFrom('append', 'update', 'merge')),
          },
          { requiredKeys: [] },
        ),
        (body) => api('POST', '/slas/bulk-edit', body),
      ));

    for (const path of ['/properties', '/property']) {
      it(`POST ${path}`, () =>
        fuzz(fc.record({ name: maybe(text(4)), values: maybe(valueList) }, { requiredKeys: [] }), (body) =>
          api('POST', path, body),
        ));
    }

    it('PATCH /properties/{id}', () =>
      fuzz(fc.record({ name: maybe(text(4)), values: maybe(valueList) }, { requiredKeys: [] }), (body) =>
        api('PATCH', `/properties/${property}`, body),
      ));
  });
}
