import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { sql } from 'kysely';
import { openDatabase } from '../../src/store/db.ts';
import type { DialectName } from '../../src/store/dialect/types.ts';
import { dropSchema, isolatedSettings } from '../helpers/db.ts';
import { listenOnPortZero } from '../helpers/listen.ts';
import { ADMIN, request } from '../helpers/server.ts';

// The soak (issue 9): a real `sitewatch serve` process with `monitors` monitors running against a
// loopback target, under mixed API load for `seconds`. Measured: answers by status (no 5xx),
// the server's RSS over time (after a warm-up), and the sizes of the tables that could grow.

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'sitewatch.js');

interface RssWindow {
  floor: number;
  median: number;
}

/** The figures of one soak run. */
export interface SoakReport {
  dialect: DialectName;
  seconds: number;
  monitors: number;
  requests: number;
  byStatus: Record<string, number>;
  serverErrors: number;
  /** RSS windows: right after the warm-up and at the end (floor = lowest sample, and median). */
  rssMiB: { early: RssWindow; late: RssWindow; max: number };
  /** Growth of the floor from the early to the late window (the 10 % limit judges it and the median's). */
  rssGrowthPct: number;
  rssMedianGrowthPct: number;
  tables: Record<string, number>;
  checksRecorded: number;
}

async function freePort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise((r) => srv.close(r));
  return port;
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round((kb / 1024) * 10) / 10;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] ?? 0;

