// npm run bench:import — moving in from AlertSite and monitors as code, at 10,000 monitors:
//  1. `sitewatch import alertsite` from a local source instance (its own process, SQLite):
//     monitors/s and the peak RSS of the importing process (/usr/bin/time);
//  2. `sitewatch apply` of the exported 10,000-monitor file with one change: time to diff
//     (--dry-run) and to diff + apply, and the writes it made (goal: < 10 s, 1 write).
// BENCH_MONITORS sets the size; BENCH_SMOKE=1 runs 20 monitors, only to prove the bench works.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { benchToken, inParallel, report, ROOT, startSitewatch } from './lib.ts';

const N = process.env.BENCH_SMOKE ? 20 : Number(process.env.BENCH_MONITORS ?? 10_000);
const BIN = join(ROOT, 'bin', 'sitewatch.js');

/** Runs the CLI under /usr/bin/time: its output, wall seconds and peak RSS (MiB). */
function timedCli(args: string[], env: Record<string, string>) {
  return new Promise<{ code: number; stdout: string; stderr: string; seconds: number; rssMiB: number }>(
    (resolve) => {
      const child = spawn('/usr/bin/time', ['-f', 'BENCH %e %M', process.execPath, BIN, ...args], {
        env: { PATH: process.env.PATH ?? '', LOG_LEVEL: 'warn', ...env },
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      child.stdout.on('data', (c) => (stdout += c));
      child.stderr.on('data', (c) => (stderr += c));
      child.on('close', (code) => {
        const m = /BENCH ([\d.]+) (\d+)/.exec(stderr);
        resolve({
          code: code ?? -1,
          stdout,
          stderr,
          seconds: Number(m?.[1] ?? NaN),
          rssMiB: Math.round(Number(m?.[2] ?? NaN) / 1024),
        });
      });
    },
  );
}

function check(r: { code: number; stderr: string }, what: string): void {
  if (r.code !== 0) throw new Error(`${what} failed (${r.code}): ${r.stderr.slice(-2000)}`);
}

const source = await startSitewatch();
try {
  const token = await benchToken(source.url);
  const seedStart = Date.now();
  await inParallel(N, 16, async (i) => {
    const r = await fetch(`${source.url}/api/v3/monitors/website`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ name: `Site ${String(i).padStart(6, '0')}`, url: `http://127.0.0.1:9/${i}` }),
    });
    if (r.status !== 200) throw new Error(`seed: ${r.status} ${await r.text()}`);
  });
  console.log(`seeded ${N} monitors in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);

  const dataDir = mkdtempSync(join(tmpdir(), 'sitewatch-bench-import-'));
  const env = { SITEWATCH_DATA_DIR: dataDir };
  check(
    await timedCli(
      [
        'account',
        'create',
        '--name',
        'Bench',
        '--admin-email',
        'b@example.com',
        '--admin-password',
        'bench local secret 1',
      ],
      env,
    ),
    'account create',
  );
  const login = ['--username', 'bench@example.com', '--password', 'bench admin secret 1'];
  const imported = await timedCli(
    ['import', 'alertsite', '--url', `${source.url}/api/v3`, ...login, '--json'],
    env,
  );
  check(imported, 'import');
  const created = (JSON.parse(imported.stdout) as { items: { outcome: string }[] }).items.filter(
    (i) => i.outcome === 'created',
  ).length;
  const again = await timedCli(
    ['import', 'alertsite', '--url', `${source.url}/api/v3`, ...login, '--json'],
    env,
  );
  check(again, 'second import');

  const exported = await timedCli(['export', '--type', 'monitors'], env);
  check(exported, 'export');
  const doc = parse(exported.stdout) as { monitors: { interval: number }[] };
  doc.monitors[Math.floor(N / 2)]!.interval = 30;
  const file = join(dataDir, 'monitors.yaml');
  writeFileSync(file, stringify(doc, { lineWidth: 0 }));
  const dry = await timedCli(['apply', file, '--dry-run'], env);
  check(dry, 'apply --dry-run');
  const applied = await timedCli(['apply', file], env);
  check(applied, 'apply');
  const writes = /applied: (\d+) created, (\d+) changed, (\d+) deleted/.exec(applied.stdout);
  const twice = await timedCli(['apply', file], env);
  check(twice, 'second apply');

  report(
    'import',
    [
      {
        case: `import ${N} monitors`,
        seconds: imported.seconds,
        'monitors/s': Math.round(created / imported.seconds),
        'peak RSS MiB': imported.rssMiB,
      },
      {
        case: `re-import ${N} (unchanged)`,
        seconds: again.seconds,
        'monitors/s': Math.round(N / again.seconds),
        'peak RSS MiB': again.rssMiB,
      },
      {
        case: `export ${N}`,
        seconds: exported.seconds,
        'peak RSS MiB': exported.rssMiB,
        bytes: exported.stdout.length,
      },
      { case: `apply ${N}, 1 change: diff only`, seconds: dry.seconds, 'peak RSS MiB': dry.rssMiB },
      {
        case: `apply ${N}, 1 change`,
        seconds: applied.seconds,
        'peak RSS MiB': applied.rssMiB,
        writes: writes ? Number(writes[1]) + Number(writes[2]) + Number(writes[3]) : -1,
      },
      {
        case: `apply ${N} again (no change)`,
        seconds: twice.seconds,
        output: twice.stdout.trim().split('\n').pop() ?? '',
      },
    ],
    { monitors: N, sourceFile: readFileSync(file).length },
  );
} finally {
  await source.stop();
}
