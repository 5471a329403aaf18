import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Principal } from '../../src/api/plugins/auth.ts';
import { propertyService } from '../../src/properties/properties.ts';
import { slaService } from '../../src/slas/slas.ts';
import { DIALECTS } from '../helpers/db.ts';
import { countStatements } from '../helpers/statements.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { accountOf, insertMonitor } from './slas.fixtures.ts';

// Lists run a fixed number of queries whatever the row count (docs/compatibility.md §5): the services run over
// the test server's database through a plugin that counts every statement.

for (const dialect of DIALECTS) {
  describe(`SLA and property lists: query count (${dialect})`, () => {
    let srv: TestServer;
    let principal: Principal;
    let statements: ReturnType<typeof countStatements>;
    async function queriesFor(run: () => Promise<unknown>): Promise<number> {
      statements.reset();
      await run();
      return statements.n;
    }

    before(async () => {
      srv = await startTestServer({ dialect });
      const token = await srv.login();
      const accountId = await accountOf(srv);
      principal = { userId: 1, userGuid: '', accountId, role: 'ADMIN', email: '', tokenDigest: '' };
      for (let i = 0; i < 12; i++) {
        const monitor = await insertMonitor(srv, accountId, { name: `M${i}` });
        const sla = await srv.request('POST', '/api/v3/slas', {
          token,
          body: {
            monitor_id: monitor,
            name: `S${i}`,
            availability: 99,
            response_time: 1,
            exclusions: [
              { from_date: '2024-01-01 00:00:00', thru_date: '2024-01-02 00:00:00', location_id: 10 },
            ],
          },
        });
        assert.equal(sla.status, 200, sla.text);
        const prop = await srv.request('POST', '/api/v3/properties', {
          token,
          body: { name: `P${i}`, values: [{ name: 'a' }, { name: 'b' }] },
        });
        assert.equal(prop.status, 200, prop.text);
      }
      statements = countStatements(srv.runtime.deps.db);
    });
    after(() => srv.close());

    it('GET /slas: the same number of queries for 1 row and for 12', async () => {
      const service = slaService(srv.runtime.deps);
      const one = await queriesFor(() => service.list(principal, { limit: 1, offset: 0 }));
      const all = await queriesFor(() => service.list(principal, { limit: 5000, offset: 0 }));
      assert.equal(all, one);
      assert.equal(all, 5, 'count, page, periods, exclusions, measured values');
    });

    it('GET /properties: the same number of queries for 1 row and for 12', async () => {
      const service = propertyService(srv.runtime.deps);
      const one = await queriesFor(() => service.list(principal, { limit: 1, offset: 0 }));
      const all = await queriesFor(() => service.list(principal, { limit: 5000, offset: 0 }));
      assert.equal(all, one);
      assert.equal(all, 3, 'count, page, values');
    });
  });
}
