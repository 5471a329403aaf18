// npm run soak — 10 minutes of mixed API load on a real server with 1,000 monitors running.
// SOAK_SECONDS (600), SOAK_MONITORS (1000), SOAK_DIALECT (sqlite | postgres), SOAK_CONCURRENCY (4).
// Passes with 0 × 5xx and RSS growth under 10 %; writes bench/results/soak.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { soak } from '../test/security/soak-core.ts';
import type { DialectName } from '../src/store/dialect/types.ts';

const report = await soak({
  dialect: (process.env.SOAK_DIALECT ?? 'sqlite') as DialectName,
  seconds: Number(process.env.SOAK_SECONDS ?? 600),
  monitors: Number(process.env.SOAK_MONITORS ?? 1000),
  concurrency: Number(process.env.SOAK_CONCURRENCY ?? 4),
  log: (line) => console.log(line),
});
console.log(JSON.stringify(report, null, 2));
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/soak.json',
  JSON.stringify({ at: new Date().toISOString(), ...report }, null, 2),
);
// RSS is judged only on runs of 2 minutes or more: in a shorter one the warm-up growth of the
// heap is still most of what is measured.
const judgeRss = report.seconds >= 120;
const ok =
  report.serverErrors === 0 && (!judgeRss || (report.rssGrowthPct < 10 && report.rssMedianGrowthPct < 10));
if (!ok) console.error('soak FAILED: server errors or RSS growth of 10 % or more');
process.exit(ok ? 0 : 1);
