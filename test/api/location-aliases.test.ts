import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { createMonitor, getMonitor } from './monitors-helpers.ts';

// SITEWATCH_LOCATIONS aliases: AlertSite location ids accepted wherever a location id is, and
// answered with the real id (docs/compatibility.md §7).

const LOCATIONS = JSON.stringify([
  { id: 1, name: 'Lab', region: 1, country: 'US', aliases: [10, 20] },
  { id: 2, name: 'Edge', region: 2, country: 'DE', aliases: [62] },
]);

for (const dialect of DIALECTS) {
  describe(`location aliases (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    before(async () => {
      srv = await startTestServer({
        dialect,
        // Outbound checks refused: the test-on-demand below answers at once, network or not.
        env: { SITEWATCH_LOCATIONS: LOCATIONS, SITEWATCH_EGRESS_DENY: '0.0.0.0/0,::/0' },
      });
      token = await srv.login();
    });
    after(() => srv.close());

    it('takes aliases in monitor bodies and answers the real ids', async () => {
      const id = await createMonitor(srv, token, 'website', {
        locations: [{ id: 20 }, { id: 62 }],
        home_location: 62,
      });
      const m = await getMonitor(srv, token, id);
      assert.deepEqual(
        m.locations.map((l: { id: number }) => l.id),
        [1, 2],
      );
      assert.equal(m.home_location, 2);
      const patch = await srv.request('PATCH', `/api/v3/monitors/website/${id}`, {
        token,
        body: { locations: [{ id: 10 }] },
      });
      assert.equal(patch.status, 200, patch.text);
      const after = await getMonitor(srv, token, id);
      assert.deepEqual(after.locations, [{ id: 1, name: 'Lab', region: 1 }]);
      assert.equal(after.home_location, 1);
      // An alias and its location together are the same location twice.
      const twice = await srv.request('POST', '/api/v3/monitors/website', {
        token,
        body: { name: 'x', url: 'http://example.com/', locations: [{ id: 1 }, { id: 10 }] },
      });
      assert.equal(twice.status, 400);
      assert.deepEqual(twice.json.errors[0].fields, ['locations']);
      const unknown = await srv.request('POST', '/api/v3/monitors/website', {
        token,
        body: { name: 'x', url: 'http://example.com/', locations: [{ id: 19 }] },
      });
      assert.equal(unknown.status, 400);
    });

    it('shows aliases on locations and finds a location by its alias', async () => {
      const list = await srv.request('GET', '/api/v3/locations', { token });
      assert.deepEqual(
        list.json.results.map((l: { id: number; aliases: number[] }) => [l.id, l.aliases]),
        [
          [1, [10, 20]],
          [2, [62]],
        ],
      );
      const one = await srv.request('GET', '/api/v3/locations/62', { token });
      assert.equal(one.status, 200);
      assert.equal(one.json.id, 2);
      assert.equal(one.json.region, 2);
    });

    it('takes aliases in tests on demand, result filters and SLA exclusions', async () => {
      const id = await createMonitor(srv, token, 'website', { locations: [{ id: 1 }, { id: 2 }] });
      const test = await srv.request('GET', `/api/v3/tests?monitor_id=${id}&location_id=62`, { token });
      assert.equal(test.status, 200, test.text);
      assert.equal(test.json.location_id, 2);
      const adhoc = await srv.request('GET', '/api/v3/tests?url=https://example.com/&location_id=20', {
        token,
      });
      assert.equal(adhoc.status, 200, adhoc.text);
      assert.equal(adhoc.json.location_id, 1);
      const results = await srv.request('GET', `/api/v3/monitors/${id}/results?location_id=62`, { token });
      assert.equal(results.status, 200, results.text);
      assert.equal(results.json.results.length, 0, 'test-on-demand results are not history');

      const sla = await srv.request('POST', '/api/v3/slas', {
        token,
        body: {
          monitor_id: id,
          name: 'S',
          availability: 99,
          response_time: 2,
          exclusions: [
            { from_date: '2025-01-01 00:00:00', thru_date: '2025-01-02 00:00:00', location_id: 62 },
          ],
        },
      });
      assert.equal(sla.status, 200, sla.text);
      const got = await srv.request('GET', `/api/v3/slas/${sla.json.id}`, { token });
      assert.equal(got.json.exclusions[0].location_id, 2);
    });
  });
}
