import { Command } from 'commander';
import { ConfigError, loadSettings, type Settings } from '../config/settings.ts';
import { ApiError } from '../domain/errors.ts';
import { createRuntime, startServer, type Runtime } from '../main.ts';
import { migrateToLatest, openDatabase } from '../store/db.ts';
import { registerAccountCommands, registerTokenCommands, registerUserCommands } from './admin.ts';

function settingsOrExit(): Settings {
  try {
    return loadSettings();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(`sitewatch: invalid configuration: ${err.message}`);
      process.exit(2);
    }
    throw err;
  }
}

/** Runs `fn` with a migrated runtime, printing client-side errors as one line. */
export async function withRuntime(fn: (rt: Runtime) => Promise<void>): Promise<void> {
  const rt = await createRuntime(settingsOrExit(), {});
  try {
    await fn(rt);
  } catch (err) {
    if (err instanceof ApiError) {
      console.error(`sitewatch: ${err.fields?.length ? `${err.fields.join(', ')}: ` : ''}${err.message}`);
      process.exitCode = 1;
      return;
    }
    throw err;
  } finally {
    await rt.close();
  }
}

const program = new Command('sitewatch').description(
  'Self-hosted synthetic monitoring, AlertSite v3 compatible',
);

program
  .command('serve')
  .description('start the API server (migrates the database first)')
  .action(async () => {
    const rt = await createRuntime(settingsOrExit());
    const server = await startServer(rt);
    rt.deps.log.info({ component: 'main', url: server.url }, 'sitewatch listening');
    let stopping = false;
    const stop = async (signal: string) => {
      if (stopping) return;
      stopping = true;
      rt.deps.log.info({ component: 'main', signal }, 'shutting down');
      await server.close();
      await rt.close();
      process.exit(0);
    };
    process.on('SIGTERM', () => void stop('SIGTERM'));
    process.on('SIGINT', () => void stop('SIGINT'));
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

program.parseAsync(process.argv).catch((err: unknown) => {
  console.error(`sitewatch: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
