import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { measureIsolation } from './isolation-core.ts';

// Abuse case (issue 9): one tenant's heavy monitors must not slow another tenant's API. The bound
// is generous for a shared CI machine; `npm run isolation` measures the real figure (target 50 ms).

describe("another tenant's API latency while one tenant runs heavy monitors", () => {
  it('keeps the p99 of the other tenant bounded', async () => {
    const r = await measureIsolation({ monitors: 60, samples: 150 });
    console.log(`# other tenant p99 ${r.p99Ms} ms (p50 ${r.p50Ms}); ${r.heavyChecksRan} heavy checks ran`);
    assert.ok(r.heavyChecksRan > 0, 'the heavy monitors ran during the measurement');
    assert.ok(r.p99Ms < 750, `p99 ${r.p99Ms} ms`);
  });
});
