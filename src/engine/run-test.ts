import type { CheckInput } from '../checks/types.ts';
import type { Deps } from '../deps.ts';
import { insertTestResult } from '../store/test-results.ts';
import { maskUrlPassword } from '../monitors/url-secret.ts';
import { runCheck } from './run-check.ts';

/** What a test on demand tested, as stored on its result: "<type> <url or host>", URL password masked. */
export const testTarget = (input: CheckInput) =>
  `${input.type} ${maskUrlPassword(String(input.config.url ?? input.config.hostname ?? input.name))}`;

/**
 * Runs a test on demand and stores it as kind 'test' (docs/compatibility.md §11); answers the result id.
 * Used by the API process for locations it serves and by a worker for its own.
 */
export async function runAndRecordTest(
  deps: Pick<Deps, 'db' | 'clock' | 'executors' | 'egress' | 'secrets' | 'log'>,
  accountId: number,
  input: CheckInput,
): Promise<number> {
  const started = deps.clock.now();
  const verdict = await runCheck(deps, input);
  return insertTestResult(deps.db, {
    account_id: accountId,
    monitor_id: input.monitorId,
    location_id: input.location.id,
    started_at: started,
    status: verdict.status,
    info_msg: verdict.info_msg,
    response_ms: verdict.responseMs === null ? null : Math.round(verdict.responseMs),
    phases: JSON.stringify(verdict.phases),
    steps: JSON.stringify(verdict.steps),
    detail: JSON.stringify(verdict.detail ?? {}),
    target: testTarget(input),
  });
}
