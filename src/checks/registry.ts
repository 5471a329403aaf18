import { apiStepsExecutor } from './http/api-executor.ts';
import { browserExecutor } from './browser.ts';
import { dnsExecutor } from './dns.ts';
import { ftpExecutor } from './ftp.ts';
import { httpExecutor } from './http/executor.ts';
import { mailExecutor } from './mail/executor.ts';
import { pingExecutor } from './ping.ts';
import { roundTripExecutor } from './mail/round-trip.ts';
import { tcpExecutor } from './tcp.ts';
import type { CheckExecutor } from './types.ts';

/** Every executor; one module each (design.md: one registry per extension point). */
export const EXECUTORS: readonly CheckExecutor[] = [
  httpExecutor,
  apiStepsExecutor,
  tcpExecutor,
  pingExecutor,
  dnsExecutor,
  ftpExecutor,
  mailExecutor,
  roundTripExecutor,
  browserExecutor,
];

/** Executors by the monitor type they run. */
export function executorsByType(
  executors: readonly CheckExecutor[] = EXECUTORS,
): ReadonlyMap<string, CheckExecutor> {
  const map = new Map<string, CheckExecutor>();
  for (const ex of executors) {
    for (const type of ex.types) {
      if (map.has(type)) throw new Error(`monitor type ${type} has two executors`);
      map.set(type, ex);
    }
  }
  return map;
}
