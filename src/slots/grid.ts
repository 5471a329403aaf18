// Slot maths, pure: every schedule row runs on the grid offset_ms + k × period_ms (epoch ms).

/** next_run_at of a row that must not run until its monitor is edited (98 recorded once). */
export const PARKED = 8_640_000_000_000_000;

/** Monitoring modes whose locations take turns instead of running in parallel (docs/compatibility.md §13). */
export const ROUND_ROBIN = 'Round Robin';

/** A 32-bit mix of two ids (murmur3's finaliser): stable across processes and releases. */
function mix(a: number, b: number): number {
  let h = Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ Math.imul(b + 0x632be5ab, 0xc2b2ae35);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Where one (monitor, location) sits on the time line. */
export interface SlotGrid {
  /** Milliseconds between two runs of this row. */
  periodMs: number;
  /** Phase in [0, periodMs). */
  offsetMs: number;
}

/**
 * The grid of one location of a monitor. Parallel modes: every location runs each interval, each at
 * its own hashed phase, so 10,000 one-minute monitors spread over the minute instead of firing at
 * second 0. Round Robin: the monitor has one hashed phase; location i of n runs every n intervals,
 * i intervals after it, so exactly one location runs per interval, in list order.
 */
export function slotGrid(
  monitorId: number,
  locationId: number,
  intervalMinutes: number,
  mode: string,
  position: number,
  locationCount: number,
): SlotGrid {
  const interval = intervalMinutes * 60_000;
  if (mode === ROUND_ROBIN && locationCount > 1) {
    const base = mix(monitorId, 0) % interval;
    return { periodMs: interval * locationCount, offsetMs: base + position * interval };
  }
  return { periodMs: interval, offsetMs: mix(monitorId, locationId) % interval };
}

/** The first slot at or after `at`. */
export function slotAtOrAfter(grid: SlotGrid, at: number): number {
  const k = Math.ceil((at - grid.offsetMs) / grid.periodMs);
  return grid.offsetMs + k * grid.periodMs;
}

/** The first slot strictly after `at`: where a row goes once its run is recorded or skipped. */
export function slotAfter(grid: SlotGrid, at: number): number {
  return slotAtOrAfter(grid, at + 1);
}
