// npm run bench:web — the dashboard board with 10,000 monitors in headless Chromium (time to first
// render and to interactive, bytes transferred, API requests), and a public status page under load
// against bare node:http in the same run, with the database statements per request.
// Smoke run: BENCH_MONITORS=200 BENCH_SECONDS=2 npm run bench:web
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { countStatements } from '../test/helpers/statements.ts';
import { ensureWebBuilt, launchChromium } from '../test/web/helpers.ts';
import { loadSettings } from '../src/config/settings.ts';
import { createLogger } from '../src/log.ts';
import { createRuntime, startServer } from '../src/main.ts';
import { benchToken, freePort, load, report, startSitewatch } from './lib.ts';

const MONITORS = Number(process.env.BENCH_MONITORS ?? 10_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 8);
const fmt = (n: number) => Math.round(n * 100) / 100;

const env = {
  SITEWATCH_ROLE: 'api',
  SITEWATCH_DATA_DIR: mkdtempSync(join(tmpdir(), 'sitewatch-bench-web-')),
  SITEWATCH_ADMIN_EMAIL: 'bench@example.com',
  SITEWATCH_ADMIN_PASSWORD: 'bench admin secret 1',
  SITEWATCH_API_RATE_LIMIT: '0',
};
const settings = loadSettings({
  ...env,
  HOST: '127.0.0.1',
  PORT: '0',
  LOG_LEVEL: 'silent',
});

/** Bare node:http in its own process answering `body` (the status page's own JSON). */
async function bareServer(body: string): Promise<{ url: string; stop(): void }> {
  const port = await freePort();
  const file = join(env.SITEWATCH_DATA_DIR, 'baseline.json');
  writeFileSync(file, body);
  const code = `const b = require('node:fs').readFileSync(${JSON.stringify(file)}); require('node:http').createServer((q, s) => { s.writeHead(200, { 'content-type': 'application/json', 'content-length': b.length }); s.end(b); }).listen(${port}, '127.0.0.1')`;
  const child = spawn(process.execPath, ['-e', code], { stdio: 'ignore' });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(url).then(
        (r) => r.ok,
        () => false,
      )
    )
      break;
    await new Promise((r) => setTimeout(r, 50));
  }
  return { url, stop: () => child.kill('SIGTERM') };
}

/** Monitors straight into the database (the API bench measures creation): a tenth failing. */
async function seed(db: Awaited<ReturnType<typeof createRuntime>>['deps']['db'], account: number) {
  const now = Date.now();
  for (let start = 0; start < MONITORS; start += 500) {
    const n = Math.min(500, MONITORS - start);
    const rows = await db
      .insertInto('monitors')
      .values(
        Array.from({ length: n }, (_, i) => ({
          account_id: account,
          type: (start + i) % 3 === 0 ? 'tcp' : 'website',
          name: `Bench monitor ${start + i}`,
          enabled: 1,
          interval: 5,
          timeout: 30,
          mode: 'Primary',
          home_location: 10,
          billing_plancode: '',
          config: '{"url":"http://example.com/"}',
          created_at: now,
          updated_at: now,
        })),
      )
      .returning('id')
      .execute();
    await db
      .insertInto('monitor_locations')
      .values(rows.map((r) => ({ monitor_id: r.id, location_id: 10, position: 0 })))
      .execute();
    await db
      .insertInto('monitor_status')
      .values(
        rows.map((r) => ({
          monitor_id: r.id,
          location_id: 10,
          account_id: account,
          last_status: r.id % 10 === 0 ? 7 : 0,
          last_info_msg: r.id % 10 === 0 ? 'HTTP 503' : 'OK',
          last_at: now - 30_000,
          last_response_ms: 100 + (r.id % 400),
          consecutive_errors: r.id % 10 === 0 ? 1 : 0,
          last_error_at: now - 3_600_000,
          last_ok_at: now - 60_000,
          last_slot: null,
        })),
      )
      .execute();
  }
}

