import type { Clock } from '../../src/domain/clock.ts';

/** A clock the test moves by hand. */
export class ManualClock implements Clock {
  constructor(private t = Date.now()) {}
  now = () => this.t;
  advance(ms: number): void {
    this.t += ms;
  }
}
