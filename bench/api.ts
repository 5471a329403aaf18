// npm run bench:api — monitor lists and gets with 10,000 monitors in one account, the site status
// report at 50,000 monitors and the server's RSS, against a bare node:http baseline in the same
// run, plus the SQL statements each request runs and the goal of issue 10 beside each figure.
// BENCH_SMOKE=1 runs it tiny (proof that it works, not figures).
import { countStatements } from '../test/helpers/statements.ts';
import { buildApp } from '../src/api/app.ts';
import { loadSettings } from '../src/config/settings.ts';
import { createLogger } from '../src/log.ts';
import { createRuntime } from '../src/main.ts';
import { benchToken, inParallel, load, report, rssMb, SMOKE, startBaseline, startSitewatch } from './lib.ts';

const MONITORS = Number(process.env.BENCH_MONITORS ?? (SMOKE ? 60 : 10_000));
const REPORT_MONITORS = Number(process.env.BENCH_REPORT_MONITORS ?? (SMOKE ? 120 : 50_000));

/** Issue 10's goals, by case and dialect. */
const GOALS: Record<string, Record<string, string>> = {
  list: { sqlite: '>= 40 req/s', postgres: '>= 40 req/s' },
  deep: { sqlite: '>= 2000 req/s', postgres: '>= 1000 req/s' },
  get: { sqlite: '>= 0.4x, <= 2 SQL', postgres: '>= 0.2x, <= 2 SQL' },
  report: { sqlite: 'p99 < 200 ms', postgres: 'p99 < 200 ms' },
  rss: { sqlite: '< 120 / < 200 MB', postgres: '< 120 / < 200 MB' },
};

/**
 * Adds monitors straight into the database (copies of the first one, at its location) so the
 * account holds `total`: seeding 50,000 through the API would take minutes and measure nothing.
 */
async function seedDirect(env: Record<string, string>, total: number): Promise<void> {
  const settings = loadSettings({ ...env, LOG_LEVEL: 'silent' });
  const runtime = await createRuntime(settings, { log: createLogger('silent') });
  const { db } = runtime.deps;
  const first = await db.selectFrom('monitors').selectAll().orderBy('id').executeTakeFirstOrThrow();
  const have = Number(
    (
      await db
        .selectFrom('monitors')
        .select((eb) => eb.fn.countAll<number>().as('n'))
        .executeTakeFirstOrThrow()
    ).n,
  );
  const { id: _id, ...row } = first;
  for (let i = have; i < total; i += 500) {
    const n = Math.min(500, total - i);
    const ids = await db
      .insertInto('monitors')
      .values(Array.from({ length: n }, (_, k) => ({ ...row, name: `Report ${i + k}` })))
      .returning('id')
      .execute();
    await db
      .insertInto('monitor_locations')
      .values(ids.map((r) => ({ monitor_id: r.id, location_id: 10, position: 0 })))
      .execute();
  }
  await runtime.close();
}
const PG_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const fmt = (n: number) => Math.round(n * 100) / 100;

async function seed(url: string, token: string): Promise<number[]> {
  const ids: number[] = [];
  await inParallel(MONITORS, 16, async (i) => {
    const r = await fetch(`${url}/api/v3/monitors/website`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Bench ${i}`, url: `http://bench-${i}.example.com/`, interval: 1 }),
    });
    if (r.status !== 200) throw new Error(`seed ${i}: ${r.status} ${await r.text()}`);
    ids.push(Number(((await r.json()) as { id: string }).id));
  });
  return ids.sort((a, b) => a - b);
}

/** SQL statements per request, counted in-process on the seeded database. */
async function statements(env: Record<string, string>, token: string, paths: string[]): Promise<number[]> {
  const settings = loadSettings({ ...env, LOG_LEVEL: 'silent', SITEWATCH_API_RATE_LIMIT: '0' });
  const runtime = await createRuntime(settings, { log: createLogger('silent') });
  const counter = countStatements(runtime.deps.db);
  const app = await buildApp(runtime.deps);
  const counts: number[] = [];
  const headers = { authorization: `Bearer ${token}` };
  // Each path twice, counting the second: the steady state (token principal cached, and lists
  // answered from the list cache while nothing changed).
  for (const path of paths) {
    await app.inject({ method: 'GET', url: path, headers });
    counter.reset();
    const r = await app.inject({ method: 'GET', url: path, headers });
    if (r.statusCode !== 200) throw new Error(`${path}: ${r.statusCode}`);
    counts.push(counter.n);
  }
  // The first list after a change: the version, then the page.
  const [first] = await runtime.deps.db.selectFrom('monitors').select('id').orderBy('id').limit(1).execute();
  await app.inject({
    method: 'PATCH',
    url: `/api/v3/monitors/website/${first!.id}`,
    headers,
    payload: { name: 'Bench counted' },
  });
  counter.reset();
  await app.inject({ method: 'GET', url: '/api/v3/monitors', headers });
  counts.push(counter.n);
  await app.close();
  await runtime.close();
  return counts;
}

const rows: Record<string, string | number>[] = [];
const baseline = await startBaseline();
const base = await load({ url: baseline.url });
baseline.stop();
rows.push({
  case: 'baseline node:http small JSON',
  'req/s': fmt(base.rps),
  'p99 ms': base.p99,
  ratio: 1,
  'SQL/request': '-',
  goal: '-',
});

const dialects: [string, Record<string, string>][] = [['sqlite', {}]];
if (process.env.BENCH_SKIP_PG !== '1')
  dialects.push(['postgres', { DATABASE_URL: PG_URL, SITEWATCH_DB_SCHEMA: `bench_api_${Date.now()}` }]);

