import type { Deps } from '../deps.ts';
import { EXECUTED_TYPES } from '../monitors/registry.ts';
import { keepLocationsAlive, markWorkerLocationsOffline, registerWorkerLocations } from '../store/workers.ts';
import { createDispatcher, type Dispatcher, type DispatcherOptions } from '../outbox/dispatcher.ts';
import { createEngine, type Engine, type EngineOptions } from './engine.ts';
import { startEngineMaintenance } from './maintenance.ts';
import { startTestRequestRunner } from './remote-tests.ts';

/** An engine with its upkeep, as `serve` and `worker` run it. */
export interface EngineProcess {
  engine: Engine;
  /** The alert outbox dispatcher running beside it. */
  dispatcher: Dispatcher;
  /** Drains (settings.engine.drainSeconds), flushes, releases leases, stops the timers. */
  stop(): Promise<void>;
}

/** How `sitewatch worker --location N` describes the location it serves. */
export interface WorkerLocation {
  name?: string;
  region?: number;
  country?: string;
}

/** Monitor types this process runs: known to the monitor registry and backed by an executor. */
export const capabilitiesOf = (deps: Pick<Deps, 'executors'>): string[] =>
  EXECUTED_TYPES.filter((t) => deps.executors.has(t));

/**
 * Starts the engine for `locations`. As a worker (`sitewatch worker --location N`) it registers
 * those locations (online, capabilities, optional name/region/country), heartbeats them and marks
 * them offline on a clean stop. Embedded in `serve`, the server's own heartbeat keeps the
 * configured locations online (main.ts startServer), so the engine does not beat them twice.
 * Edits and test requests published on the bus wake the claim loop at once.
 */
export async function startEngineProcess(
  deps: Deps,
  o: {
    locations: number[];
    worker: boolean;
    describe?: WorkerLocation;
    outbox?: DispatcherOptions;
  } & Partial<EngineOptions>,
): Promise<EngineProcess> {
  const log = deps.log.child({ component: 'engine' });
  let stopBeat = () => {};
  if (o.worker) {
    await registerWorkerLocations(deps.db, o.locations, capabilitiesOf(deps), deps.clock.now(), o.describe);
    stopBeat = keepLocationsAlive(
      deps.db,
      o.locations,
      deps.settings.engine.heartbeatMs,
      deps.clock.now,
      (err) => log.warn({ err }, 'heartbeat failed'),
    );
  }
  const stopMaintenance = startEngineMaintenance(deps);
  // The dispatcher delivers what the engine's transactions queue; the engine wakes it at once.
  const dispatcher = createDispatcher(deps, o.outbox);
  const engine = createEngine(deps, { ...o, onAlertsQueued: () => dispatcher.wake() });
  dispatcher.start();
  const mine = new Set(o.locations);
  const unsubscribe = deps.bus.subscribe('work', {
    event: (p) => {
      const at = Array.isArray(p.locations) ? (p.locations as number[]) : null;
      if (at && !at.some((l) => mine.has(l))) return;
      engine.wake(typeof p.dueAt === 'number' ? p.dueAt : undefined);
    },
  });
  engine.start();
  // Tests on demand at a worker's locations come from API processes (tests-on-demand/remote.ts).
  const stopTests = o.worker
    ? startTestRequestRunner(deps, {
        owner: engine.workerId,
        locations: o.locations,
        pollMs: deps.settings.engine.pollMs,
      })
    : async () => {};
  return {
    engine,
    dispatcher,
    async stop() {
      unsubscribe();
      await stopTests();
      stopBeat();
      stopMaintenance();
      await engine.stop();
      // After the engine: its last batch may have queued alerts, delivered (or left) now.
      await dispatcher.stop();
      if (o.worker) await markWorkerLocationsOffline(deps.db, o.locations);
    },
  };
}
