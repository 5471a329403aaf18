import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { soak } from './soak-core.ts';

// The short soak of `npm test` (the full one is `npm run soak`: 10 minutes, 1,000 monitors): a
// real server process with monitors running under mixed API load, including failed logins and
// hostile query values. 20 seconds: the machine that runs the suite is shared.

describe('short soak (sqlite)', () => {
  it('answers no 5xx and keeps every table an unauthenticated client reaches bounded', async () => {
    const r = await soak({ dialect: 'sqlite', seconds: 20, monitors: 100, concurrency: 3 });
    assert.equal(r.serverErrors, 0, JSON.stringify(r.byStatus));
    assert.ok(r.requests > 100, `only ${r.requests} requests`);
    // One ip counter plus two per username tried; far under SITEWATCH_LOGIN_MAX_COUNTERS.
    assert.ok(r.tables.login_throttle! <= 1 + 2 * r.requests);
    assert.ok(r.tables.access_tokens! <= 100, 'tokens per user are capped');
    assert.ok(r.checksRecorded > 0, 'the monitors ran');
    // A gross leak shows even in 20 s; the 10 % bound is for the 10-minute run.
    assert.ok(r.rssGrowthPct < 50, `RSS grew ${r.rssGrowthPct} %`);
  });
});
