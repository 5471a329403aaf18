import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import type { StepEvaluation, StepTask } from './step.ts';

// Heavy judging (JSON/XML paths over megabyte bodies, user regexes) runs here, on worker threads,
// not on the event loop that serves the API: one tenant's monitor with 50 steps × 1 MB × 100
// assertions took 22.6 s of CPU and pushed every other tenant's /healthz p99 to 1.6 s (issue 9).
// A small pool with a queue; each task has a time limit after which its worker is terminated
// (the only way to stop a runaway evaluation) and replaced.

/** A task ran past its time limit; its worker was terminated. */
export class EvaluationTimeoutError extends Error {
  constructor(readonly limitMs: number) {
    super(`evaluation ran longer than ${limitMs} ms`);
  }
}

/** A judged step and the milliseconds the worker spent on it (counted against a check's budget). */
export type TimedEvaluation = StepEvaluation & { cpuMs: number };

/** Worker threads that judge steps off the main event loop. */
export interface EvaluationPool {
  /** Workers in the pool. */
  readonly size: number;
  /** Judges `task` on a worker; rejects with EvaluationTimeoutError after `timeoutMs` of work, or on `signal`. */
  evaluate(task: StepTask, opts: { signal: AbortSignal; timeoutMs: number }): Promise<TimedEvaluation>;
  /** Terminates the workers; queued tasks are rejected. */
  close(): Promise<void>;
}

/** Pool knobs. */
export interface EvaluationPoolOptions {
  /** Workers; default one per spare core, at least 1, at most 2 (a check agent also serves the API). */
  size?: number;
  /** Heap per worker in MB (a 4 MiB body parses into well under 100 MB); default 256. */
  maxHeapMb?: number;
}

interface Job {
  task: StepTask;
  timeoutMs: number;
  signal: AbortSignal;
  resolve(r: TimedEvaluation): void;
  reject(e: unknown): void;
}

interface Slot {
  worker: Worker;
  job: Job | null;
  timer?: NodeJS.Timeout;
  onAbort?: () => void;
}

// The worker is plain JS (no loader is inherited when sitewatch registered tsx through its API):
// it registers tsx when needed, then loads step.ts and answers one message per task.
const BOOT = `
const { parentPort, workerData } = require('node:worker_threads');
const { performance } = require('node:perf_hooks');
(async () => {
  if (workerData.tsx) (await import(workerData.tsx)).register();
  const { evaluateStep } = await import(workerData.entry);
  parentPort.on('message', (task) => {
    const t0 = performance.now();
    try {
      const result = evaluateStep(task);
      parentPort.postMessage({ ok: true, result, cpuMs: performance.now() - t0 });
    } catch (err) {
      parentPort.postMessage({ ok: false, message: String(err && err.message || err) });
    }
  });
})();
`;

function bootData(): { entry: string; tsx: string } {
  // Loader hooks of the parent (--import tsx or tsx's register()) do not reach an eval worker.
  return { entry: new URL('./step.ts', import.meta.url).href, tsx: import.meta.resolve('tsx/esm/api') };
}

/** Starts a pool (workers start on first use). */
export function createEvaluationPool(opts: EvaluationPoolOptions = {}): EvaluationPool {
  const size = opts.size ?? Math.max(1, Math.min(2, availableParallelism() - 1));
  const slots: (Slot | null)[] = Array.from({ length: size }, () => null);
  const queue: Job[] = [];
  const data = bootData();
  let closed = false;

  const spawn = (): Slot => {
    const worker = new Worker(BOOT, {
      eval: true,
      workerData: data,
      resourceLimits: { maxOldGenerationSizeMb: opts.maxHeapMb ?? 256 },
    });
    // An idle pool must not keep a process (a CLI run, a test) alive.
    worker.unref();
    const slot: Slot = { worker, job: null };
    worker.on('message', (m: { ok: boolean; result?: StepEvaluation; cpuMs?: number; message?: string }) => {
      const job = finish(slot);
      if (!job) return;
      if (m.ok) job.resolve({ ...m.result!, cpuMs: m.cpuMs ?? 0 });
      else job.reject(new Error(`evaluation failed: ${m.message}`));
    });
    worker.on('error', (err) => replace(slot, err));
    worker.on('exit', () => replace(slot, new Error('evaluation worker exited')));
    return slot;
  };

  function finish(slot: Slot): Job | null {
    const job = slot.job;
    slot.job = null;
    clearTimeout(slot.timer);
    if (job && slot.onAbort) job.signal.removeEventListener('abort', slot.onAbort);
    slot.worker.unref();
    setImmediate(pump);
    return job;
  }

  function replace(slot: Slot, reason: unknown): void {
    const i = slots.indexOf(slot);
    if (i < 0) return;
    slots[i] = null;
    const job = finish(slot);
    job?.reject(reason);
    void slot.worker.terminate();
  }

  function pump(): void {
    for (let i = 0; i < slots.length && queue.length > 0; i++) {
      if (closed) return;
      const slot = (slots[i] ??= spawn());
      if (slot.job) continue;
      const job = queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      slot.timer = setTimeout(() => replace(slot, new EvaluationTimeoutError(job.timeoutMs)), job.timeoutMs);
      slot.onAbort = () => replace(slot, job.signal.reason);
      job.signal.addEventListener('abort', slot.onAbort, { once: true });
      slot.worker.postMessage(job.task);
    }
  }

  return {
    size,
    evaluate(task, o) {
      return new Promise<TimedEvaluation>((resolve, reject) => {
        if (closed) return reject(new Error('evaluation pool is closed'));
        if (o.signal.aborted) return reject(o.signal.reason);
        const job: Job = { task, timeoutMs: Math.max(1, o.timeoutMs), signal: o.signal, resolve, reject };
        // A check that ends while queued leaves the queue.
        o.signal.addEventListener(
          'abort',
          () => {
            const at = queue.indexOf(job);
            if (at >= 0) {
              queue.splice(at, 1);
              reject(o.signal.reason);
            }
          },
          { once: true },
        );
        queue.push(job);
        pump();
      });
    },
    async close() {
      closed = true;
      for (const job of queue.splice(0)) job.reject(new Error('evaluation pool is closed'));
      await Promise.all(
        slots.map((s, i) => {
          slots[i] = null;
          if (!s) return;
          s.job?.reject(new Error('evaluation pool is closed'));
          clearTimeout(s.timer);
          return s.worker.terminate();
        }),
      );
    },
  };
}
