#!/usr/bin/env node
// npm run bench: every bench/<name>.ts except the shared lib, one after another.
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

const benches = readdirSync('bench').filter((f) => f.endsWith('.ts') && f !== 'lib.ts');
let failed = 0;
for (const file of benches) {
  console.log(`\n# bench/${file}`);
  const r = spawnSync(process.execPath, ['--import', 'tsx', `bench/${file}`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
