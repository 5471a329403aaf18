// npm run isolation — another tenant's API latency while one tenant runs heavy monitors.
// ISOLATION_MONITORS (500), ISOLATION_SAMPLES (2000). Target: p99 under 50 ms on a quiet machine.
// Writes bench/results/isolation.json.
import { mkdirSync, writeFileSync } from 'node:fs';
import { measureIsolation } from '../test/security/isolation-core.ts';

const report = await measureIsolation({
  monitors: Number(process.env.ISOLATION_MONITORS ?? 500),
  samples: Number(process.env.ISOLATION_SAMPLES ?? 2000),
});
console.log(JSON.stringify(report, null, 2));
mkdirSync('bench/results', { recursive: true });
writeFileSync(
  'bench/results/isolation.json',
  JSON.stringify({ at: new Date().toISOString(), ...report }, null, 2),
);
process.exit(report.p99Ms < 50 ? 0 : 1);
