// The outbox dispatcher (design.md "outbox"): claims due rows with a lease, delivers each through
// its channel under a per-attempt deadline, records every attempt, and settles the row (sent,
// retry later with back-off, or failed). Deliveries run concurrently, so one slow or dead receiver
// holds one slot for at most the attempt deadline and never delays the others.
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Deps } from '../deps.ts';
import { channelFor as registryChannelFor } from '../channels/registry.ts';
import type { AlertChannel } from '../channels/types.ts';
import { claimOutbox, releaseOutboxLeases, type OutboxRow } from '../store/outbox.ts';
import { Settler } from './settler.ts';
import { backoffMs } from './backoff.ts';
import { attemptDelivery } from './deliver.ts';

/** Overrides of settings.outbox, for tests and benchmarks. */
export interface DispatcherOptions {
  workerId?: string;
  concurrency?: number;
  attemptTimeoutMs?: number;
  maxAttempts?: number;
  backoffBaseMs?: number;
  backoffMaxMs?: number;
  pollMs?: number;
  /** The channel registry (channels/registry.ts unless given). */
  channelFor?: (methodId: number) => AlertChannel | undefined;
}

/** A running dispatcher. */
export interface Dispatcher {
  readonly workerId: string;
  /** Starts the claim loop (idempotent). */
  start(): void;
  /** Claims now instead of after the poll pause (the engine queued something). */
  wake(): void;
  /** Stops claiming and waits for deliveries in flight (each bounded by its deadline). */
  stop(): Promise<void>;
  /** Claims one batch and delivers it to the end; answers how many rows it claimed (tests). */
  runOnce(): Promise<number>;
  /** Counters for logs, tests and benchmarks. */
  readonly stats: {
    claimed: number;
    sent: number;
    retried: number;
    failed: number;
    fencedOut: number;
    inFlight: number;
  };
}

