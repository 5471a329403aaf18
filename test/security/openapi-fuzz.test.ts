import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { fuzz } from './fuzz-core.ts';

// The bounded run of the standing fuzzer (issue 9); `npm run fuzz` runs the long one. A failure
// prints the request and the seed that reproduces it (FUZZ_SEED=<seed> npm run fuzz).

const ITERATIONS: Record<string, number> = { sqlite: 300, postgres: 120 };

for (const dialect of DIALECTS) {
  describe(`fuzzing every documented operation (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    const ids: Record<string, string> = {};
    before(async () => {
      srv = await startTestServer({ dialect, env: { SITEWATCH_LOGIN_IP_PER_MINUTE: '100000' } });
      token = await srv.login();
      const monitor = await srv.request('POST', '/api/v3/monitors/website', {
        token,
        body: { name: 'fuzzed', url: 'http://example.com/' },
      });
      ids.id = monitor.json.id;
    });
    after(() => srv.close());

    it('answers no 5xx, every error in the envelope with a request id, and writes nothing on error', async () => {
      const seed = Date.now() % 1_000_000;
      const report = await fuzz({
        url: srv.url,
        db: srv.runtime.deps.db,
        token,
        iterations: ITERATIONS[dialect]!,
        seed,
        ids,
      });
      assert.equal(report.requests, ITERATIONS[dialect]);
      assert.deepEqual(report.failures, [], `seed ${seed}: ${JSON.stringify(report.failures, null, 1)}`);
      const codes = Object.keys(report.byStatus).map(Number);
      assert.ok(
        codes.some((c) => c >= 400 && c < 500),
        'the fuzzer reached the validation layer',
      );
    });
  });
}
