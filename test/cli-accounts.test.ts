import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, describe, it } from 'node:test';
import { loadSettings } from '../src/config/settings.ts';
import { cli } from './helpers/cli.ts';
import { DIALECTS, dropSchema, PG_URL } from './helpers/db.ts';

// `--version`, `account list`, and `user create` holding to the rules of POST /users.

const PACKAGE = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));

describe('sitewatch --version', () => {
  it('prints the package version', async () => {
    const r = await cli(['--version'], {});
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stdout.trim(), PACKAGE.version);
  });
});

for (const dialect of DIALECTS) {
  describe(`sitewatch account list and user create rules (${dialect})`, () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'sitewatch-cli-accounts-'));
    const schema = `sw_cli_${process.pid}_${Date.now().toString(36)}`;
    const env: Record<string, string> = {
      SITEWATCH_DATA_DIR: dataDir,
      ...(dialect === 'postgres' ? { DATABASE_URL: PG_URL, SITEWATCH_DB_SCHEMA: schema } : {}),
    };
    after(() => dropSchema(loadSettings({ ...env })));

    const create = (name: string, email: string, parent?: number) =>
      cli(
        [
          'account',
          'create',
          '--name',
          name,
          '--admin-email',
          email,
          '--admin-password',
          'acme owner secret 1',
          ...(parent ? ['--parent', String(parent)] : []),
        ],
        env,
      );
    const user = (account: number, over: Record<string, string>) => {
      const o = { email: 'ops@acme.example', password: 'ops user secret 33', role: 'POWER-USER', ...over };
      return cli(
        [
          'user',
          'create',
          '--account',
          String(account),
          ...Object.entries(o).flatMap(([k, v]) => [`--${k}`, v]),
        ],
        env,
      );
    };

    it('lists accounts so that user create --account needs no guessing', async () => {
      const empty = await cli(['account', 'list'], env);
      assert.equal(empty.code, 0, empty.stderr);
      assert.deepEqual(JSON.parse(empty.stdout), []);
      const acme = JSON.parse((await create('Acme', 'owner@acme.example')).stdout);
      const eu = JSON.parse((await create('Acme EU', 'owner@eu.acme.example', acme.id)).stdout);
      assert.equal((await user(acme.id, {})).code, 0);
      const list = await cli(['account', 'list'], env);
      assert.equal(list.code, 0, list.stderr);
      assert.deepEqual(JSON.parse(list.stdout), [
        { id: acme.id, name: 'Acme', parent_id: null, timezone: 'UTC', users: 2 },
        { id: eu.id, name: 'Acme EU', parent_id: acme.id, timezone: 'UTC', users: 1 },
      ]);
    });

    // The rules are the schema's and the service's, not the database's: one dialect proves them
    // (each CLI run costs a process start).
    it(
      'refuses what POST /users refuses, with the same messages',
      { skip: dialect !== 'sqlite' },
      async () => {
        const [acme] = JSON.parse((await cli(['account', 'list'], env)).stdout);
        const cases: [Record<string, string>, RegExp][] = [
          [{ email: 'not-an-email' }, /^sitewatch: email: must be a valid email$/m],
          [
            { email: 'n1@acme.example', 'first-name': 'x'.repeat(256) },
            /first_name: must be at most 255 characters/,
          ],
          [{ email: 'n2@acme.example', role: 'GOD' }, /role: must be one of: ADMIN, CO-ADMIN/],
          [{ email: 'n3@acme.example', password: 'password' }, /password: /],
        ];
        for (const [over, message] of cases) {
          const r = await user(acme.id, over);
          assert.equal(r.code, 1, JSON.stringify(over));
          assert.match(r.stderr, message);
        }
        const bad = await create('Bad', 'nobody');
        assert.equal(bad.code, 1);
        assert.match(bad.stderr, /admin-email: must be a valid email/);
        const list = JSON.parse((await cli(['account', 'list'], env)).stdout);
        assert.equal(list.length, 2, 'nothing was created');
      },
    );
  });
}
