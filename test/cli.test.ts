import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { loadSettings } from '../src/config/settings.ts';
import { cli } from './helpers/cli.ts';
import { startTestServer } from './helpers/server.ts';

describe('sitewatch CLI (SQLite)', () => {
  const dataDir = mkdtempSync(join(tmpdir(), 'sitewatch-cli-'));
  const env = { SITEWATCH_DATA_DIR: dataDir };

  it('migrates, creates accounts and users, resets passwords and purges tokens', async () => {
    const migrate = await cli(['migrate'], env);
    assert.equal(migrate.code, 0, migrate.stderr);
    assert.ok(JSON.parse(migrate.stdout).applied.includes('0001-foundation'));

    const acct = await cli(
      [
        'account',
        'create',
        '--name',
        'Acme',
        '--admin-email',
        'Owner@Acme.example',
        '--admin-password',
        'acme owner secret 1',
      ],
      env,
    );
    assert.equal(acct.code, 0, acct.stderr);
    const account = JSON.parse(acct.stdout);
    assert.equal(account.name, 'Acme');
    assert.equal(account.admin.email, 'owner@acme.example');
    assert.equal(account.admin.role, 'ADMIN');

    const sub = await cli(
      [
        'account',
        'create',
        '--name',
        'Acme EU',
        '--parent',
        String(account.id),
        '--admin-email',
        'eu@acme.example',
        '--admin-password',
        'acme eu secret 22',
      ],
      env,
    );
    assert.equal(sub.code, 0, sub.stderr);
    assert.equal(JSON.parse(sub.stdout).parent_id, account.id);

    const user = await cli(
      [
        'user',
        'create',
        '--account',
        String(account.id),
        '--email',
        'ops@acme.example',
        '--password',
        'ops user secret 33',
        '--role',
        'POWER-USER',
      ],
      env,
    );
    assert.equal(user.code, 0, user.stderr);
    assert.equal(JSON.parse(user.stdout).role, 'POWER-USER');

    const dup = await cli(
      [
        'user',
        'create',
        '--account',
        String(account.id),
        '--email',
        'ops@acme.example',
        '--password',
        'ops user secret 33',
        '--role',
        'READONLY',
      ],
      env,
    );
    assert.equal(dup.code, 1);
    assert.match(dup.stderr, /email: cannot be used for a new user/);

    const badRole = await cli(
      [
        'user',
        'create',
        '--account',
        String(account.id),
        '--email',
        'x@acme.example',
        '--password',
        'ops user secret 33',
        '--role',
        'GOD',
      ],
      env,
    );
    assert.equal(badRole.code, 1);
    assert.match(badRole.stderr, /role/);

    // The server on the same data directory sees what the CLI wrote; a reset revokes tokens.
    const srv = await startTestServer({
      settings: loadSettings({ ...env, HOST: '127.0.0.1', PORT: '0', LOG_LEVEL: 'silent' }),
    });
    try {
      const token = await srv.login('ops@acme.example', 'ops user secret 33');
      assert.equal((await srv.request('GET', '/api/v3/users', { token })).status, 403);
      const reset = await cli(['user', 'reset-password', '--email', 'ops@acme.example'], env);
      assert.equal(reset.code, 0, reset.stderr);
      const out = JSON.parse(reset.stdout);
      assert.equal(out.revoked_tokens, 1);
      assert.ok(out.password.length >= 20);
      assert.equal((await srv.request('GET', '/api/v3/users', { token })).status, 401);
      assert.match(await srv.login('ops@acme.example', out.password), /^[0-9a-f]{32}$/);
    } finally {
      await srv.close({ keepData: true });
    }

    const purge = await cli(['token', 'purge'], env);
    assert.equal(purge.code, 0, purge.stderr);
    assert.equal(typeof JSON.parse(purge.stdout).tokens, 'number');
  });

  it('stops at start with one clear line naming a bad variable', async () => {
    const bad: [string, string][] = [
      ['PORT', 'eighty'],
      ['SITEWATCH_TOKEN_TTL_SECONDS', '0'],
      ['DATABASE_URL', 'mysql://x'],
      ['LOG_LEVEL', 'loud'],
    ];
    for (const [name, value] of bad) {
      const r = await cli(['serve'], { ...env, [name]: value });
      assert.equal(r.code, 2, name);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, r.stderr);
      assert.match(lines[0]!, new RegExp(`^sitewatch: invalid configuration: ${name} `));
    }
  });
});
