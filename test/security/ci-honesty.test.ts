import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { describe, it } from 'node:test';

// Issue 9: with CI=true a missing PostgreSQL (or chromium, or ping) fails the run instead of
// skipping those tests silently. Proven on the database helper with an unreachable PostgreSQL.

function importDbHelper(env: Record<string, string>) {
  return spawnSync(
    process.execPath,
    ['--import', 'tsx', '--input-type=module', '-e', "await import('./test/helpers/db.ts')"],
    { env: { ...process.env, ...env }, encoding: 'utf8', timeout: 30_000 },
  );
}

describe('CI honesty', () => {
  it('fails under CI=true when PostgreSQL is unreachable, and only skips without CI', () => {
    const unreachable = { DATABASE_URL: 'postgres://postgres@127.0.0.1:1/test' };
    const ci = importDbHelper({ ...unreachable, CI: 'true' });
    assert.notEqual(ci.status, 0);
    assert.match(ci.stderr, /CI=true and PostgreSQL is not reachable.*refusing to skip/);
    const local = importDbHelper({ ...unreachable, CI: '' });
    assert.equal(local.status, 0, local.stderr);
    assert.match(local.stdout, /the postgres dialect is SKIPPED/);
  });
});
