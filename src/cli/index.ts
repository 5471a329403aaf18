import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { createRuntime, startEngine, startServer, type Runtime } from '../main.ts';
import { migrateToLatest, openDatabase } from '../store/db.ts';
import { settingsOrExit } from './runtime.ts';
import { serveMetrics } from '../metrics/serve.ts';
import { registerAccountCommands, registerTokenCommands, registerUserCommands } from './admin.ts';
import { registerOutboxCommand } from './outbox.ts';
import { registerImportCommands } from './import.ts';
import { registerAsCodeCommands } from './as-code.ts';

/** The version in package.json (bin/sitewatch.js runs this file from the package). */
const VERSION = (
  JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

const program = new Command('sitewatch')
  .description('Self-hosted synthetic monitoring, AlertSite v3 compatible')
  .version(VERSION, '-V, --version', 'print the sitewatch version');

/**
 * On SIGTERM/SIGINT: `close` once (the engine drains in-flight checks first and releases its
 * leases), then exit. A second signal while draining exits at once. Installed before anything
 * starts, so a signal during start-up is not lost; `npm start` forwards both to this process.
 */
function onSignals(): { ready(rt: Runtime, close: () => Promise<void>): void } {
  let stopping = false;
  let pending: string | null = null;
  let run: ((signal: string) => Promise<void>) | null = null;
  let firstAt = 0;
  const handler = (signal: string) => {
    // Ctrl-C reaches both npm and this process, and npm forwards it too: a repeat within 2 s is
    // that echo, a later one is the user insisting.
    if (stopping) {
      if (Date.now() - firstAt > 2000) process.exit(1);
      return;
    }
    firstAt = Date.now();
    if (!run) {
      pending = signal;
      return;
    }
    stopping = true;
    void run(signal);
  };
  process.on('SIGTERM', () => handler('SIGTERM'));
  process.on('SIGINT', () => handler('SIGINT'));
  return {
    ready(rt, close) {
      run = async (signal) => {
        rt.deps.log.info({ component: 'main', signal }, 'shutting down');
        try {
          await close();
          await rt.close();
        } catch (err) {
          rt.deps.log.error({ err, component: 'main' }, 'shutdown failed');
          process.exit(1);
        }
        process.exit(0);
      };
      if (pending) handler(pending);
    },
  };
}

const positiveInt = (name: string) => (value: string) => {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0 || n > 2_147_483_647)
    throw new Error(`${name} must be an integer, got "${value}"`);
  return n;
};

program
  .command('serve')
  .description('start the API server and, unless SITEWATCH_ROLE=api, the check engine (migrates first)')
  .option('--no-engine', 'API only (the same as SITEWATCH_ROLE=api): checks run in `sitewatch worker`')
  .action(async (opts: { engine: boolean }) => {
    const signals = onSignals();
    const settings = settingsOrExit();
    if (!opts.engine) settings.engine.role = 'api';
    const rt = await createRuntime(settings);
    const server = await startServer(rt);
    rt.deps.log.info({ component: 'main', url: server.url }, 'sitewatch listening');
    const engine =
      settings.engine.role === 'all'
        ? await startEngine(rt, { locations: settings.locations.map((l) => l.id), worker: false })
        : null;
    signals.ready(rt, async () => {
      await engine?.stop();
      await server.close();
    });
  });

const locationIds = (value: string, previous: number[] = []): number[] => {
  const ids = value.split(',').map((v) => Number(v.trim()));
  if (ids.some((id) => !Number.isInteger(id) || id <= 0 || id > 2_147_483_647))
    throw new Error(`--location must be positive integer ids, got "${value}"`);
  return [...previous, ...ids];
};

program
  .command('worker')
  .description('run only the check engine, for the given location(s), registered as online workers')
  .option(
    '--location <ids>',
    'location id(s) to run (repeat or comma-separate); default: the configured ones',
    locationIds,
  )
  .option('--name <name>', 'the location\'s name (new locations default to "Worker <id>")')
  .option('--region <n>', "the location's region number", positiveInt('--region'))
  .option('--country <code>', "the location's country")
  .option(
    '--concurrency <n>',
    'checks at once (default SITEWATCH_ENGINE_CONCURRENCY)',
    positiveInt('--concurrency'),
  )
  .option(
    '--metrics-port <port>',
    'serve GET /metrics on this port (HOST interface)',
    positiveInt('--metrics-port'),
  )
  .action(
    async (opts: {
      location?: number[];
      name?: string;
      region?: number;
      country?: string;
      concurrency?: number;
      metricsPort?: number;
    }) => {
      const signals = onSignals();
      const rt = await createRuntime(settingsOrExit());
      const { settings } = rt.deps;
      const locations = opts.location ?? settings.locations.map((l) => l.id);
      const metrics =
        opts.metricsPort === undefined
          ? null
          : await serveMetrics(rt.deps.metrics, {
              port: opts.metricsPort,
              host: settings.host,
              token: settings.metricsToken,
            });
      const engine = await startEngine(rt, {
        locations,
        worker: true,
        describe: { name: opts.name, region: opts.region, country: opts.country },
        ...(opts.concurrency && { concurrency: opts.concurrency }),
      });
      rt.deps.log.info(
        { component: 'main', locations, workerId: engine.engine.workerId, metricsPort: metrics?.port },
        'sitewatch worker running',
      );
      signals.ready(rt, async () => {
        await engine.stop();
        await metrics?.close();
      });
    },
  );

program
  .command('migrate')
  .description('bring the database schema up to date and exit')
  .action(async () => {
    const handle = openDatabase(settingsOrExit());
    try {
      const applied = await migrateToLatest(handle);
      console.log(JSON.stringify({ applied }));
    } finally {
      await handle.close();
    }
  });

registerAccountCommands(program);
registerUserCommands(program);
registerTokenCommands(program);
registerOutboxCommand(program);
registerImportCommands(program);
registerAsCodeCommands(program);

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`sitewatch: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
