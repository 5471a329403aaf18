import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { sql } from 'kysely';
import type { Db } from '../../src/store/db.ts';
import { DIALECTS } from '../helpers/db.ts';
import { ADMIN, addUser, startTestServer } from '../helpers/server.ts';

/** Every value of every row of every table, as text. */
async function dumpDatabase(db: Db, dialect: string) {
  const tables =
    dialect === 'sqlite'
      ? (await sql<{ name: string }>`SELECT name FROM sqlite_master WHERE type = 'table'`.execute(db)).rows
      : (
          await sql<{
            name: string;
          }>`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema()`.execute(
            db,
          )
        ).rows;
  let dump = '';
  for (const { name } of tables) {
    const rows = (await sql`SELECT * FROM ${sql.table(name)}`.execute(db)).rows;
    dump += `${name}\n${JSON.stringify(rows)}\n`;
  }
  return dump;
}

for (const dialect of DIALECTS) {
  describe(`secrets stay out of logs and the database (${dialect})`, () => {
    it('never writes a password or a token in clear', async () => {
      // debug level turns per-request logging on: the most the server ever logs.
      const srv = await startTestServer({ dialect, env: { LOG_LEVEL: 'debug' } });
      try {
        const adminToken = await srv.login();
        const user = await addUser(srv, adminToken, 'POWER-USER');
        const changed = 'the changed secret 77';
        await srv.request('PATCH', `/api/v3/users/${user.guid}`, {
          token: adminToken,
          body: { password: changed },
        });
        const later = await srv.login(user.email, changed);
        await srv.request('POST', '/api/v3/access-tokens', {
          body: { username: ADMIN.email, password: 'a wrong guess 123' },
        });
        await srv.request('GET', '/api/v3/users', { token: later });
        await srv.request('GET', '/api/v3/users', { token: 'ffffffffffffffffffffffffffffffff' });
        await srv.request('DELETE', '/api/v3/access-tokens', { token: adminToken });

        const secrets = [
          ADMIN.password,
          user.password,
          changed,
          'a wrong guess 123',
          adminToken,
          user.token,
          later,
        ];
        const logs = srv.logs.join('');
        assert.ok(logs.length > 0 && logs.includes('"req"'), 'request logging was on');
        const dump = await dumpDatabase(srv.runtime.deps.db, dialect);
        assert.ok(dump.includes(user.email), 'the dump covers the users table');
        for (const secret of secrets) {
          assert.equal(logs.includes(secret), false, `a secret appears in the logs`);
          assert.equal(dump.includes(secret), false, `a secret appears in the database`);
        }
      } finally {
        await srv.close();
      }
    });
  });
}
