import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import fc from 'fast-check';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// Fuzzed POST /test-notifiers bodies: never a 500, always the error envelope. Destinations are
// ones that fail without leaving the machine (refused addresses, no SMTP relay, no provider), so
// the fuzzing sends nothing anywhere.

const FIELDS = ['method_id', 'recipient', 'username', 'password', 'location_id', 'recipient_id'];
const edgy = fc.oneof(
  fc.jsonValue(),
  fc.constantFrom(0, -1, 1, 7, 8, 12, 14, 16, 103, 2147483648, 1e300, '', ' ', '\u0000'),
  fc.constantFrom(
    'ops@example.com',
    'http://10.255.255.1/hook',
    'http://169.254.169.254/',
    'https://[fd00:ec2::254]/x',
    '10.255.255.1:162',
    '+1 555 0100',
    'not a destination',
  ),
);
const body = fc.record(Object.fromEntries(FIELDS.map((f) => [f, edgy])), { requiredKeys: [] });

describe('POST /test-notifiers fuzz', () => {
  let srv: TestServer;
  let token: string;
  before(async () => {
    // Everything refused: no fuzzed destination is ever contacted.
    srv = await startTestServer({
      env: { SITEWATCH_EGRESS_DENY: '0.0.0.0/0,::/0', SITEWATCH_TEST_ALERT_TIMEOUT_SECONDS: '1' },
    });
    token = await srv.login();
  });
  after(() => srv.close());

  it('answers 400, 404 or 502 in the envelope, never 500', async () => {
    await fc.assert(
      fc.asyncProperty(body, async (b) => {
        const r = await srv.request('POST', '/api/v3/test-notifiers', { token, body: b });
        assert.ok([400, 404, 502].includes(r.status), `${JSON.stringify(b)} → ${r.status} ${r.text}`);
        assert.equal(r.json.errors[0].code, r.status);
        assert.equal(typeof r.json.errors[0].message, 'string');
      }),
      { numRuns: 150 },
    );
  });
});