const runtime = await createRuntime(settings, { log: createLogger('silent') });
const server = await startServer(runtime, () => {});
await ensureWebBuilt();
const browser = await launchChromium();
try {
  const { db } = runtime.deps;
  const account = (await db.selectFrom('accounts').select('id').executeTakeFirstOrThrow()).id;
  await seed(db, account);
  const token = await benchToken(server.url);

  // The board, cold: a fresh context, the session put where the app keeps it.
  const context = await browser.newContext({ viewport: { width: 1280, height: 800 } });
  const page = await context.newPage();
  await page.addInitScript(
    `sessionStorage.setItem('sitewatch.session', ${JSON.stringify(JSON.stringify({ token, email: 'bench@example.com', role: 'ADMIN' }))})`,
  );
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  let bytes = 0;
  cdp.on(
    'Network.loadingFinished',
    (e: { encodedDataLength: number }) => void (bytes += e.encodedDataLength),
  );
  const api: string[] = [];
  page.on('request', (r) => {
    if (r.url().includes('/api/v3/')) api.push(new URL(r.url()).pathname);
  });
  const t0 = Date.now();
  await page.goto(server.url + '/');
  await page.locator('.board .row').first().waitFor({ timeout: 60_000 });
  const firstRender = Date.now() - t0;
  // Interactive: a filter keystroke narrows the list and the page has painted it.
  await page.getByLabel('Name', { exact: true }).fill(`Bench monitor ${MONITORS - 1}`);
  await page.locator('.board .row').nth(1).waitFor({ state: 'detached' });
  const interactive = Date.now() - t0;
  const domRows = await page.evaluate('document.querySelectorAll(".board .row").length');
  await context.close();

  // A public status page of 10 monitors under load.
  const ids = (await db.selectFrom('monitors').select('id').orderBy('id').limit(10).execute()).map(
    (r) => r.id,
  );
  const r = await fetch(`${server.url}/api/v3/status-pages`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ slug: 'bench', title: 'Bench status', monitors: ids }),
  });
  if (r.status !== 200) throw new Error(`status page: ${r.status} ${await r.text()}`);
  // Statements per request, counted in this process over 1,000 requests (the first one fills the cache).
  const counter = countStatements(db);
  const body = await (await fetch(`${server.url}/status/bench/data`)).text();
  counter.reset();
  for (let i = 0; i < 1000; i++) await server.app.inject({ method: 'GET', url: '/status/bench/data' });
  const perRequest = counter.n / 1000;
  await server.close();
  await runtime.close();

  // Load: the server in its own process (as in production) against bare node:http serving the
  // same bytes, each measured by autocannon from this process.
  const child = await startSitewatch(env);
  const bare = await bareServer(body);
  let page$, plain;
  try {
    page$ = await load({ url: `${child.url}/status/bench/data`, duration: SECONDS });
    plain = await load({ url: bare.url, duration: SECONDS });
  } finally {
    bare.stop();
    await child.stop();
  }

  report(
    'web',
    [
      { what: 'board: monitors', value: MONITORS },
      { what: 'board: first render (ms)', value: firstRender },
      { what: 'board: interactive (ms)', value: interactive },
      { what: 'board: bytes transferred', value: bytes },
      { what: 'board: API requests', value: api.length },
      { what: 'board: rows in the DOM', value: Number(domRows) },
      { what: 'status page: req/s', value: fmt(page$.rps) },
      { what: 'status page: p99 ms', value: page$.p99 },
      { what: 'status page: bytes per answer', value: body.length },
      { what: 'bare node:http, same bytes: req/s', value: fmt(plain.rps) },
      { what: 'status page / bare', value: fmt(page$.rps / plain.rps) },
      { what: 'status page: SQL statements per request', value: fmt(perRequest) },
    ],
    { apiRequests: api },
  );
} finally {
  await browser.close();
  await server.close().catch(() => {});
  await runtime.close().catch(() => {});
}
