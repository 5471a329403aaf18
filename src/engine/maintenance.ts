import type { Deps } from '../deps.ts';
import { evaluatePerformanceAlerts } from '../alerting/performance.ts';
import { reconcileSchedules } from '../slots/sync.ts';
import { purgeSettledOutbox } from '../store/outbox.ts';
import { purgeOldResults, purgeOldRollups } from '../store/results.ts';

const DAY = 86_400_000;
/** Rows deleted per statement: short write transactions that never stall the claim loop. */
const PURGE_BATCH = 5000;
/** At most this many batches per purge pass; the next pass continues (bounded work per pass). */
const PURGE_MAX_BATCHES = 200;

/**
 * Deletes raw results and rollups past their retention, in bounded batches; delivered and failed
 * alerts (with their attempts) go with the raw results. Pending alerts are never purged.
 */
export async function purgeRetention(
  deps: Pick<Deps, 'db' | 'clock' | 'settings'>,
): Promise<{ results: number; rollups: number; alerts: number }> {
  const { resultRetentionDays, rollupRetentionDays } = deps.settings.engine;
  const now = deps.clock.now();
  const drain = async (purge: (before: number, limit: number) => Promise<number>, before: number) => {
    let total = 0;
    for (let i = 0; i < PURGE_MAX_BATCHES; i++) {
      const n = await purge(before, PURGE_BATCH);
      total += n;
      if (n < PURGE_BATCH) break;
      await new Promise((r) => setImmediate(r)); // let claims and completions in between
    }
    return total;
  };
  const results = await drain((b, l) => purgeOldResults(deps.db, b, l), now - resultRetentionDays * DAY);
  const rollups = await drain((b, l) => purgeOldRollups(deps.db, b, l), now - rollupRetentionDays * DAY);
  const alerts = await drain((b, l) => purgeSettledOutbox(deps.db, b, l), now - resultRetentionDays * DAY);
  return { results, rollups, alerts };
}

/**
 * Background upkeep of an engine process: the schedule reconcile (safety net behind the monitor
 * hook; at start too, so monitors written before the engine existed get their rows), the
 * retention purge and the performance alert evaluation (every minute). Several processes may run
 * them at once: all are idempotent (performance alerts fire through a fenced flip).
 */
export function startEngineMaintenance(
  deps: Deps,
  o: { reconcileMs?: number; purgeMs?: number; performanceMs?: number } = {},
): () => void {
  const log = deps.log.child({ component: 'engine-maintenance' });
  const reconcile = () =>
    reconcileSchedules(deps.db, deps.clock.now())
      .then((r) => {
        if (r.synced || r.deleted) log.info(r, 'schedules reconciled');
      })
      .catch((err: unknown) => log.warn({ err }, 'schedule reconcile failed'));
  const purge = () =>
    purgeRetention(deps)
      .then((r) => {
        if (r.results || r.rollups || r.alerts) log.info(r, 'purged results past retention');
      })
      .catch((err: unknown) => log.warn({ err }, 'retention purge failed'));
  const performance = () =>
    evaluatePerformanceAlerts(deps)
      .then((n) => {
        if (n) log.info({ queued: n }, 'performance alerts queued');
      })
      .catch((err: unknown) => log.warn({ err }, 'performance alert evaluation failed'));
  void reconcile();
  const timers = [
    setInterval(performance, o.performanceMs ?? 60_000),
    setInterval(reconcile, o.reconcileMs ?? 60_000),
    setInterval(purge, o.purgeMs ?? 10 * 60_000),
  ];
  for (const t of timers) t.unref();
  return () => timers.forEach(clearInterval);
}
