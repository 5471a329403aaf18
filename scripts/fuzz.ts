// npm run fuzz — the long run of the standing fuzzer (test/security/fuzz-core.ts) against a real
// server per dialect. FUZZ_ITERATIONS (default 20000 per dialect), FUZZ_SEED (default: the clock),
// FUZZ_DIALECTS (default "sqlite,postgres"). Writes bench/results/fuzz.json; exits 1 on a failure.
import { mkdirSync, writeFileSync } from 'node:fs';
import { POSTGRES_AVAILABLE } from '../test/helpers/db.ts';
import { startTestServer } from '../test/helpers/server.ts';
import { fuzz, type FuzzReport } from '../test/security/fuzz-core.ts';
import type { DialectName } from '../src/store/dialect/types.ts';

const iterations = Number(process.env.FUZZ_ITERATIONS ?? 20_000);
const seed = Number(process.env.FUZZ_SEED ?? Date.now() % 1_000_000_000);
const dialects = (process.env.FUZZ_DIALECTS ?? 'sqlite,postgres')
  .split(',')
  .filter((d) => d === 'sqlite' || POSTGRES_AVAILABLE) as DialectName[];

const results: Record<string, FuzzReport & { seconds: number }> = {};
let failed = 0;
for (const dialect of dialects) {
  const srv = await startTestServer({ dialect, env: { SITEWATCH_LOGIN_IP_PER_MINUTE: '1000000' } });
  try {
    const token = await srv.login();
    const monitor = await srv.request('POST', '/api/v3/monitors/website', {
      token,
      body: { name: 'fuzzed', url: 'http://example.com/' },
    });
    const started = performance.now();
    const report = await fuzz({
      url: srv.url,
      db: srv.runtime.deps.db,
      token,
      iterations,
      seed,
      ids: { id: String(monitor.json.id) },
    });
    const seconds = Math.round((performance.now() - started) / 100) / 10;
    results[dialect] = { ...report, seconds };
    failed += report.failures.length;
    console.log(
      `${dialect}: ${report.requests} requests in ${seconds} s, ${report.failures.length} failures, statuses ${JSON.stringify(report.byStatus)}`,
    );
    for (const f of report.failures.slice(0, 20))
      console.log(`  ${f.problem}: ${f.request} → ${f.status} ${f.body}`);
  } finally {
    await srv.close();
  }
}
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/fuzz.json',
  JSON.stringify({ at: new Date().toISOString(), iterations, seed, results }, null, 2),
);
process.exit(failed > 0 ? 1 : 0);
