// npm run bench:auth — access-token gate throughput against a bare node:http baseline, login
// throughput with 16 concurrent clients, and authenticated-GET p99 while logins run.
import { load, report, startBaseline, startSitewatch } from './lib.ts';

const LOGIN = { username: 'bench@example.com', password: 'bench admin secret 1' };
const PG_URL =
  process.env.BENCH_DATABASE_URL ?? process.env.DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function session(url: string) {
  const r = await fetch(`${url}/api/v3/access-tokens`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(LOGIN),
  });
  const { access_token: token } = (await r.json()) as { access_token: string };
  const users = (await (
    await fetch(`${url}/api/v3/users`, { headers: { authorization: `Bearer ${token}` } })
  ).json()) as {
    results: { guid: string }[];
  };
  return { token, path: `/api/v3/users/${users.results[0]!.guid}` };
}

async function pgReachable(): Promise<boolean> {
  const pg = await import('pg');
  const c = new pg.default.Client({ connectionString: PG_URL, connectionTimeoutMillis: 1500 });
  try {
    await c.connect();
    return true;
  } catch {
    return false;
  } finally {
    await c.end().catch(() => {});
  }
}

const rows: Record<string, string | number>[] = [];
/** Issue 10's goals for the authenticated GET against bare node:http. */
const RATIO_GOAL: Record<string, string> = { sqlite: '>= 0.5x', postgres: '>= 0.3x' };
const fmt = (n: number) => Math.round(n * 100) / 100;

const baseline = await startBaseline();
const base = await load({ url: baseline.url });
baseline.stop();
rows.push({
  case: 'baseline node:http small JSON',
  'req/s': fmt(base.rps),
  'p50 ms': base.p50,
  'p99 ms': base.p99,
  ratio: 1,
});

const dialects: [string, Record<string, string>][] = [['sqlite', {}]];
if (await pgReachable())
  dialects.push(['postgres', { DATABASE_URL: PG_URL, SITEWATCH_DB_SCHEMA: `bench_${Date.now()}` }]);

const goals: Record<string, unknown> = {};
for (const [dialect, env] of dialects) {
  const sw = await startSitewatch(env);
  try {
    const { token, path } = await session(sw.url);
    const auth = { authorization: `Bearer ${token}` };
    const get = await load({ url: sw.url + path, headers: auth });
    rows.push({
      case: `${dialect}: GET /users/{own guid} with token`,
      'req/s': fmt(get.rps),
      'p50 ms': get.p50,
      'p99 ms': get.p99,
      ratio: fmt(get.rps / base.rps),
      goal: RATIO_GOAL[dialect] ?? '-',
    });

    // Logins with 16 concurrent clients, and meanwhile a steady authenticated GET.
    const [logins, during] = await Promise.all([
      load({
        url: `${sw.url}/api/v3/access-tokens`,
        method: 'POST',
        connections: 16,
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify(LOGIN),
      }),
      load({ url: sw.url + path, headers: auth, connections: 2, overallRate: 200 }),
    ]);
    rows.push({
      case: `${dialect}: POST /access-tokens, 16 clients`,
      'req/s': fmt(logins.rps),
      'p50 ms': logins.p50,
      'p99 ms': logins.p99,
      ratio: '-',
    });
    rows.push({
      case: `${dialect}: GET /users/{guid} during logins (200/s)`,
      'req/s': fmt(during.rps),
      'p50 ms': during.p50,
      'p99 ms': during.p99,
      ratio: '-',
    });
    goals[dialect] = {
      getRatio: fmt(get.rps / base.rps),
      getRatioGoal: RATIO_GOAL[dialect],
      loginsPerSecond: fmt(logins.rps),
      p99DuringLoginsMs: during.p99,
      p99Goal: 10,
      errors: get.errors + logins.errors + during.errors,
      non2xx: get.non2xx + logins.non2xx + during.non2xx,
    };
  } finally {
    await sw.stop();
  }
}
report('auth', rows, { goals });
