import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import type { Deps } from '../deps.ts';
import { claimBatch, type ClaimedCheck } from '../scheduler/claimer.ts';
import { extendLeases, releaseLeases } from '../store/schedules.ts';
import { Recorder } from './recorder.ts';
import { runClaim, type Completion } from './run-claim.ts';

/** How one engine instance works; defaults come from settings.engine. */
export interface EngineOptions {
  /** Lease owner; unique per process start (a restarted worker must not inherit old leases). */
  workerId?: string;
  /** Locations this engine runs. */
  locations: number[];
  concurrency?: number;
  claimBatch?: number;
  completeBatch?: number;
  flushMs?: number;
  pollMs?: number;
  leaseMs?: number;
  drainMs?: number;
  /** Called after a batch queued notifications (the dispatcher of this process wakes up). */
  onAlertsQueued?: () => void;
}

/** A running claim loop. */
export interface Engine {
  readonly workerId: string;
  /** Starts the claim loop (idempotent). */
  start(): void;
  /**
   * Stops claiming, waits up to drainMs for runs in flight (then aborts them, recording nothing
   * for them), writes every pending result and releases the leases still held.
   */
  stop(): Promise<void>;
  /** Claims one batch, runs it to the end and records it; answers how many rows it claimed (tests). */
  runOnce(): Promise<number>;
  /**
   * Claims at once (a monitor was edited, a test was requested), or at `dueAt` (epoch ms by the
   * engine's clock) when the new work is due later than the next poll would find it.
   */
  wake(dueAt?: number): void;
  /** Counters for logs and benchmarks. */
  readonly stats: { claimed: number; inFlight: number; recorded: number; fencedOut: number };
}

/** A fresh lease owner id: host, pid and 6 random bytes. */
export const newWorkerId = () => `${hostname()}:${process.pid}:${randomBytes(6).toString('hex')}`;

export function createEngine(deps: Deps, o: EngineOptions): Engine {
  const s = deps.settings.engine;
  const workerId = o.workerId ?? newWorkerId();
  const cfg = {
    concurrency: o.concurrency ?? s.concurrency,
    claimBatch: o.claimBatch ?? s.claimBatch,
    pollMs: o.pollMs ?? s.pollMs,
    leaseMs: o.leaseMs ?? s.leaseSeconds * 1000,
    drainMs: o.drainMs ?? s.drainSeconds * 1000,
  };
  const log = deps.log.child({ component: 'engine', workerId });
  const recorder = new Recorder(deps, workerId, log, {
    batchSize: o.completeBatch ?? s.completeBatch,
    flushMs: o.flushMs ?? s.flushMs,
    onQueued: o.onAlertsQueued,
    alertLog: deps.log.child({ component: 'alerting', workerId }),
  });
  const abort = new AbortController();
  const inFlight = new Set<Promise<void>>();
  let claimed = 0;
  let loop: Promise<void> | null = null;
  let stopping = false;
  let wake: (() => void) | null = null;
  // A wake-up that arrives while the loop is claiming must not be lost: the next sleep skips.
  let nudged = false;
  const nudge = () => {
    if (wake) wake();
    else nudged = true;
  };
  const sleep = (ms: number) =>
    new Promise<void>((r) => {
      if (nudged) {
        nudged = false;
        return r();
      }
      const t = setTimeout(() => {
        wake = null;
        r();
      }, ms);
      wake = () => {
        clearTimeout(t);
        wake = null;
        r();
      };
    });

  const m = deps.metrics;
  function observe(c: ClaimedCheck, done: Completion, startedAt: number): void {
    const r = done.result;
    if (!r) return;
    const type = c.input?.type ?? 'unknown';
    m.checks.inc({ type, location: r.location_id, status: r.status });
    m.checkDuration.observe({ type }, (Date.now() - startedAt) / 1000);
    if (c.kind === 'scheduled') m.checkLateness.observe(Math.max(0, r.started_at - c.slot) / 1000);
  }

  function launch(c: ClaimedCheck): Promise<void> {
    const startedAt = Date.now();
    const p = runClaim(deps, c, abort.signal)
      .then((done) => {
        if (done) {
          observe(c, done, startedAt);
          recorder.add(done);
        }
      })
      .catch((err: unknown) => log.error({ err, monitorId: c.lease.monitor_id }, 'run failed'))
      .finally(() => {
        inFlight.delete(p);
        wake?.();
      });
    inFlight.add(p);
    return p;
  }

  async function claim(limit: number): Promise<ClaimedCheck[]> {
    const batch = await claimBatch(deps, {
      owner: workerId,
      locations: o.locations,
      limit,
      leaseMs: cfg.leaseMs,
    });
    claimed += batch.length;
    m.claimBatch.observe(batch.length);
    return batch;
  }

  async function run(): Promise<void> {
    while (!stopping) {
      const room = cfg.concurrency - inFlight.size;
      if (room <= 0) {
        await sleep(cfg.pollMs); // woken as soon as a run ends
        continue;
      }
      const limit = Math.min(room, cfg.claimBatch);
      try {
        const batch = await claim(limit);
        for (const c of batch) launch(c);
        if (batch.length < limit) await sleep(cfg.pollMs);
      } catch (err) {
        log.error({ err }, 'claim failed');
        await sleep(cfg.pollMs);
      }
    }
  }

  // Long runs (timeouts up to 120 s, twice with a retry) outlive a lease: extend all ours at once.
  const extender = setInterval(
    () => {
      if (inFlight.size === 0) return;
      extendLeases(deps.db, workerId, deps.clock.now() + cfg.leaseMs).catch((err: unknown) =>
        log.warn({ err }, 'extending leases failed'),
      );
    },
    Math.max(1000, cfg.leaseMs / 3),
  );
  extender.unref();

  return {
    workerId,
    start() {
      if (loop || stopping) return;
      log.info({ locations: o.locations, concurrency: cfg.concurrency }, 'engine started');
      loop = run();
    },
    async stop() {
      stopping = true;
      wake?.();
      await loop;
      const drained = await Promise.race([
        Promise.all(inFlight).then(() => true),
        new Promise<boolean>((r) => setTimeout(() => r(false), cfg.drainMs).unref()),
      ]);
      if (!drained) {
        log.warn({ inFlight: inFlight.size }, 'drain timed out: aborting runs in flight');
        abort.abort();
        await Promise.all(inFlight);
      }
      clearInterval(extender);
      await recorder.flush();
      const released = await releaseLeases(deps.db, workerId);
      log.info({ recorded: recorder.stats.recorded, released }, 'engine stopped');
    },
    wake(dueAt?: number) {
      const delay = dueAt === undefined ? 0 : dueAt - deps.clock.now();
      if (delay <= 0) return nudge();
      // A timer per announced due time, so even a long poll interval runs new work on time.
      if (delay <= 3_600_000) setTimeout(nudge, delay).unref();
    },
    async runOnce() {
      const batch = await claim(cfg.claimBatch);
      await Promise.all(batch.map(launch));
      await recorder.flush();
      return batch.length;
    },
    get stats() {
      return {
        claimed,
        inFlight: inFlight.size,
        recorded: recorder.stats.recorded,
        fencedOut: recorder.stats.fencedOut,
      };
    },
  };
}
