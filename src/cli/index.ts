import { readFileSync } from 'node:fs';
import { Command } from 'commander';
import { createRuntime, startEngine, startServer, type Runtime } from '../main.ts';
import { migrateToLatest, openDatabase } from '../store/db.ts';
import { settingsOrExit } from './runtime.ts';
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

/** On SIGTERM/SIGINT: `close` once (the engine drains in-flight checks first), then exit. */
function onSignals(rt: Runtime, close: () => Promise<void>): void {
  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    rt.deps.log.info({ component: 'main', signal }, 'shutting down');
    await close();
    await rt.close();
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

program
  .command('serve')
  .description('start the API server and, unless SITEWATCH_ROLE=api, the check engine (migrates first)')
  .action(async () => {
    const rt = await createRuntime(settingsOrExit());
    const server = await startServer(rt);
    rt.deps.log.info({ component: 'main', url: server.url }, 'sitewatch listening');
    const { settings } = rt.deps;
    const engine =
      settings.engine.role === 'all'
        ? await startEngine(rt, { locations: settings.locations.map((l) => l.id), worker: false })
        : null;
    onSignals(rt, async () => {
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
  .action(async (opts: { location?: number[] }) => {
    const rt = await createRuntime(settingsOrExit());
    const locations = opts.location ?? rt.deps.settings.locations.map((l) => l.id);
    const engine = await startEngine(rt, { locations, worker: true });
    rt.deps.log.info(
      { component: 'main', locations, workerId: engine.engine.workerId },
      'sitewatch worker running',
    );
    onSignals(rt, () => engine.stop());
  });

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
