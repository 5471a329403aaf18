// npm run bench:engine — the check engine against a local keep-alive HTTP target (its own process):
// 1,000 / 10,000 / 50,000 `website` monitors at a 1-minute interval, each case in a fresh process
// (embedded SQLite, default engine settings) so RSS belongs to that case alone.
//
// Interval scaling: the interval stays 1 minute (so 50,000 monitors means 833 checks/s), but each
// case measures a window shorter than the minute (BENCH_SECONDS, default 20/30/45 s after a 5 s
// warm-up): slots are spread over the minute, so any window sees the steady rate N/60.
// BENCH_SCALE multiplies the windows (0.3 for a quick look); BENCH_CASES picks the cases.
// Also: a bare undici loop opening a fresh connection per request against the same target (the
// raw ceiling; each case prints its ratio to it), and the 100,000-monitor case on PostgreSQL with
// 1 and 2 worker processes (BENCH_PG_CASES, default 100000; BENCH_SKIP_PG=1 leaves them out).
// BENCH_SMOKE=1 runs everything tiny (proof that it works, not figures).
import { spawn } from 'node:child_process';
import { statSync } from 'node:fs';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import type { Deps } from '../src/deps.ts';
import { Client } from 'undici';
import { freePort, report, SMOKE } from './lib.ts';

const TARGET_DELAY_MS = 20;
const WARMUP_S = SMOKE ? 1 : 5;
const CASES: Record<number, number> = SMOKE ? { 200: 2 } : { 1000: 20, 10000: 30, 50000: 45, 100000: 45 };
const PG_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** How a case runs: embedded SQLite, or PostgreSQL with 1 or 2 engine processes. */
interface CaseDb {
  dialect: 'sqlite' | 'postgres';
  workers: number;
  schema?: string;
}

/** The raw ceiling: undici, a fresh connection per request, `width` in flight, for `seconds`. */
async function undiciLoop(url: string, seconds: number, width = 200): Promise<number> {
  const { origin, pathname } = new URL(url);
  const end = Date.now() + seconds * 1000;
  let done = 0;
  const lane = async () => {
    while (Date.now() < end) {
      const client = new Client(origin, { pipelining: 0 });
      try {
        const r = await client.request({ method: 'GET', path: pathname });
        await r.body.text();
        done++;
      } finally {
        await client.close();
      }
    }
  };
  await Promise.all(Array.from({ length: width }, lane));
  return done / seconds;
}

