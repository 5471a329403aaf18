import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';

export const ROOT = join(import.meta.dirname, '..');

/**
 * BENCH_SMOKE=1: every benchmark runs its cases tiny (1 s loads, a few dozen monitors) to prove it
 * works on a busy machine; the figures mean nothing then. Without it: full size, quiet machine.
 */
export const SMOKE = process.env.BENCH_SMOKE === '1';

/** Resident set size of a process in MB (Linux /proc), or null elsewhere. */
export function rssMb(pid: number | undefined): number | null {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1]);
    return Number.isFinite(kb) ? Math.round(kb / 1024) : null;
  } catch {
    return null;
  }
}

export async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

async function waitUp(url: string, child: ChildProcess): Promise<void> {
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error(`server exited with ${child.exitCode}`);
    const ok = await fetch(url).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server at ${url} did not come up`);
}

/**
 * The baseline: bare node:http answering a small JSON, in its own process like the server; with
 * `bodyBytes`, a JSON body of that size prepared once (the ceiling for a large cached answer).
 */
export async function startBaseline(bodyBytes?: number): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const body =
    bodyBytes === undefined
      ? `JSON.stringify({ id: 1, name: 'baseline', ok: true })`
      : `Buffer.from(JSON.stringify({ results: 'x'.repeat(${bodyBytes} - 15) }))`;
  const code = `const b = ${body}; require('node:http').createServer((q, s) => { s.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(b) }); s.end(b); }).listen(${port}, '127.0.0.1')`;
  const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  await waitUp(url, child);
  return { url, stop: () => child.kill('SIGTERM') };
}

/** A real sitewatch server process (SQLite in a temp dir unless env selects PostgreSQL). */
export async function startSitewatch(
  env: Record<string, string> = {},
): Promise<{ url: string; dataDir: string; pid: number | undefined; stop(): Promise<void> }> {
  const port = await freePort();
  const dataDir = mkdtempSync(join(tmpdir(), 'sitewatch-bench-'));
  // The flags of `npm start` (package.json), so the figures are those of the documented start.
  const child = spawn(
    process.execPath,
    ['--max-semi-space-size=64', join(ROOT, 'bin', 'sitewatch.js'), 'serve'],
    {
      env: {
        PATH: process.env.PATH ?? '',
        PORT: String(port),
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        SITEWATCH_DATA_DIR: dataDir,
        // API benchmarks measure the API alone; the engine has its own benchmark.
        SITEWATCH_ROLE: 'api',
        SITEWATCH_ADMIN_EMAIL: 'bench@example.com',
        SITEWATCH_ADMIN_PASSWORD: 'bench admin secret 1',
        SITEWATCH_API_RATE_LIMIT: '0',
        SITEWATCH_LOGIN_IP_PER_MINUTE: '1000000',
        SITEWATCH_LOGIN_ACCOUNT_PER_HOUR: '1000000',
        ...env,
      },
      stdio: ['ignore', 'ignore', 'inherit'],
    },
  );
  const url = `http://127.0.0.1:${port}`;
  await waitUp(`${url}/healthz`, child);
  return {
    url,
    dataDir,
    pid: child.pid,
    stop: () =>
      new Promise((r) => {
        child.on('close', () => r());
        child.kill('SIGTERM');
      }),
  };
}

export interface Run {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
  non2xx: number;
}

/** Logs in as the bench admin; returns the token. */
export async function benchToken(url: string): Promise<string> {
  const r = await fetch(`${url}/api/v3/access-tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'bench@example.com', password: 'bench admin secret 1' }),
  });
  return ((await r.json()) as { access_token: string }).access_token;
}

/** Runs `task(i)` for i in [0, n) with at most `width` in flight. */
export async function inParallel(
  n: number,
  width: number,
  task: (i: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  const lane = async () => {
    while (next < n) await task(next++);
  };
  await Promise.all(Array.from({ length: width }, lane));
}

/** One autocannon run; latencies in ms. */
export async function load(opts: autocannon.Options): Promise<Run> {
  const r = await autocannon({ duration: SMOKE ? 1 : 8, connections: 10, ...opts });
  return {
    rps: r.requests.average,
    p50: r.latency.p50,
    p99: r.latency.p99,
    errors: r.errors + r.timeouts,
    non2xx: r.non2xx,
  };
}

/** Prints a table and writes bench/results/<name>-<time>.json. */
export function report(
  name: string,
  rows: Record<string, string | number>[],
  extra: Record<string, unknown> = {},
): void {
  console.table(rows);
  const dir = join(ROOT, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const file = join(dir, `${name}-${new Date().toISOString().replace(/[:.]/g, '-')}.json`);
  writeFileSync(
    file,
    JSON.stringify(
      { bench: name, at: new Date().toISOString(), node: process.version, rows, ...extra },
      null,
      2,
    ),
  );
  console.log(`results: ${file}`);
}
