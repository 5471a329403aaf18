import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { DIALECTS } from '../helpers/db.ts';
import type { Reply } from '../helpers/server.ts';
import { allRows, startBlackoutWorld, weekly, type BlackoutWorld } from './blackouts-fixtures.ts';

// Fuzzed bodies for every blackout write: never a 500, every error in the envelope, and a refused
// request changes nothing.

const junk = fc.jsonValue({ maxDepth: 2 });
const maybe = <T>(arb: fc.Arbitrary<T>) => fc.oneof(arb, junk, fc.constant(null));
const day = maybe(fc.integer({ min: -1, max: 9 }));
const time = maybe(fc.constantFrom('00:00', '23:59', '12:30', '24:00', '7:00', '7pm', ''));
const date = maybe(
  fc.constantFrom(
    '2030-07-01 10:00:00',
    '2030-07-02 10:00:00',
    '2031-02-29 00:00:00',
    '2020-01-01 00:00:00',
    '2030-07-01',
  ),
);
const type = maybe(fc.constantFrom('Monitor', 'Alert', 'Notifier', 'Recipient', 'monitor'));
const recurring = { start_day: day, start_time: time, end_day: day, end_time: time };
const oneTime = { from_date: date, thru_date: date };

for (const dialect of DIALECTS) {
  describe(`blackout writes under fuzzed bodies (${dialect})`, () => {
    let w: BlackoutWorld;
    let target: string;
    const assoc = () =>
      maybe(fc.constantFrom(...w.a.monitors, ...w.a.recipients, w.b.monitors[0], 2 ** 31, -1));

    /** Sends each body; any answer but `ok` must be an enveloped 400 (or 403) that changed nothing. */
    async function fuzz(arb: fc.Arbitrary<unknown>, send: (body: unknown) => Promise<Reply>) {
      await fc.assert(
        fc.asyncProperty(arb, async (body) => {
          const before = await allRows(w.srv);
          const r = await send(body);
          assert.ok([200, 400, 403].includes(r.status), `${r.status} ${r.text}`);
          if (r.status === 200) return assert.equal('errors' in r.json, false);
          assert.equal(r.json.errors[0].code, r.status);
          assert.deepEqual(await allRows(w.srv), before);
        }),
        { numRuns: 40 },
      );
    }
    const send = (method: string, path: string) => (body: unknown) =>
      w.srv.request(method, `/api/v3${path}`, { token: w.a.token, body });

    before(async () => {
      w = await startBlackoutWorld(dialect);
      const r = await w.srv.request('POST', '/api/v3/blackouts', {
        token: w.a.token,
        body: weekly(w.a.monitors[0]),
      });
      target = r.json.id;
    });
    after(() => w.close());

    it('POST /blackouts', async () => {
      const body = fc.record(
        {
          assoc_id: assoc(),
          type,
          persistent: maybe(fc.boolean()),
          note: maybe(fc.string()),
          ...recurring,
          ...oneTime,
        },
        { requiredKeys: [] },
      );
      await fuzz(body, send('POST', '/blackouts'));
    });

    it('PATCH /blackouts/{id}', async () => {
      const body = fc.record(
        { assoc_id: assoc(), type, note: maybe(fc.string()), from_time: time, thru_time: time, ...recurring },
        { requiredKeys: [] },
      );
      await fuzz(body, send('PATCH', `/blackouts/${target}`));
    });

    it('POST /blackouts/bulk-edit', async () => {
      const action = maybe(fc.constantFrom('append', 'update'));
      const item = (fields: Record<string, fc.Arbitrary<unknown>>) =>
        fc.array(fc.record({ ...fields, type, note: maybe(fc.string()) }, { requiredKeys: [] }), {
          maxLength: 3,
        });
      const body = fc.record(
        {
          monitors: maybe(fc.array(fc.constantFrom(...w.a.monitors, w.b.monitors[0], 0), { maxLength: 3 })),
          update_one_time: maybe(fc.boolean()),
          update_one_time_action: action,
          one_time_blackouts: maybe(item(oneTime)),
          update_persistent: maybe(fc.boolean()),
          update_persistent_action: action,
          persistent_blackouts: maybe(item(recurring)),
        },
        { requiredKeys: [] },
      );
      await fuzz(body, send('POST', '/blackouts/bulk-edit'));
    });
  });
}
