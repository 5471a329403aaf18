import type { Logger } from 'pino';
import { decideAlerts, type Transition } from '../alerting/decide.ts';
import type { Deps } from '../deps.ts';
import { isInternalStatus } from '../domain/status-codes.ts';
import type { Db } from '../store/db.ts';
import {
  addToRollups,
  confirmFailures,
  insertResults,
  statusesOf,
  upsertStatuses,
  type NewResultRow,
  type RollupDelta,
  type StatusRow,
} from '../store/results.ts';
import { completeLeases, requestVerifications } from '../store/schedules.ts';
import { isFailure, nextStatus } from './modes.ts';
import type { Completion } from './run-claim.ts';

const HOUR = 3_600_000;
const key = (m: number, l: number) => `${m}:${l}`;

/** Per-hour deltas of a batch's scheduled results (verification runs stay raw only). */
export function rollupDeltas(results: NewResultRow[]): RollupDelta[] {
  const byKey = new Map<string, RollupDelta>();
  for (const r of results) {
    if (r.kind !== 'scheduled' || r.monitor_id == null) continue;
    const hour = Math.floor(r.started_at / HOUR) * HOUR;
    const k = `${r.monitor_id}:${r.location_id}:${hour}`;
    let d = byKey.get(k);
    if (!d) {
      d = {
        monitor_id: r.monitor_id,
        location_id: r.location_id,
        hour,
        account_id: r.account_id,
        runs: 0,
        errors: 0,
        internal: 0,
        warnings: 0,
        response_sum: 0,
        response_count: 0,
        response_max: 0,
      };
      byKey.set(k, d);
    }
    d.runs++;
    if (isInternalStatus(r.status)) d.internal++;
    else if (r.status !== 0) d.errors++;
    if (r.warning) d.warnings++;
    if (r.response_ms != null) {
      d.response_sum += r.response_ms;
      d.response_count++;
      d.response_max = Math.max(d.response_max, r.response_ms);
    }
  }
  return [...byKey.values()];
}

/** Status rows and follow-ups (verification requests, confirmations) of a batch. */
async function stateOf(tx: Db, done: Completion[], now: number) {
  const scheduled = done.filter((c) => c.result && c.claim.kind === 'scheduled');
  const prev = await statusesOf(tx, [...new Set(scheduled.map((c) => c.claim.lease.monitor_id))]);
  const byMonitor = new Map<number, StatusRow[]>();
  for (const s of prev) byMonitor.set(s.monitor_id, [...(byMonitor.get(s.monitor_id) ?? []), s]);
  const statuses: StatusRow[] = [];
  const verify: { monitor_id: number; location_id: number; origin: number }[] = [];
  for (const c of scheduled) {
    const { monitor_id, location_id, account_id } = c.claim.lease;
    const rows = byMonitor.get(monitor_id) ?? [];
    const r = c.result!;
    const s = nextStatus(
      c.claim.mode,
      rows.find((x) => x.location_id === location_id),
      rows.filter((x) => x.location_id !== location_id),
      {
        monitor_id,
        location_id,
        account_id,
        slot: c.claim.slot,
        at: r.started_at,
        status: r.status,
        info_msg: r.info_msg ?? '',
        response_ms: r.response_ms ?? null,
        warning: r.warning === 1,
        confirmedNow: c.verification.kind === 'confirmed',
      },
    );
    statuses.push(s);
    if (c.verification.kind === 'verify' && s.confirmed === 0)
      verify.push({ monitor_id, location_id: c.verification.location, origin: location_id });
  }
  // A failed verification run confirms the failure of the location that asked for it.
  const confirm = done
    .filter(
      (c) =>
        c.claim.kind === 'verify' &&
        c.result &&
        isFailure(c.result.status) &&
        c.claim.lease.verify_for !== null,
    )
    .map((c) => ({ monitor_id: c.claim.lease.monitor_id, location_id: c.claim.lease.verify_for! }));
  return { statuses, verify, confirm, now };
}

/**
 * Writes one batch of completions in one transaction: fence and release the leases, insert the
 * results of the rows that were still ours, update latest status and hourly rollups, ask for
 * verifications. A fixed number of statements per batch (chunked above 400 rows).
 */
