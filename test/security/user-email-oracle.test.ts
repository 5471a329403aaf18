import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { createAccountWithAdmin } from '../../src/accounts/accounts.ts';
import { startTestServer } from '../helpers/server.ts';

// Issue 9 (docs/compatibility.md §16): emails are global logins, so POST /users must refuse a taken
// one, but the answer is the same whether the address belongs to this account or another one.

describe('POST /users with a taken email', () => {
  it('answers the same bytes for an address of this account and of another account', async () => {
    const srv = await startTestServer();
    try {
      await createAccountWithAdmin(srv.runtime.deps, {
        name: 'Other tenant',
        parentId: null,
        adminEmail: 'boss@other-tenant.example',
        adminPassword: 'other tenant secret 9',
      });
      const token = await srv.login();
      const body = (email: string) => ({
        email,
        password: 'a long enough secret 1',
        role: 'READONLY',
        first_name: 'A',
        last_name: 'B',
      });
      const mine = await srv.request('POST', '/api/v3/users', { token, body: body('ADMIN@example.com') });
      const theirs = await srv.request('POST', '/api/v3/users', {
        token,
        body: body('boss@other-tenant.example'),
      });
      assert.equal(mine.status, 400);
      assert.equal(theirs.text, mine.text);
      assert.equal(
        mine.text,
        '{"errors":[{"code":400,"message":"cannot be used for a new user; choose another address","fields":["email"]}]}',
      );
      assert.doesNotMatch(mine.text, /in use|exists|account/);
    } finally {
      await srv.close();
    }
  });
});
