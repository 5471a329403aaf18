import { ConfigError, loadSettings, type Settings } from '../config/settings.ts';
import { ApiError } from '../domain/errors.ts';
import { createRuntime, type Runtime } from '../main.ts';

/** Settings from the environment, or one line naming the bad variable and exit code 2. */
export function settingsOrExit(): Settings {
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