export function createDispatcher(deps: Deps, o: DispatcherOptions = {}): Dispatcher {
  const s = deps.settings.outbox;
  const workerId = o.workerId ?? `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;
  const cfg = {
    concurrency: o.concurrency ?? s.concurrency,
    attemptMs: o.attemptTimeoutMs ?? s.attemptTimeoutSeconds * 1000,
    maxAttempts: o.maxAttempts ?? s.maxAttempts,
    baseMs: o.backoffBaseMs ?? s.backoffBaseMs,
    maxMs: o.backoffMaxMs ?? s.backoffMaxSeconds * 1000,
    pollMs: o.pollMs ?? s.pollMs,
  };
  // The lease outlives the attempt deadline by half of it (at least a second): a live delivery
  // settles before anyone else may claim the row, so only a dead process's rows are taken over.
  const leaseMs = cfg.attemptMs + Math.max(1000, cfg.attemptMs / 2);
  const log = deps.log.child({ component: 'outbox', workerId });
  const attemptDeps = {
    channelFor: o.channelFor ?? registryChannelFor,
    secrets: deps.secrets,
    egress: deps.egress,
    smtp: deps.settings.smtp,
    log,
  };
  const stats = { claimed: 0, sent: 0, retried: 0, failed: 0, fencedOut: 0 };
  // Attempts ending within 5 ms share one transaction (at most 100 rows).
  const settler = new Settler(deps.db, { maxBatch: 100, delayMs: 5 });
  const abort = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let loop: Promise<void> | null = null;
  let stopping = false;
  let wake: (() => void) | null = null;
  let woken = false;
  const sleep = (ms: number) =>
    new Promise<void>((r) => {
      if (woken) {
        woken = false;
        return r();
      }
      const t = setTimeout(() => ((wake = null), r()), ms);
      wake = () => {
        clearTimeout(t);
        wake = null;
        r();
      };
    });

  async function deliver(row: OutboxRow): Promise<void> {
    const started = deps.clock.now();
    const a = await attemptDelivery(attemptDeps, row, cfg.attemptMs, abort.signal);
    const now = deps.clock.now();
    const out = a.outcome;
    const giveUp = out.status === 'retry' && row.attempts >= cfg.maxAttempts;
    const state = out.status === 'sent' ? 'sent' : out.status === 'failed' || giveUp ? 'failed' : 'pending';
    const reason =
      out.status === 'sent'
        ? null
        : giveUp
          ? `gave up after ${row.attempts} attempts: ${out.reason}`
          : out.reason;
    const ours = await settler.settle({
      attempt: {
        outbox_id: row.id,
        account_id: row.account_id,
        attempt: row.attempts,
        started_at: started,
        duration_ms: a.durationMs,
        channel: a.channel,
        destination: a.destination,
        outcome: giveUp ? 'failed' : out.status,
        http_status: out.httpStatus ?? null,
        reply: out.status === 'sent' ? (out.reply ?? null) : reason,
      },
      settle: {
        id: row.id,
        owner: workerId,
        attempt: row.attempts,
        state,
        nextAttemptAt:
          state === 'pending'
            ? now +
              backoffMs(row.attempts, {
                baseMs: cfg.baseMs,
                maxMs: cfg.maxMs,
                afterMs: out.status === 'retry' ? out.afterMs : undefined,
              })
            : now,
        lastError: reason,
        now,
      },
    });
    const fields = {
      deliveryId: row.delivery_id,
      monitorId: row.monitor_id,
      recipientId: row.recipient_id,
      notifyType: row.notify_type,
      channel: a.channel,
      destination: a.destination,
      attempt: row.attempts,
      httpStatus: out.httpStatus,
    };
    if (!ours) {
      stats.fencedOut++;
      log.warn(fields, 'delivery lease was lost; the row is left to its new holder');
    } else if (state === 'sent') stats.sent++;
    else if (state === 'failed') {
      stats.failed++;
      log.warn({ ...fields, event: 'delivery_failed', reason }, 'alert delivery failed');
    } else {
      stats.retried++;
      log.info({ ...fields, reason }, 'alert delivery will be retried');
    }
  }

  function launch(row: OutboxRow): Promise<void> {
    const p = deliver(row)
      .catch((err: unknown) => log.error({ err, deliveryId: row.delivery_id }, 'settling a delivery failed'))
      .finally(() => {
        inFlight.delete(p);
        wake?.();
      });
    inFlight.add(p);
    return p;
  }

  async function claim(limit: number): Promise<OutboxRow[]> {
    const rows = await claimOutbox(deps.db, deps.dialect, {
      owner: workerId,
      limit,
      leaseMs,
      now: deps.clock.now(),
    });
    stats.claimed += rows.length;
    if (stopping && rows.length > 0) {
      // Claimed while stopping: give them back untouched rather than start new work.
      await releaseOutboxLeases(
        deps.db,
        workerId,
        rows.map((r) => r.id),
        deps.clock.now(),
      );
      return [];
    }
    return rows;
  }

  async function run(): Promise<void> {
    while (!stopping) {
      const room = cfg.concurrency - inFlight.size;
      // Claim in batches: with deliveries in flight, wait until a quarter of the slots are free
      // rather than paying one claim statement per finished delivery.
      if (room <= 0 || (inFlight.size > 0 && room < Math.ceil(cfg.concurrency / 4))) {
        await sleep(cfg.pollMs);
        continue;
      }
      try {
        const rows = await claim(Math.min(room, 100));
        for (const r of rows) launch(r);
        if (rows.length < Math.min(room, 100)) await sleep(cfg.pollMs);
      } catch (err) {
        log.error({ err }, 'outbox claim failed');
        await sleep(cfg.pollMs);
      }
    }
  }

  return {
    workerId,
    start() {
      if (loop || stopping) return;
      log.info({ concurrency: cfg.concurrency }, 'outbox dispatcher started');
      loop = run();
    },
    wake() {
      if (wake) wake();
      else woken = true;
    },
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      await Promise.all(inFlight);
      abort.abort();
      log.info(stats, 'outbox dispatcher stopped');
    },
    async runOnce() {
      const rows = await claim(cfg.concurrency);
      await Promise.all(rows.map(launch));
      return rows.length;
    },
    get stats() {
      return { ...stats, inFlight: inFlight.size };
    },
  };
}
