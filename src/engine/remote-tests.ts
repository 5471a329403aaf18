import type { CheckInput } from '../checks/types.ts';
import type { Deps } from '../deps.ts';
import {
  answerTestRequest,
  claimTestRequests,
  purgeTestRequests,
  type TestRequestRow,
} from '../store/test-requests.ts';
import { runAndRecordTest } from './run-test.ts';

/** Requests one worker takes per claim. */
const BATCH = 10;

/**
 * A worker's side of tests on demand at its locations: claims the requests API processes wrote
 * (woken by their NOTIFY, and every `pollMs` in case one was missed), runs each, stores the result
 * and announces it on the bus, so the waiting API call answers at once. Answers a stop function.
 */
export function startTestRequestRunner(
  deps: Deps,
  o: { owner: string; locations: number[]; pollMs: number },
): () => Promise<void> {
  const log = deps.log.child({ component: 'remote-tests' });
  const running = new Set<Promise<void>>();
  let claiming = false;
  let again = false;
  let stopped = false;

  async function runOne(r: TestRequestRow): Promise<void> {
    try {
      const resultId = await runAndRecordTest(deps, r.account_id, JSON.parse(r.input) as CheckInput);
      await answerTestRequest(deps.db, r.id, resultId);
      await deps.bus.publish('tests', { id: r.id });
    } catch (err) {
      log.error({ err, request: r.id }, 'test on demand failed');
    }
  }

  async function claim(): Promise<void> {
    if (stopped) return;
    if (claiming) {
      again = true;
      return;
    }
    claiming = true;
    try {
      do {
        again = false;
        const rows = await claimTestRequests(deps.db, deps.dialect, {
          owner: o.owner,
          locations: o.locations,
          now: deps.clock.now(),
          limit: BATCH,
        });
        for (const r of rows) {
          const p = runOne(r).finally(() => running.delete(p));
          running.add(p);
        }
        if (rows.length === BATCH) again = true;
      } while (again && !stopped);
    } catch (err) {
      log.warn({ err }, 'claiming tests on demand failed');
    } finally {
      claiming = false;
    }
  }

  const unsubscribe = deps.bus.subscribe('work', {
    event: (p) => {
      if (p.tests !== true) return;
      const at = Array.isArray(p.locations) ? (p.locations as number[]) : [];
      if (at.some((l) => o.locations.includes(l))) void claim();
    },
  });
  let purgedAt = 0;
  const timer = setInterval(() => {
    void claim();
    // Requests are a hand-over only: drop expired ones about once a minute.
    if (Date.now() - purgedAt > 60_000) {
      purgedAt = Date.now();
      purgeTestRequests(deps.db, deps.clock.now()).catch((err: unknown) => log.warn({ err }, 'purge failed'));
    }
  }, o.pollMs);
  timer.unref();
  void claim();
  return async () => {
    stopped = true;
    unsubscribe();
    clearInterval(timer);
    await Promise.all(running);
  };
}
