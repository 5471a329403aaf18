import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { DIALECTS } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { accountOf, createGroup, createRecipient, insertMonitor } from './recipients-fixtures.ts';

// Fuzzed bodies for every write of /recipients and /notifier-groups: only 200 or 400 come back,
// errors are in the envelope with fields, and a refused write leaves the data as it was.

const RECIPIENT_FIELDS = [
  'name',
  'method_id',
  'recipient',
  'username',
  'password',
  'availability_alert',
  'notify_on_clear',
  'start_threshold',
  'stop_threshold',
  'performance_alert_type',
  'blackout_ids',
];
const GROUP_FIELDS = ['name', 'is_default', 'monitors', 'recipients', 'errortypes', 'templates'];

const edgy = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(0, -1, 1, 7, 12, 14, 16, 2147483648, 1e300, '', ' ', 'a@example.com', 'https://x.example/'),
);
const member = (ids: number[]) =>
  fc.oneof(
    fc.record({ id: fc.oneof(fc.constantFrom(...ids), edgy), step_number: fc.oneof(fc.nat(3), edgy) }),
    edgy,
  );

const bodyOf = (fields: string[], value: (field: string) => fc.Arbitrary<unknown>) =>
  fc.record(Object.fromEntries(fields.map((f) => [f, value(f)])), { requiredKeys: [] });

function assertAnswer(r: { status: number; json: { errors?: { code: number; fields?: string[] }[] } }) {
  assert.ok(r.status === 200 || r.status === 400, `status ${r.status}: ${JSON.stringify(r.json)}`);
  if (r.status === 400) {
    assert.equal(r.json.errors?.[0]?.code, 400);
    assert.ok((r.json.errors?.[0]?.fields?.length ?? 0) > 0, JSON.stringify(r.json));
  }
}

for (const dialect of DIALECTS) {
  describe(`recipients and groups: fuzzed bodies (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    let ids: { monitors: number[]; recipients: number[]; group: number; recipient: number };
    before(async () => {
      srv = await startTestServer({ dialect });
      token = await srv.login();
      const accountId = await accountOf(srv);
      const monitors = [
        await insertMonitor(srv, accountId, 'A'),
        await insertMonitor(srv, accountId, 'B', ['s']),
      ];
      const recipient = await createRecipient(srv, token, { recipient: 'fuzz@example.com' });
      const group = await createGroup(srv, token, {
        name: 'Fuzz',
        monitors: [{ id: monitors[0] }],
        recipients: [{ id: recipient }],
      });
      ids = { monitors, recipients: [recipient], group, recipient };
    });
    after(() => srv.close());

    const snapshot = async (path: string) => (await srv.request('GET', path, { token })).text;
    const count = async (path: string) =>
      (await srv.request('GET', path, { token })).json.metadata.resultset.count as number;
    const runs = { numRuns: 60 };

    it('POST and PATCH /recipients', async () => {
      const body = bodyOf(RECIPIENT_FIELDS, () => edgy);
      await fc.assert(
        fc.asyncProperty(body, async (b) => {
          const before = await count('/api/v3/recipients');
          const r = await srv.request('POST', '/api/v3/recipients', { token, body: b });
          assertAnswer(r);
          if (r.status === 400) assert.equal(await count('/api/v3/recipients'), before);
        }),
        runs,
      );
      const path = `/api/v3/recipients/${ids.recipient}`;
      await fc.assert(
        fc.asyncProperty(body, async (b) => {
          const before = await snapshot(path);
          const r = await srv.request('PATCH', path, { token, body: b });
          assertAnswer(r);
          if (r.status === 400) assert.equal(await snapshot(path), before);
        }),
        runs,
      );
    });

    it('POST and PATCH /notifier-groups', async () => {
      const body = bodyOf(GROUP_FIELDS, (f) =>
        f === 'monitors'
          ? fc.oneof(fc.array(member(ids.monitors), { maxLength: 3 }), edgy)
          : f === 'recipients'
            ? fc.oneof(fc.array(member(ids.recipients), { maxLength: 3 }), edgy)
            : f === 'errortypes' || f === 'templates'
              ? fc.oneof(fc.array(member([1, 2, 7, 21, 7121]), { maxLength: 3 }), edgy)
              : edgy,
      );
      await fc.assert(
        fc.asyncProperty(body, async (b) => {
          const before = await count('/api/v3/notifier-groups');
          const r = await srv.request('POST', '/api/v3/notifier-groups', { token, body: b });
          assertAnswer(r);
          if (r.status === 400) assert.equal(await count('/api/v3/notifier-groups'), before);
        }),
        runs,
      );
      const path = `/api/v3/notifier-groups/${ids.group}`;
      await fc.assert(
        fc.asyncProperty(body, async (b) => {
          const before = await snapshot(path);
          const r = await srv.request('PATCH', path, { token, body: b });
          assertAnswer(r);
          if (r.status === 400) assert.equal(await snapshot(path), before);
        }),
        runs,
      );
    });
  });
}
