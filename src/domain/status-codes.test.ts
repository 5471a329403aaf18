import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { isInternalStatus, STATUS_CODES, statusCode } from './status-codes.ts';

// The table users read (docs/status-codes.md) is the one the code must follow.
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const specFile = join(repoRoot, 'docs', 'status-codes.md');

interface SpecRow {
  code: number;
  description: string;
  kind: string;
}

function specRows(): SpecRow[] {
  return readFileSync(specFile, 'utf8')
    .split('\n')
    .map((line) => /^\|\s*(\d+)\s*\|(.*)\|([^|]*)\|\s*$/.exec(line))
    .filter((m): m is RegExpExecArray => m !== null)
    .map((m) => ({
      code: Number(m[1]),
      description: m[2]!.trim().replace(/`/g, ''),
      kind: m[3]!.trim(),
    }));
}

describe('status code table', () => {
  it('matches docs/status-codes.md row for row: code, description, kind and internal flag', () => {
    const rows = specRows();
    assert.ok(rows.length >= 20, 'the spec table was parsed');
    assert.deepEqual(
      STATUS_CODES.map((s) => s.code),
      rows.map((r) => r.code),
    );
    for (const row of rows) {
      const entry = statusCode(row.code)!;
      assert.equal(entry.description, row.description, `description of ${row.code}`);
      assert.equal(entry.kind, row.kind.startsWith('AS') ? 'AS' : 'sitewatch', `kind of ${row.code}`);
      assert.equal(entry.fullPage, row.kind.includes('full-page'), `full-page flag of ${row.code}`);
      if (row.kind.includes('internal')) assert.equal(entry.internal, true, `${row.code} is internal`);
    }
  });

  it('marks exactly 21 (spec), 22 (location offline) and 98 (not executed) as internal', () => {
    assert.deepEqual(
      STATUS_CODES.filter((s) => s.internal).map((s) => s.code),
      [21, 22, 98],
    );
    assert.equal(isInternalStatus(21), true);
    assert.equal(isInternalStatus(7), false);
    assert.equal(isInternalStatus(12345), false);
  });

  it('gives the short AlertSite-style title of each code', () => {
    assert.equal(statusCode(1)!.title, 'TCP connection failed');
    assert.equal(statusCode(2)!.title, 'Test timed out');
    assert.equal(statusCode(7)!.title, 'HTTP error status');
    assert.equal(statusCode(999), undefined);
  });
});
