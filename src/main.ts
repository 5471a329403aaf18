import type { Logger } from 'pino';
import { bootstrapFirstAccount } from './accounts/accounts.ts';
import { resolveSecretKey, secretBox } from './auth/secret-box.ts';
import { egressPolicy } from './checks/egress.ts';
import { executorsByType } from './monitors/registry.ts';
import { createTrust, loadCaCerts } from './checks/trust.ts';
import { buildApp } from './api/app.ts';
import { inProcessFetch } from './api/in-process.ts';
import type { App } from './api/types.ts';
import { ConfigError, type Settings } from './config/settings.ts';
import { systemClock, type Clock } from './domain/clock.ts';
import type { Deps } from './deps.ts';
import { createLogger } from './log.ts';
import { startPurgeLoop } from './maintenance/purge.ts';
import { startEngineProcess, type EngineProcess, type WorkerLocation } from './engine/process.ts';
import { migrateToLatest, openDatabase } from './store/db.ts';
import { syncConfiguredLocations } from './store/locations.ts';
import { heartbeatLocations, keepLocationsAlive, markWorkerLocationsOffline } from './store/workers.ts';
import { createMetrics } from './metrics/index.ts';
import { localBus, postgresBus, type EventBus } from './store/notify.ts';

/** Everything a process needs, built once: settings, logger, clock, migrated database. */
export interface Runtime {
  deps: Deps;
  close(): Promise<void>;
}

/** The operator's CAs; a missing or unreadable file stops the start with a configuration error. */
function caCerts(paths: string[]): string[] {
  try {
    return loadCaCerts(paths);
  } catch (err) {
    throw new ConfigError(`SITEWATCH_CA_CERTS: ${(err as Error).message}`, { cause: err });
  }
}

export async function createRuntime(
  settings: Settings,
  opts: { clock?: Clock; log?: Logger } = {},
): Promise<Runtime> {
  const log = opts.log ?? createLogger(settings.logLevel);
  const trust = createTrust(caCerts(settings.caCerts));
  const handle = openDatabase(settings);
  let bus: EventBus;
  try {
    await migrateToLatest(handle);
    await syncConfiguredLocations(handle.db, settings.locations);
    bus = settings.databaseUrl
      ? await postgresBus(handle.db, settings.databaseUrl, settings.databaseSchema, (err) =>
          log.warn({ err, component: 'notify' }, 'LISTEN connection lost; reconnecting'),
        )
      : localBus(handle.dialect.dataVersion);
  } catch (err) {
    await handle.close();
    throw err;
  }
  const deps: Deps = {
    settings,
    db: handle.db,
    dialect: handle.dialect,
    clock: opts.clock ?? systemClock,
    log,
    secrets: secretBox(resolveSecretKey(settings.secretKey, settings.dataDir)),
    egress: egressPolicy(settings.egress),
    executors: executorsByType(),
    trust,
    bus,
    metrics: createMetrics(() => handle.dialect.poolStats?.() ?? null),
  };
  return {
    deps,
    close: async () => {
      await bus.close();
      await handle.close();
    },
  };
}

/** A running API server. */
export interface Server {
  app: App;
  url: string;
  close(): Promise<void>;
}

/** Starts the API: migrate, first-start account, listen, background purge. */
export async function startServer(
  runtime: Runtime,
  print: (line: string) => void = console.log,
): Promise<Server> {
  const { deps } = runtime;
  const first = await bootstrapFirstAccount(deps);
  if (first) {
    deps.log.info({ component: 'bootstrap', email: first.email }, 'created the first account and its ADMIN');
    if (first.generatedPassword) {
      // Shown once on the console, never written to the log.
      print(`sitewatch: first start. Log in as ${first.email} with password ${first.generatedPassword}`);
    }
  }
  const app = await buildApp(deps);
  const stopPurge = startPurgeLoop(deps);
  // The all-in-one process serves the configured locations, so it keeps them online; an API-only
  // process serves none (docs/compatibility.md §7).
  const served = deps.settings.engine.role === 'all' ? deps.settings.locations.map((l) => l.id) : [];
  await heartbeatLocations(deps.db, served, deps.clock.now());
  const stopBeat = keepLocationsAlive(
    deps.db,
    served,
    deps.settings.engine.heartbeatMs,
    deps.clock.now,
    (err) => deps.log.warn({ err, component: 'main' }, 'heartbeat failed'),
  );
  await app.listen({ port: deps.settings.port, host: deps.settings.host });
  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : deps.settings.port;
  const host =
    deps.settings.host === '0.0.0.0' || deps.settings.host === '::' ? '127.0.0.1' : deps.settings.host;
  return {
    app,
    url: `http://${host.includes(':') ? `[${host}]` : host}:${port}`,
    close: async () => {
      stopPurge();
      stopBeat();
      await app.close();
      await markWorkerLocationsOffline(deps.db, served).catch(() => {});
    },
  };
}

/**
 * Starts the check engine for `locations`: inside `serve` (role `all`) for the configured
 * locations, or as `sitewatch worker`, which also registers and heartbeats its locations.
 */
export function startEngine(
  runtime: Runtime,
  o: { locations: number[]; worker: boolean; describe?: WorkerLocation; concurrency?: number },
): Promise<EngineProcess> {
  return startEngineProcess(runtime.deps, o);
}

/** This instance's API answered in process (the CLI's local target for import and apply). */
export interface LocalApi {
  /** A fetch answering from the app (see api/in-process.ts). */
  fetch: (input: Request) => Promise<Response>;
  close(): Promise<void>;
}

/**
 * Builds the API over `db` (default: the runtime's; `sitewatch apply` passes a transaction) with
 * the per-token rate limit off: the CLI is the operator, not a client to be paced.
 */
export async function openLocalApi(runtime: Runtime, o: { db?: Deps['db'] } = {}): Promise<LocalApi> {
  const deps: Deps = {
    ...runtime.deps,
    db: o.db ?? runtime.deps.db,
    settings: { ...runtime.deps.settings, apiRateLimitPerMinute: 0 },
  };
  const app = await buildApp(deps);
  await app.ready();
  return { fetch: inProcessFetch(app), close: () => app.close() };
}
