import type { CheckInput } from '../checks/types.ts';
import { ApiError } from '../domain/errors.ts';
import { isLocationOnline } from '../domain/liveness.ts';
import type { Deps } from '../deps.ts';
import { runAndRecordTest, testTarget } from '../engine/run-test.ts';
import { getLocationRow } from '../store/locations.ts';
import { insertTestRequest, testRequestResult } from '../store/test-requests.ts';

/** How often the waiting API call looks at the request itself, in case a NOTIFY was missed. */
const RECHECK_MS = 500;

/**
 * Runs a test on demand where its location is served (docs/compatibility.md §7, §11): an all-in-one `serve`
 * runs the configured locations itself; a worker's location (or any, from an API-only process) is
 * handed to that location's workers (a request row and a NOTIFY) while the call waits, at most
 * twice the check's timeout plus 10 s. Answers the result id; 503 when no live worker serves the
 * location, 504 when none answered in time.
 */
export async function runTest(deps: Deps, accountId: number, input: CheckInput): Promise<number> {
  const { db, clock, bus, settings } = deps;
  const loc = input.location.id;
  const row = await getLocationRow(db, loc);
  if (settings.engine.role === 'all' && (!row || row.source === 'config'))
    return runAndRecordTest(deps, accountId, input);
  if (!row || !isLocationOnline(row, clock.now(), settings.engine.heartbeatMs))
    throw new ApiError(
      503,
      `location_offline - No worker serves location ${loc} (start \`sitewatch worker --location ${loc}\`).`,
      ['location_id'],
    );
  const waitMs = Math.min(input.timeoutMs * 2 + 10_000, 300_000);
  const now = clock.now();
  const id = await insertTestRequest(db, {
    account_id: accountId,
    location_id: loc,
    input: JSON.stringify(input),
    target: testTarget(input),
    requested_at: now,
    expires_at: now + waitMs,
  });
  let wake: () => void = () => {};
  const unsubscribe = bus.subscribe('tests', {
    event: (p) => {
      if (p.id === id) wake();
    },
  });
  try {
    await bus.publish('work', { locations: [loc], tests: true });
    const deadline = Date.now() + waitMs;
    for (;;) {
      const result = await testRequestResult(db, id);
      if (result !== null) return result;
      const left = deadline - Date.now();
      if (left <= 0) break;
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, Math.min(RECHECK_MS, left));
        wake = () => {
          clearTimeout(t);
          resolve();
        };
      });
    }
  } finally {
    unsubscribe();
  }
  throw new ApiError(
    504,
    `test_timeout - No worker of location ${loc} answered within ${Math.round(waitMs / 1000)} seconds.`,
    ['location_id'],
  );
}
