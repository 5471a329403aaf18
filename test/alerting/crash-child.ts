// A real sitewatch engine process for the crash tests, configured from the environment like
// `sitewatch serve`: `all` runs the engine with its outbox dispatcher exactly as serve does
// (startEngineProcess); `engine` runs only the engine, so the test can kill it after the outbox
// row is committed and before anything could deliver it.
import { loadSettings } from '../../src/config/settings.ts';
import { createEngine } from '../../src/engine/engine.ts';
import { startEngineProcess } from '../../src/engine/process.ts';
import { createRuntime } from '../../src/main.ts';

const mode = process.argv[2];
const rt = await createRuntime(loadSettings());
const locations = rt.deps.settings.locations.map((l) => l.id);
if (mode === 'engine') createEngine(rt.deps, { locations }).start();
else await startEngineProcess(rt.deps, { locations, worker: false });
process.stdout.write('ready\n');
