import assert from 'node:assert/strict';
import { it } from 'node:test';
import { backoffMs } from './backoff.ts';

it('doubles per attempt with equal jitter, capped, and honours a longer Retry-After', () => {
  const o = { baseMs: 1000, maxMs: 60_000 };
  assert.equal(
    backoffMs(1, o, () => 0),
    500,
  );
  assert.equal(
    backoffMs(1, o, () => 1),
    1000,
  );
  assert.equal(
    backoffMs(3, o, () => 1),
    4000,
  );
  assert.equal(
    backoffMs(3, o, () => 0),
    2000,
  );
  assert.equal(
    backoffMs(30, o, () => 1),
    60_000,
    'capped',
  );
  assert.equal(
    backoffMs(1, { ...o, afterMs: 30_000 }, () => 0),
    30_000,
    'Retry-After wins when longer',
  );
  assert.equal(
    backoffMs(1, { ...o, afterMs: 900_000 }, () => 0),
    60_000,
    'within the cap',
  );
});
