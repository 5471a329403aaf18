import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { registerWorkerLocations } from '../../src/store/workers.ts';
import { ManualClock } from '../helpers/clock.ts';
import { DIALECTS } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';

// A worker that crashes never marks its location offline; the heartbeat just stops.

for (const dialect of DIALECTS) {
  describe(`worker location liveness (${dialect})`, () => {
    const clock = new ManualClock();
    let srv: TestServer;
    let token: string;
    before(async () => {
      srv = await startTestServer({ dialect, clock, env: { SITEWATCH_ROLE: 'api' } });
      token = await srv.login();
      await registerWorkerLocations(srv.runtime.deps.db, [4242], ['tcp'], clock.now());
    });
    after(() => srv.close());

    const online = async () => (await srv.request('GET', '/api/v3/locations/4242', { token })).json.online;

    it('shows a heartbeating worker location online, a silent one offline after three missed beats', async () => {
      assert.equal(await online(), true);
      clock.advance(89_000);
      assert.equal(await online(), true);
      clock.advance(2_000);
      assert.equal(await online(), false);
      const list = await srv.request('GET', '/api/v3/locations', { token });
      const local = list.json.results.find((l: { id: number }) => l.id === 10);
      assert.equal(local.online, false, 'an API-only process serves no location (docs/compatibility.md §7)');
      await registerWorkerLocations(srv.runtime.deps.db, [4242], ['tcp'], clock.now());
      assert.equal(await online(), true);
    });
  });
}
