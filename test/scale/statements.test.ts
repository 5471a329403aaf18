import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createLogger } from '../../src/log.ts';
import { createRuntime } from '../../src/main.ts';
import { revokeUserTokens } from '../../src/store/tokens.ts';
import { DIALECTS } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { countStatements } from '../helpers/statements.ts';

// The request path of issue 10, pinned: a cached principal costs no statement, a monitor read is
// one statement whatever its relations, a deep page is one statement like a shallow one.

for (const dialect of DIALECTS) {
  for (const cache of ['60', '0']) {
    describe(`statements per request (${dialect}, principal cache ${cache === '0' ? 'off' : 'on'})`, () => {
      let srv: TestServer;
      let token: string;
      let id: string;
      const auth = cache === '0' ? 1 : 0; // the joined token → principal lookup
      before(async () => {
        // The list cache is off here: these pin the SQL of a page (monitors-list-cache.test.ts pins the cache).
        srv = await startTestServer({
          dialect,
          env: { SITEWATCH_AUTH_CACHE_SECONDS: cache, SITEWATCH_LIST_CACHE_MB: '0' },
        });
        token = await srv.login();
        for (let i = 0; i < 3; i++) {
          const r = await srv.request('POST', '/api/v3/monitors/website', {
            token,
            body: { name: `m${i}`, url: 'http://example.com/' },
          });
          id = r.json.id;
        }
        // The first request of a minute also records last_api_access (fire and forget): do it now.
        await srv.request('GET', '/api/v3/users', { token });
      });
      after(() => srv.close());

      const count = async (path: string) => {
        const counter = countStatements(srv.runtime.deps.db);
        const r = await srv.request('GET', path, { token });
        assert.equal(r.status, 200, r.text);
        return counter.n;
      };

      it('GET /monitors/{id}: one statement (plus the token lookup when not cached)', async () => {
        assert.equal(await count(`/api/v3/monitors/${id}`), 1 + auth);
      });

      it('GET /monitors with a deep offset: one statement, as a shallow page', async () => {
        assert.equal(await count('/api/v3/monitors?limit=1&offset=0'), 1 + auth);
        assert.equal(await count('/api/v3/monitors?limit=1&offset=2'), 1 + auth);
        // Past the end the page has no row to carry the total: one more statement counts it.
        assert.equal(await count('/api/v3/monitors?limit=1&offset=50'), 2 + auth);
      });

      it('answers the same totals and rows as before', async () => {
        const r = await srv.request('GET', '/api/v3/monitors?limit=1&offset=2', { token });
        assert.equal(r.json.metadata.resultset.count, 3);
        assert.equal(r.json.results.length, 1);
        assert.equal(String(r.json.results[0].id), id);
        const past = await srv.request('GET', '/api/v3/monitors?limit=1&offset=50', { token });
        assert.equal(past.json.results.length, 0);
        assert.equal(past.json.metadata.resultset.count, 3);
      });

      it('refuses a logged-out token at once, cached or not', async () => {
        const t = await srv.login();
        assert.equal((await srv.request('GET', '/api/v3/users', { token: t })).status, 200);
        assert.equal((await srv.request('DELETE', '/api/v3/access-tokens', { token: t })).status, 204);
        assert.equal((await srv.request('GET', '/api/v3/users', { token: t })).status, 401);
      });

      it('refuses at once a token revoked by another process (the CLI) on the same database', async () => {
        const t = await srv.login();
        assert.equal((await srv.request('GET', '/api/v3/users', { token: t })).status, 200);
        const cli = await createRuntime(srv.settings, { log: createLogger('silent') });
        try {
          const user = await cli.deps.db.selectFrom('users').select('id').executeTakeFirstOrThrow();
          await revokeUserTokens(cli.deps.db, user.id);
          // The CLI announces it too (cli/admin.ts); on SQLite the server also sees the commit itself.
          if (dialect === 'postgres') await cli.deps.bus.publish('auth', { userId: user.id });
        } finally {
          await cli.close();
        }
        assert.equal((await srv.request('GET', '/api/v3/users', { token: t })).status, 401);
        token = await srv.login();
      });
    });
  }
}
