import type { Deps } from '../deps.ts';
import { EXECUTED_TYPES } from '../monitors/registry.ts';
import {
  HEARTBEAT_MS,
  heartbeatLocations,
  markWorkerLocationsOffline,
  registerWorkerLocations,
} from '../store/workers.ts';
import { createDispatcher, type Dispatcher, type DispatcherOptions } from '../outbox/dispatcher.ts';
import { createEngine, type Engine, type EngineOptions } from './engine.ts';
import { startEngineMaintenance } from './maintenance.ts';

/** An engine with its upkeep, as `serve` and `worker` run it. */
export interface EngineProcess {
  engine: Engine;
  /** The alert outbox dispatcher running beside it. */
  dispatcher: Dispatcher;
  /** Drains (settings.engine.drainSeconds), flushes, releases leases, stops the timers. */
  stop(): Promise<void>;
}

/** Monitor types this process runs: known to the monitor registry and backed by an executor. */
export const capabilitiesOf = (deps: Pick<Deps, 'executors'>): string[] =>
  EXECUTED_TYPES.filter((t) => deps.executors.has(t));

/**
 * Starts the engine for `locations`. As a worker (`sitewatch worker --location N`) it registers
 * those locations (online, capabilities) and heartbeats them, and marks them offline on a clean
 * stop; embedded in `serve` it heartbeats the configured locations it runs.
 */
export async function startEngineProcess(
  deps: Deps,
  o: { locations: number[]; worker: boolean; outbox?: DispatcherOptions } & Partial<EngineOptions>,
): Promise<EngineProcess> {
  const log = deps.log.child({ component: 'engine' });
  if (o.worker) await registerWorkerLocations(deps.db, o.locations, capabilitiesOf(deps), deps.clock.now());
  else await heartbeatLocations(deps.db, o.locations, deps.clock.now());
  const heartbeat = setInterval(() => {
    heartbeatLocations(deps.db, o.locations, deps.clock.now()).catch((err: unknown) =>
      log.warn({ err }, 'heartbeat failed'),
    );
  }, HEARTBEAT_MS);
  heartbeat.unref();
  const stopMaintenance = startEngineMaintenance(deps);
  // The dispatcher delivers what the engine's transactions queue; the engine wakes it at once.
  const dispatcher = createDispatcher(deps, o.outbox);
  const engine = createEngine(deps, { ...o, onAlertsQueued: () => dispatcher.wake() });
  dispatcher.start();
  engine.start();
  return {
    engine,
    dispatcher,
    async stop() {
      clearInterval(heartbeat);
      stopMaintenance();
      await engine.stop();
      // After the engine: its last batch may have queued alerts, delivered (or left) now.
      await dispatcher.stop();
      if (o.worker) await markWorkerLocationsOffline(deps.db, o.locations);
    },
  };
}