/** Runs one soak and reports; the server and its database are removed afterwards. */
export async function soak(opts: {
  dialect: DialectName;
  seconds: number;
  monitors: number;
  concurrency?: number;
  log?: (line: string) => void;
}): Promise<SoakReport> {
  const log = opts.log ?? (() => {});
  const target = createHttpServer((_req, res) =>
    res.writeHead(200, { 'content-type': 'text/html' }).end('<html><body>soak ok</body></html>'),
  );
  const listening = await listenOnPortZero(target);
  const settings = isolatedSettings(opts.dialect);
  const port = await freePort();
  const child = spawn(process.execPath, [BIN, 'serve'], {
    env: {
      PATH: process.env.PATH ?? '',
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'error',
      SITEWATCH_DATA_DIR: settings.dataDir,
      SITEWATCH_ADMIN_EMAIL: ADMIN.email,
      SITEWATCH_ADMIN_PASSWORD: ADMIN.password,
      SITEWATCH_API_RATE_LIMIT: '0',
      SITEWATCH_LOGIN_IP_PER_MINUTE: '1000000',
      SITEWATCH_EGRESS_ALLOW: '127.0.0.0/8',
      ...(settings.databaseUrl
        ? { DATABASE_URL: settings.databaseUrl, SITEWATCH_DB_SCHEMA: settings.databaseSchema }
        : {}),
    },
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (c) => (stderr = (stderr + String(c)).slice(-4000)));
  const exited = new Promise((r) => child.on('close', r));
  const base = `http://127.0.0.1:${port}`;
  const byStatus: Record<string, number> = {};
  let requests = 0;
  const count = (status: number) => {
    requests++;
    byStatus[status] = (byStatus[status] ?? 0) + 1;
  };
  try {
    for (let i = 0; i < 600; i++) {
      if (
        await fetch(`${base}/healthz`).then(
          (r) => r.ok,
          () => false,
        )
      )
        break;
      await new Promise((r) => setTimeout(r, 100));
    }
    const login = await request(base, 'POST', '/api/v3/access-tokens', {
      body: { username: ADMIN.email, password: ADMIN.password },
    });
    if (login.status !== 200) throw new Error(`login: ${login.status} ${login.text} ${stderr}`);
    const token = login.json.access_token as string;
    const ids: string[] = [];
    const targetUrl = `http://127.0.0.1:${listening.port}/`;
    for (let i = 0; i < opts.monitors; i += 16) {
      const batch = await Promise.all(
        Array.from({ length: Math.min(16, opts.monitors - i) }, (_, j) =>
          request(base, 'POST', '/api/v3/monitors/website', {
            token,
            body: { name: `soak ${i + j}`, url: targetUrl, interval: 1, keyword_string: 'soak ok' },
          }),
        ),
      );
      for (const r of batch) {
        count(r.status);
        if (r.status === 200) ids.push(r.json.id as string);
      }
    }
    log(`${ids.length} monitors created`);

    const started = performance.now();
    const deadline = started + opts.seconds * 1000;
    const samples: { t: number; mib: number }[] = [];
    const sampler = setInterval(() => {
      const mib = rssMiB(child.pid!);
      const t = (performance.now() - started) / 1000;
      samples.push({ t, mib });
      if (samples.length % 60 === 0) {
        void fetch(`${base}/metrics`)
          .then((r) => r.text())
          .then(
            (text) => {
              const heap = Number(/^sitewatch_nodejs_heap_size_used_bytes (\S+)/m.exec(text)?.[1] ?? 0);
              log(
                `${Math.round(t)} s: RSS ${mib} MiB, JS heap used ${Math.round(heap / 1048576)} MiB, ${requests} requests`,
              );
            },
            () => {},
          );
      }
    }, 1000);
    const pick = <T>(xs: T[]) => xs[Math.floor(Math.random() * xs.length)]!;
    const actions: (() => Promise<number>)[] = [
      async () => (await request(base, 'GET', '/api/v3/monitors?limit=50', { token })).status,
      async () => (await request(base, 'GET', `/api/v3/monitors/${pick(ids)}`, { token })).status,
      async () =>
        (
          await request(base, 'PATCH', `/api/v3/monitors/website/${pick(ids)}`, {
            token,
            body: { name: `soak renamed ${Math.random()}` },
          })
        ).status,
      async () => {
        const r = await request(base, 'POST', '/api/v3/monitors/website', {
          token,
          body: { name: 'soak temp', url: targetUrl },
        });
        if (r.status !== 200) return r.status;
        return (await request(base, 'DELETE', `/api/v3/monitors/${r.json.id}`, { token })).status;
      },
      async () => (await request(base, 'GET', '/api/v3/report-sitestatus', { token })).status,
      async () =>
        (
          await request(base, 'POST', '/api/v3/access-tokens', {
            body: { username: `nobody${Math.floor(Math.random() * 1e6)}@example.com`, password: 'x' },
          })
        ).status,
      async () => (await request(base, 'GET', `/api/v3/monitors?offset=1e300`, { token })).status,
      async () => (await request(base, 'GET', '/healthz')).status,
    ];
    const worker = async () => {
      while (performance.now() < deadline) {
        try {
          count(await pick(actions)());
        } catch {
          count(0);
        }
      }
    };
    await Promise.all(Array.from({ length: opts.concurrency ?? 4 }, worker));
    clearInterval(sampler);

    const handle = openDatabase(settings);
    const tables: Record<string, number> = {};
    try {
      for (const t of ['login_throttle', 'access_tokens', 'check_results', 'monitors', 'check_schedules']) {
        const { rows } = await sql<{ n: number | string }>`SELECT COUNT(*) AS n FROM ${sql.table(t)}`.execute(
          handle.db,
        );
        tables[t] = Number(rows[0]?.n ?? 0);
      }
    } finally {
      await handle.close();
    }
    // RSS of a collected heap swings with the collector's cycle (a 4-minute run went 157–276 MiB
    // within a minute), and V8 grows its heap limit from the allocation rate for the first minutes
    // under load (a 10-minute run climbed 260 → 320 MiB by minute 3, then stayed at 320–339). So
    // the warm-up is the first 30 % of the run, and growth compares a window right after it with
    // the last window, on the floor (lowest sample: what is held after a collection) and on the
    // median; a leak raises both.
    const warmup = opts.seconds * 0.3;
    const span = Math.min(120, (opts.seconds - warmup) / 3);
    const early = samples.filter((s) => s.t >= warmup && s.t < warmup + span).map((s) => s.mib);
    const late = samples.filter((s) => s.t >= opts.seconds - span).map((s) => s.mib);
    const all = samples.map((s) => s.mib);
    const window = (xs: number[]) => ({ floor: xs.length ? Math.min(...xs) : 0, median: median(xs) });
    const rss = { early: window(early), late: window(late), max: all.length ? Math.max(...all) : 0 };
    const growth = (a: number, b: number) => (a ? Math.round(((b - a) / a) * 1000) / 10 : 0);
    return {
      dialect: opts.dialect,
      seconds: opts.seconds,
      monitors: ids.length,
      requests,
      byStatus,
      serverErrors: Object.entries(byStatus)
        .filter(([s]) => Number(s) >= 500 || Number(s) === 0)
        .reduce((n, [, c]) => n + c, 0),
      rssMiB: rss,
      rssGrowthPct: growth(rss.early.floor, rss.late.floor),
      rssMedianGrowthPct: growth(rss.early.median, rss.late.median),
      tables,
      checksRecorded: tables.check_results ?? 0,
    };
  } finally {
    child.kill('SIGTERM');
    const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(killer);
    await listening.close();
    await dropSchema(settings);
  }
}