for (const [dialect, env] of dialects) {
  let sw;
  try {
    sw = await startSitewatch(env);
  } catch (err) {
    console.log(`# ${dialect} skipped: ${(err as Error).message}`);
    continue;
  }
  try {
    const token = await benchToken(sw.url);
    const rssEmpty = rssMb(sw.pid);
    const t0 = performance.now();
    const ids = await seed(sw.url, token);
    const seedSeconds = (performance.now() - t0) / 1000;
    const mid = ids[Math.floor(ids.length / 2)]!;
    const cases: [string, string, number, string][] = [
      ['GET /monitors (all: first 5000 rows; unchanged, so cached)', '/api/v3/monitors', 4, 'list'],
      ['GET /monitors?limit=100&offset=5000', '/api/v3/monitors?limit=100&offset=5000', 10, 'deep'],
      ['GET /monitors/{id}', `/api/v3/monitors/${mid}`, 10, 'get'],
    ];
    const counts = await statements({ ...env, SITEWATCH_DATA_DIR: sw.dataDir }, token, [
      ...cases.map((c) => c[1]),
      '/api/v3/monitors?limit=10',
    ]).catch(() => []);
    for (const [i, [name, path, connections, goal]] of cases.entries()) {
      const r = await load({
        url: sw.url + path,
        connections,
        headers: { authorization: `Bearer ${token}` },
      });
      rows.push({
        case: `${dialect}: ${name}`,
        'req/s': fmt(r.rps),
        'p99 ms': r.p99,
        ratio: fmt(r.rps / base.rps),
        'SQL/request': counts[i] ?? '?',
        goal: GOALS[goal]![dialect]!,
      });
    }
    // The ceiling for the cached list: bare node:http sending a prepared body of the same size.
    const size = (
      await (
        await fetch(`${sw.url}/api/v3/monitors`, { headers: { authorization: `Bearer ${token}` } })
      ).arrayBuffer()
    ).byteLength;
    const big = await startBaseline(size);
    const bigRun = await load({ url: big.url, connections: 4 });
    big.stop();
    rows.push({
      case: `${dialect}: baseline node:http sending the same ${Math.round(size / 1024)} KiB body`,
      'req/s': fmt(bigRun.rps),
      'p99 ms': bigRun.p99,
      ratio: '-',
      'SQL/request': '-',
      goal: '-',
    });
    const cachedRow = rows.find(
      (r) => r.case === `${dialect}: GET /monitors (all: first 5000 rows; unchanged, so cached)`,
    );
    if (cachedRow)
      cachedRow.ratio = `${fmt(Number(cachedRow['req/s']) / bigRun.rps)} of the same-size baseline`;
    // The list after an edit: the cached answer no longer applies, so this is the full read and
    // serialization (one client, each GET after a PATCH; only the GET is timed).
    const missMs: number[] = [];
    for (let i = 0; i < (SMOKE ? 3 : 20); i++) {
      await fetch(`${sw.url}/api/v3/monitors/website/${mid}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: JSON.stringify({ name: `Bench edited ${i}` }),
      });
      const t = performance.now();
      const r = await fetch(`${sw.url}/api/v3/monitors`, { headers: { authorization: `Bearer ${token}` } });
      await r.arrayBuffer();
      missMs.push(performance.now() - t);
    }
    missMs.sort((a, b) => a - b);
    const missP50 = missMs[Math.floor(missMs.length / 2)]!;
    rows.push({
      case: `${dialect}: GET /monitors (first 5000 rows) after an edit (cache miss, 1 client)`,
      'req/s': fmt(1000 / missP50),
      'p99 ms': Math.round(missMs[Math.min(missMs.length - 1, Math.ceil(missMs.length * 0.99) - 1)]!),
      ratio: '-',
      'SQL/request': counts[4] ?? '?',
      goal: GOALS.list![dialect]!,
    });
    rows.push({
      case: `${dialect}: RSS before any monitor / at ${MONITORS} monitors (MB)`,
      'req/s': '-',
      'p99 ms': `${rssEmpty} / ${rssMb(sw.pid)}`,
      ratio: '-',
      'SQL/request': '-',
      goal: GOALS.rss![dialect]!,
    });
    await seedDirect({ ...env, SITEWATCH_DATA_DIR: sw.dataDir }, REPORT_MONITORS);
    const rep = await load({
      url: `${sw.url}/api/v3/report-sitestatus`,
      connections: 2,
      headers: { authorization: `Bearer ${token}` },
    });
    rows.push({
      case: `${dialect}: GET /report-sitestatus, ${REPORT_MONITORS} monitors (p50 ${rep.p50} ms)`,
      'req/s': fmt(rep.rps),
      'p99 ms': rep.p99,
      ratio: fmt(rep.rps / base.rps),
      'SQL/request': '-',
      goal: GOALS.report![dialect]!,
    });
    rows.push({
      case: `${dialect}: GET /monitors?limit=10 (query count only)`,
      'req/s': '-',
      'p99 ms': '-',
      ratio: '-',
      'SQL/request': counts[3] ?? '?',
      goal: '-',
    });
    rows.push({
      case: `${dialect}: seeding ${MONITORS} monitors via POST (16 clients)`,
      'req/s': fmt(MONITORS / seedSeconds),
      'p99 ms': '-',
      ratio: '-',
      'SQL/request': '-',
      goal: '-',
    });
  } finally {
    await sw.stop();
  }
}
report('api', rows, { monitors: MONITORS, reportMonitors: REPORT_MONITORS, smoke: SMOKE });
