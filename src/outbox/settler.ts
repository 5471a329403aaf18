// Settles deliveries in batches: attempts finishing within a few milliseconds of each other share
// one transaction (a burst of alerts would otherwise cost one commit each). A settle still happens
// before its delivery counts as done: callers await their own entry.
import type { Db } from '../store/db.ts';
import { settleAttempts, type AttemptSettlement } from '../store/outbox.ts';

/** Queues settlements and writes them together. */
export class Settler {
  private queue: { item: AttemptSettlement; done: (ours: boolean) => void; fail: (e: unknown) => void }[] =
    [];
  private timer: NodeJS.Timeout | null = null;
  private writing: Promise<void> = Promise.resolve();

  constructor(
    private readonly db: Db,
    private readonly o: { maxBatch: number; delayMs: number },
  ) {}

  /** Records and settles one attempt; answers whether the row was still ours (the fence). */
  settle(item: AttemptSettlement): Promise<boolean> {
    return new Promise((done, fail) => {
      this.queue.push({ item, done, fail });
      if (this.queue.length >= this.o.maxBatch) this.flush();
      else this.timer ??= setTimeout(() => this.flush(), this.o.delayMs);
    });
  }

  /** Writes what is queued now (after any write in progress). */
  flush(): Promise<void> {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    const batch = this.queue;
    this.queue = [];
    if (batch.length > 0)
      this.writing = this.writing.then(async () => {
        try {
          const ours = await settleAttempts(
            this.db,
            batch.map((b) => b.item),
          );
          batch.forEach((b, i) => b.done(ours[i]!));
        } catch (err) {
          batch.forEach((b) => b.fail(err));
        }
      });
    return this.writing;
  }
}