export async function recordBatch(
  deps: Pick<Deps, 'db' | 'dialect' | 'clock'>,
  owner: string,
  batch: Completion[],
) {
  return deps.db.transaction().execute(async (tx) => {
    const ours = await completeLeases(
      tx,
      owner,
      batch.map((c) => ({
        monitor_id: c.claim.lease.monitor_id,
        location_id: c.claim.lease.location_id,
        leased_slot: c.claim.lease.leased_slot,
        next_run_at: c.nextRunAt,
        verify: c.claim.kind === 'verify',
      })),
    );
    const done = batch.filter((c) => ours.has(key(c.claim.lease.monitor_id, c.claim.lease.location_id)));
    const results = done.flatMap((c) => (c.result ? [c.result] : []));
    await insertResults(tx, results);
    const state = await stateOf(tx, done, deps.clock.now());
    await upsertStatuses(tx, state.statuses);
    await confirmFailures(tx, state.confirm);
    await addToRollups(tx, deps.dialect, rollupDeltas(results));
    await requestVerifications(tx, state.verify, state.now);
    // Alerts are decided on the rows this transaction wrote, and queued in it (exactly once).
    const alerts = await decideAlerts(tx, deps, [...state.statuses, ...state.confirm]);
    return { recorded: results.length, fencedOut: batch.length - done.length, alerts };
  });
}

/**
 * PostgreSQL may abort one of two concurrent batches as a deadlock victim: they lock status,
 * schedule and alert-state rows of the same monitors in different orders (a home location's result
 * in one process, its verification in the other). The transaction rolled back whole and every
 * write is fenced, so running it again is safe; without this the slots would wait for their leases
 * to expire.
 */
const RETRYABLE = new Set(['40P01', '40001']);
const ATTEMPTS = 4;

/** Buffers completions and writes them in batches: on size, or after a short timer. */
export class Recorder {
  private buffer: Completion[] = [];
  private timer: NodeJS.Timeout | null = null;
  private chain: Promise<void> = Promise.resolve();
  /** Results recorded and completions fenced out since start. */
  readonly stats = { recorded: 0, fencedOut: 0, batches: 0, failedBatches: 0 };

  constructor(
    private readonly deps: Pick<Deps, 'db' | 'dialect' | 'clock'>,
    private readonly owner: string,
    private readonly log: Logger,
    private readonly opts: {
      batchSize: number;
      flushMs: number;
      /** Called after a batch queued notifications (wakes the dispatcher of this process). */
      onQueued?: () => void;
      /** Logger of the transition lines (component `alerting`); the recorder's own otherwise. */
      alertLog?: Logger;
    },
  ) {}

  /** Queues one completion; flushes when the batch is full. */
  add(c: Completion): void {
    this.buffer.push(c);
    if (this.buffer.length >= this.opts.batchSize) void this.flush();
    else this.timer ??= setTimeout(() => void this.flush(), this.opts.flushMs);
  }

  /** Writes everything buffered; resolves when it (and any earlier flush) is in the database. */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.buffer;
    this.buffer = [];
    if (batch.length > 0) this.chain = this.chain.then(() => this.write(batch));
    return this.chain;
  }

  private async writeRetrying(batch: Completion[]) {
    for (let attempt = 1; ; attempt++) {
      try {
        return await recordBatch(this.deps, this.owner, batch);
      } catch (err) {
        const code = (err as { code?: unknown } | null)?.code;
        if (attempt >= ATTEMPTS || typeof code !== 'string' || !RETRYABLE.has(code)) throw err;
        this.log.warn({ code, attempt, size: batch.length }, 'batch lost a lock conflict: writing it again');
        await new Promise((r) => setTimeout(r, 5 + Math.random() * 20 * attempt));
      }
    }
  }

  private async write(batch: Completion[]): Promise<void> {
    try {
      const r = await this.writeRetrying(batch);
      this.stats.recorded += r.recorded;
      this.stats.fencedOut += r.fencedOut;
      this.stats.batches++;
      for (const t of r.alerts.transitions) logTransition(this.opts.alertLog ?? this.log, t);
      if (r.alerts.queued.length > 0) this.opts.onQueued?.();
      if (r.fencedOut > 0)
        this.log.warn({ fencedOut: r.fencedOut }, 'lost leases: results of slots taken over were dropped');
    } catch (err) {
      // The leases stay and expire, so these slots run again (recorded once, by whoever runs them).
      this.stats.failedBatches++;
      this.log.error({ err, size: batch.length }, 'recording a batch of results failed');
    }
  }
}

/** One structured line per state transition, for operators (issue 7 §8). */
function logTransition(log: Logger, t: Transition): void {
  const fields = {
    event: t.event === 'down' ? 'monitor_down' : 'monitor_recovered',
    monitorId: t.monitorId,
    monitor: t.monitorName,
    locationId: t.locationId,
    status: t.status,
    errcount: t.errcount,
  };
  if (t.event === 'down') log.warn(fields, 'monitor down');
  else log.info(fields, 'monitor recovered');
}
