import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { describe, it } from 'node:test';
import { listenOnPortZero } from '../helpers/listen.ts';
import { startTestServer } from '../helpers/server.ts';

// Abuse case (issue 9): a tenant's keyword regex that backtracks catastrophically is cut off by
// its time limit; the test answers with a failure and the API keeps serving meanwhile.

describe('catastrophic keyword regexes', () => {
  it('fails the check quickly and does not stall the API', async () => {
    const target = createServer((_req, res) =>
      res.writeHead(200, { 'content-type': 'text/html' }).end(`<p>${'a'.repeat(40)}!</p>`),
    );
    const listening = await listenOnPortZero(target);
    const srv = await startTestServer({ env: { SITEWATCH_EGRESS_ALLOW: '127.0.0.0/8' } });
    try {
      const token = await srv.login();
      const monitor = await srv.request('POST', '/api/v3/monitors/website', {
        token,
        body: {
          name: 'evil regex',
          url: `http://127.0.0.1:${listening.port}/`,
          keyword_string: '<p>(a+)+$',
          keyword_match_type: 'Regular Expression',
        },
      });
      assert.equal(monitor.status, 200, monitor.text);
      const started = performance.now();
      const [run, health] = await Promise.all([
        srv.request('GET', `/api/v3/tests?monitor_id=${monitor.json.id}`, { token }),
        // Sent while the check runs: answered within the regex budget, not after the backtracking.
        new Promise((r) => setTimeout(r, 20)).then(async () => {
          const t0 = performance.now();
          const r = await srv.request('GET', '/healthz');
          return { status: r.status, ms: performance.now() - t0 };
        }),
      ]);
      const elapsed = performance.now() - started;
      assert.equal(run.status, 200, run.text);
      assert.notEqual(run.json.status, 0, 'the check did not pass');
      assert.match(run.json.info_msg, /ran longer than 100 ms/);
      // 2^40 steps would take hours; the budget is 100 ms. Generous bounds for a loaded machine.
      assert.ok(elapsed < 5000, `the test took ${Math.round(elapsed)} ms`);
      assert.equal(health.status, 200);
      assert.ok(health.ms < 2000, `/healthz took ${Math.round(health.ms)} ms during the check`);
    } finally {
      await srv.close();
      await listening.close();
    }
  });
});
