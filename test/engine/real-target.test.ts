import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import { after, before, describe, it } from 'node:test';
import { startEngine } from '../../src/main.ts';
import { ManualClock } from '../helpers/clock.ts';
import { DIALECTS } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { LOCATIONS, T0 } from './helpers.ts';

const MINUTE = 60_000;

async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 15_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

for (const dialect of DIALECTS) {
  describe(`engine against a real HTTP target (${dialect})`, () => {
    let target: Server;
    let targetUrl: string;
    let srv: TestServer;
    let token: string;
    const clock = new ManualClock(T0);
    before(async () => {
      target = createServer((req, res) => {
        res.writeHead(req.url === '/down' ? 503 : 200, { 'content-type': 'text/plain' });
        res.end('hello sitewatch');
      });
      await new Promise<void>((r) => target.listen(0, '127.0.0.1', r));
      targetUrl = `http://127.0.0.1:${(target.address() as { port: number }).port}`;
      srv = await startTestServer({
        dialect,
        clock,
        env: {
          SITEWATCH_EGRESS_ALLOW: '127.0.0.0/8,::1/128',
          SITEWATCH_LOCATIONS: LOCATIONS,
          SITEWATCH_ENGINE_POLL_MS: '20',
          SITEWATCH_ENGINE_FLUSH_MS: '10',
        },
      });
      token = await srv.login();
    });
    after(async () => {
      await srv.close();
      await new Promise((r) => target.close(r));
    });

    it('runs monitors created through the API and records what it saw; a worker registers its location', async () => {
      const make = async (name: string, path: string) => {
        const r = await srv.request('POST', '/api/v3/monitors/website', {
          token,
          body: { name, url: targetUrl + path, interval: 1, locations: [{ id: 30 }] },
        });
        return r;
      };
      // Location 30 is not there until a worker joins as it.
      assert.equal((await make('early', '/')).status, 400);
      const worker = await startEngine(srv.runtime, { locations: [30], worker: true });
      try {
        const loc = await srv.request('GET', '/api/v3/locations/30', { token });
        assert.equal(loc.json.online, true);
        assert.ok(loc.json.capabilities.includes('website'));
        const up = await make('up', '/');
        const down = await make('down', '/down');
        assert.equal(up.status, 200, up.text);
        clock.advance(MINUTE);
        const rows = await until('two results', async () => {
          const r = await srv.runtime.deps.db
            .selectFrom('check_results')
            .selectAll()
            .orderBy('monitor_id')
            .execute();
          return r.length >= 2 ? r : undefined;
        });
        assert.equal(rows[0]!.monitor_id, Number(up.json.id));
        assert.equal(rows[0]!.status, 0);
        assert.ok(rows[0]!.response_ms !== null && rows[0]!.started_at >= rows[0]!.scheduled_at);
        assert.equal(rows[1]!.monitor_id, Number(down.json.id));
        assert.equal(rows[1]!.status, 7);
        assert.match(rows[1]!.info_msg, /503/);

        // What the engine recorded is what the report and the history show.
        const report = await srv.request('GET', '/api/v3/report-sitestatus?summarize=true', { token });
        assert.equal(report.status, 200);
        const byId = new Map(report.json.results.map((r: { obj_device: string }) => [r.obj_device, r]));
        const upRow = byId.get(up.json.id) as Record<string, string>;
        const downRow = byId.get(down.json.id) as Record<string, string>;
        assert.equal(upRow.last_status, '0');
        assert.equal(downRow.last_status, '7');
        assert.match(downRow.info_msg!, /503/);
        assert.match(upRow.resptime_last!, /^\d+\.\d{3}$/);
        const history = await srv.request('GET', `/api/v3/monitors/${down.json.id}/results`, { token });
        assert.equal(history.status, 200, history.text);
        assert.ok(history.json.results.length >= 1);
      } finally {
        await worker.stop();
      }
      const loc = await srv.request('GET', '/api/v3/locations/30', { token });
      assert.equal(loc.json.online, false, 'a cleanly stopped worker is offline');
    });
  });
}