/** The target: keep-alive node:http answering after a fixed delay (its true latency). */
async function startTarget(): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const code = `const s = require('node:http').createServer((q, r) => setTimeout(() => { r.writeHead(200, { 'content-type': 'text/plain', 'content-length': 2 }); r.end('ok'); }, ${TARGET_DELAY_MS})); s.keepAliveTimeout = 120000; s.listen(${port}, '127.0.0.1');`;
  const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}/`;
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { url, stop: () => child.kill('SIGTERM') };
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('target did not come up');
}

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

/** One case, inside its own process: seed, run for the window, measure from what was recorded. */
async function runCase(
  monitors: number,
  seconds: number,
  target: string,
  cdb: CaseDb = { dialect: 'sqlite', workers: 1 },
): Promise<Record<string, number | string>> {
  const { loadSettings } = await import('../src/config/settings.ts');
  const { createRuntime } = await import('../src/main.ts');
  const { bootstrapFirstAccount } = await import('../src/accounts/accounts.ts');
  const { monitorService } = await import('../src/monitors/service.ts');
  const { reconcileSchedules } = await import('../src/slots/sync.ts');
  const { createEngine } = await import('../src/engine/engine.ts');
  const dataDir = mkdtempSync(join(tmpdir(), 'sitewatch-bench-engine-'));
  const settings = loadSettings({
    SITEWATCH_DATA_DIR: dataDir,
    LOG_LEVEL: 'warn',
    SITEWATCH_ADMIN_PASSWORD: 'bench admin secret 1',
    SITEWATCH_EGRESS_ALLOW: '127.0.0.0/8',
    ...(process.env.BENCH_CONCURRENCY ? { SITEWATCH_ENGINE_CONCURRENCY: process.env.BENCH_CONCURRENCY } : {}),
    ...(cdb.dialect === 'postgres' ? { DATABASE_URL: PG_URL, SITEWATCH_DB_SCHEMA: cdb.schema! } : {}),
  });
  const rt = await createRuntime(settings);
  const { deps } = rt;
  await bootstrapFirstAccount(deps);
  const account = await deps.db.selectFrom('accounts').select('id').executeTakeFirstOrThrow();
  const user = await deps.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
  const principal = {
    userId: user.id,
    userGuid: user.guid,
    accountId: account.id,
    role: 'ADMIN' as const,
    email: user.email,
    tokenDigest: '',
  };
  // One monitor through the service (the config as the API builds it), then bulk copies of it.
  const firstId = await monitorService(deps).create(principal, 'website', {
    name: 'bench 0',
    url: target,
    interval: 1,
  });
  const first = await deps.db
    .selectFrom('monitors')
    .selectAll()
    .where('id', '=', firstId)
    .executeTakeFirstOrThrow();
  const { id: _id, ...row } = first;
  for (let i = 1; i < monitors; i += 500) {
    const n = Math.min(500, monitors - i);
    const ids = await deps.db
      .insertInto('monitors')
      .values(Array.from({ length: n }, (_, k) => ({ ...row, name: `bench ${i + k}` })))
      .returning('id')
      .execute();
    await deps.db
      .insertInto('monitor_locations')
      .values(ids.map((r) => ({ monitor_id: r.id, location_id: 10, position: 0 })))
      .execute();
  }
  while ((await reconcileSchedules(deps.db, deps.clock.now())).synced > 0);
  const rssBase = process.memoryUsage().rss;
  const file = join(dataDir, 'sitewatch.db');
  // Checkpointed file sizes before and after: their difference is what the results cost.
  const dbBytes = async () => {
    if (cdb.dialect !== 'sqlite') return 0;
    await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(deps.db);
    return statSync(file).size;
  };
  const bytesBefore = await dbBytes();

  // Seeding took seconds of slots: move rows already due to their next slot, so the run starts in
  // the steady state instead of a backlog (the grid stays the same).
  const t = deps.clock.now();
  await sql`UPDATE check_schedules SET next_run_at = next_run_at + ((${t} - next_run_at) / period_ms + 1) * period_ms
    WHERE next_run_at < ${t}`.execute(deps.db);
  const engine = createEngine(deps, { locations: [10] });
  engine.start();
  // More engine processes on the same PostgreSQL schema share the claims (SKIP LOCKED).
  const others = Array.from({ length: cdb.workers - 1 }, () =>
    spawn(
      process.execPath,
      ['--import', 'tsx', import.meta.filename, '--worker', cdb.schema!, String((WARMUP_S + seconds) * 1000)],
      { stdio: 'inherit' },
    ),
  );
  let rssMax = 0;
  const sampler = setInterval(() => (rssMax = Math.max(rssMax, process.memoryUsage().rss)), 250);
  await new Promise((r) => setTimeout(r, WARMUP_S * 1000));
  const from = deps.clock.now();
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const to = deps.clock.now();
  clearInterval(sampler);
  await Promise.all(others.map((o) => new Promise((r) => o.on('close', r))));
  await engine.stop();

  const rows = await deps.db
    .selectFrom('check_results')
    .select(['scheduled_at', 'started_at', 'response_ms', 'status'])
    .where('scheduled_at', '>=', from)
    .where('scheduled_at', '<', to)
    .execute();
  const total = await deps.db
    .selectFrom('check_results')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const bytes = (await dbBytes()) - bytesBefore;
  const report = SMOKE || cdb.dialect === 'sqlite' ? await reportLatency(deps) : { p50: -1, p99: -1 };
  const lateness = rows.map((r) => r.started_at - r.scheduled_at).sort((a, b) => a - b);
  const response = rows.map((r) => r.response_ms ?? 0).sort((a, b) => a - b);
  await rt.close();
  return {
    db: `${cdb.dialect} x${cdb.workers}`,
    monitors,
    window_s: seconds,
    expected_per_s: Math.round((monitors / 60) * 10) / 10,
    checks_per_s: Math.round((rows.length / ((to - from) / 1000)) * 10) / 10,
    errors: rows.filter((r) => r.status !== 0).length,
    lateness_p50_ms: pct(lateness, 50),
    lateness_p99_ms: pct(lateness, 99),
    response_p99_ms: pct(response, 99),
    distortion_p99_ms: pct(response, 99) - TARGET_DELAY_MS,
    rss_mb: Math.round(rssMax / 1048576),
    rss_before_engine_mb: Math.round(rssBase / 1048576),
    db_mb_per_million_results: Math.round((bytes / 1048576 / Math.max(1, Number(total.n))) * 1e6),
    report_p50_ms: report.p50,
    report_p99_ms: report.p99,
  };
}

/** GET /report-sitestatus (every monitor has run by now) through the real app, in-process. */
async function reportLatency(deps: Deps) {
  const { buildApp } = await import('../src/api/app.ts');
  const app = await buildApp(deps);
  const login = await app.inject({
    method: 'POST',
    url: '/api/v3/access-tokens',
    payload: { username: deps.settings.adminEmail, password: 'bench admin secret 1' },
  });
  const headers = { authorization: `Bearer ${(login.json() as { access_token: string }).access_token}` };
  const times: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t0 = performance.now();
    const r = await app.inject({ method: 'GET', url: '/api/v3/report-sitestatus', headers });
    if (r.statusCode !== 200) throw new Error(`report: ${r.statusCode}`);
    times.push(performance.now() - t0);
  }
  await app.close();
  times.sort((a, b) => a - b);
  return { p50: Math.round(pct(times, 50)), p99: Math.round(pct(times, 99)) };
}

async function child(
  monitors: number,
  seconds: number,
  target: string,
  cdb: CaseDb = { dialect: 'sqlite', workers: 1 },
): Promise<Record<string, number | string>> {
  return new Promise((resolve, reject) => {
    const p = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        import.meta.filename,
        '--case',
        String(monitors),
        String(seconds),
        target,
        JSON.stringify(cdb),
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let out = '';
    p.stdout.on('data', (d) => (out += d));
    p.on('close', (code) => {
      const line = out.trim().split('\n').pop() ?? '';
      if (code !== 0) return reject(new Error(`case ${monitors} exited with ${code}`));
      resolve(JSON.parse(line) as Record<string, number>);
    });
  });
}

/** A second engine process on the case's PostgreSQL schema, for `ms`. */
async function extraWorker(schema: string, ms: number): Promise<void> {
  const { loadSettings } = await import('../src/config/settings.ts');
  const { createRuntime } = await import('../src/main.ts');
  const { createEngine } = await import('../src/engine/engine.ts');
  const settings = loadSettings({
    LOG_LEVEL: 'warn',
    SITEWATCH_EGRESS_ALLOW: '127.0.0.0/8',
    DATABASE_URL: PG_URL,
    SITEWATCH_DB_SCHEMA: schema,
    SITEWATCH_DATA_DIR: mkdtempSync(join(tmpdir(), 'sitewatch-bench-worker-')),
  });
  const rt = await createRuntime(settings);
  const engine = createEngine(rt.deps, { locations: [10] });
  engine.start();
  await new Promise((r) => setTimeout(r, ms));
  await engine.stop();
  await rt.close();
}

async function dropSchema(schema: string): Promise<void> {
  const pg = await import('pg');
  const c = new pg.default.Client({ connectionString: PG_URL });
  await c.connect();
  await c.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  await c.end();
}

if (process.argv[2] === '--worker') {
  await extraWorker(process.argv[3]!, Number(process.argv[4]));
  process.exit(0);
} else if (process.argv[2] === '--case') {
  const cdb = process.argv[6] ? (JSON.parse(process.argv[6]) as CaseDb) : undefined;
  const r = await runCase(Number(process.argv[3]), Number(process.argv[4]), process.argv[5]!, cdb);
  console.log(JSON.stringify(r));
  process.exit(0);
} else {
  const scale = Number(process.env.BENCH_SCALE ?? '1');
  const cases = (process.env.BENCH_CASES ?? Object.keys(CASES).join(',')).split(',').map(Number);
  const target = await startTarget();
  const rows: Record<string, number | string>[] = [];
  try {
    const ceiling = await undiciLoop(target.url, SMOKE ? 1 : 10);
    rows.push({ db: 'undici fresh-connection loop (ceiling)', checks_per_s: Math.round(ceiling) });
    const withRatio = (r: Record<string, number | string>) => ({
      ...r,
      ratio_to_undici: Math.round((Number(r.checks_per_s) / ceiling) * 100) / 100,
    });
    for (const n of cases) {
      const seconds = Math.max(SMOKE ? 2 : 3, Math.round((CASES[n] ?? 30) * scale));
      console.error(`engine bench: ${n} monitors, ${seconds} s window…`);
      rows.push(withRatio(await child(n, seconds, target.url)));
    }
    if (process.env.BENCH_SKIP_PG !== '1') {
      const pgCases = (process.env.BENCH_PG_CASES ?? (SMOKE ? '200' : '100000')).split(',').map(Number);
      for (const n of pgCases)
        for (const workers of [1, 2]) {
          const schema = `bench_engine_${Date.now()}_${workers}`;
          const seconds = Math.max(SMOKE ? 2 : 3, Math.round((CASES[n] ?? 45) * scale));
          console.error(`engine bench: ${n} monitors on PostgreSQL, ${workers} worker(s), ${seconds} s…`);
          try {
            rows.push(
              withRatio(await child(n, seconds, target.url, { dialect: 'postgres', workers, schema })),
            );
          } finally {
            await dropSchema(schema).catch(() => {});
          }
        }
    }
  } finally {
    target.stop();
  }
  report('engine', rows, {
    target_delay_ms: TARGET_DELAY_MS,
    smoke: SMOKE,
    goals:
      'SQLite: 1,667/s at 100,000 monitors with lateness p99 < 1 s; PostgreSQL: >= 1,000/s; RSS < 120 MB before monitors, < 200 MB at 10,000',
    note: '1-minute interval; each case measures a window of the minute after a warm-up; default engine settings',
  });
}
