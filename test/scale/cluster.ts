import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';

// Real sitewatch processes on one PostgreSQL schema, run from the TypeScript sources (a stale
// dist/ must not stand in for the code under test).

export const ROOT = join(import.meta.dirname, '..', '..');
const CLI = join(ROOT, 'src', 'cli', 'index.ts');

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

/** One spawned sitewatch process. */
export interface Proc {
  child: ChildProcess;
  /** Everything it wrote to stderr and stdout. */
  output(): string;
  /** Resolves with the exit code (or signal name) when it ends. */
  exited: Promise<number | string>;
}

/** Spawns `sitewatch <args>` from the sources with `env` on top of a minimal environment. */
export function sitewatch(args: string[], env: Record<string, string>): Proc {
  const child = spawn(process.execPath, ['--import', 'tsx', CLI, ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  const exited = new Promise<number | string>((r) => child.on('exit', (code, sig) => r(code ?? sig ?? -1)));
  return { child, output: () => out, exited };
}

/** Polls `probe` every 50 ms until it answers truthy or `ms` pass (then throws `what`). */
export async function until<T>(what: string, ms: number, probe: () => Promise<T | undefined | null | false>) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe().catch(() => undefined);
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Waits for GET `url`/healthz to answer 200, failing early when the process exits. */
export async function waitHealthy(url: string, p: Proc, ms = 60_000): Promise<void> {
  let ended = false;
  void p.exited.then(() => (ended = true));
  await until(`${url} to come up`, ms, async () => {
    if (ended) throw new Error(`process exited:\n${p.output()}`);
    return (await fetch(`${url}/healthz`)).ok;
  }).catch((err: Error) => {
    throw new Error(`${err.message}\n${p.output()}`);
  });
}

/** A direct connection to the test's schema, for what the API does not show (leases, slots). */
export async function schemaClient(url: string, schema: string): Promise<pg.Client> {
  const c = new pg.Client({ connectionString: url, options: `-c search_path=${schema}` });
  await c.connect();
  return c;
}

/**
 * Prometheus text exposition format, line by line: HELP/TYPE comments, then samples
 * `name{label="value",…} number`. Answers the sample names; throws on a malformed line.
 */
export function parsePrometheus(text: string): Set<string> {
  const names = new Set<string>();
  const sample =
    /^([a-zA-Z_:][a-zA-Z0-9_:]*)(\{([a-zA-Z_][a-zA-Z0-9_]*="(?:[^"\\]|\\.)*",?)*\})? (-?[0-9.e+-]+|NaN|\+Inf|-Inf)( -?\d+)?$/;
  for (const line of text.split('\n')) {
    if (line === '') continue;
    if (line.startsWith('# HELP ') || line.startsWith('# TYPE ')) continue;
    const m = sample.exec(line);
    if (!m) throw new Error(`not Prometheus text: ${line}`);
    names.add(m[1]!);
  }
  return names;
}
