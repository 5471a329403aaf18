import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Principal } from '../../src/api/plugins/auth.ts';
import { notifierGroupService } from '../../src/recipients/notifier-groups.ts';
import { recipientService } from '../../src/recipients/recipients.ts';
import { DIALECTS } from '../helpers/db.ts';
import { countStatements } from '../helpers/statements.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import {
  accountOf,
  createGroup,
  createRecipient,
  insertBlackout,
  insertMonitor,
} from './recipients-fixtures.ts';

// Lists run a fixed number of queries whatever the row count (docs/compatibility.md §5): the services are run
// over the test server's database through a plugin that counts every statement.

for (const dialect of DIALECTS) {
  describe(`recipient and group lists: query count (${dialect})`, () => {
    let srv: TestServer;
    let principal: Principal;
    let statements: ReturnType<typeof countStatements>;
    before(async () => {
      srv = await startTestServer({ dialect });
      const token = await srv.login();
      const accountId = await accountOf(srv);
      principal = {
        userId: 1,
        userGuid: '',
        accountId,
        role: 'ADMIN',
        email: '',
        tokenDigest: '',
      };
      const monitor = await insertMonitor(srv, accountId, 'M', ['s1']);
      for (let i = 0; i < 12; i++) {
        const id = await createRecipient(srv, token, { recipient: `r${i}@example.com` });
        await insertBlackout(srv, accountId, 'Notifier', id);
        await createGroup(srv, token, {
          name: `G${i}`,
          monitors: [{ id: monitor }, { id: monitor, step_number: 1 }],
          recipients: [{ id }],
          errortypes: [{ id: 1 }],
          templates: [{ id: 1 }],
        });
      }
      statements = countStatements(srv.runtime.deps.db);
    });
    after(() => srv.close());

    async function queriesFor(run: () => Promise<unknown>): Promise<number> {
      statements.reset();
      await run();
      return statements.n;
    }

    it('GET /recipients: the same number of queries for 1 row and for 12', async () => {
      const service = recipientService(srv.runtime.deps);
      const one = await queriesFor(() => service.list(principal, {}, { limit: 1, offset: 0 }));
      const all = await queriesFor(() => service.list(principal, {}, { limit: 5000, offset: 0 }));
      assert.equal(all, one);
      assert.equal(all, 4, 'count, page, blackouts, groups');
    });

    it('GET /notifier-groups: the same number of queries for 1 row and for 12', async () => {
      const service = notifierGroupService(srv.runtime.deps);
      const one = await queriesFor(() => service.list(principal, {}, { limit: 1, offset: 0 }));
      const all = await queriesFor(() => service.list(principal, {}, { limit: 5000, offset: 0 }));
      assert.equal(all, one);
      assert.equal(all, 6, 'count, page, monitors, recipients, errortypes, templates');
    });
  });
}
