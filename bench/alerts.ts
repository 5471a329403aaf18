// npm run bench:alerts — the alert path, in one run:
// 1. latency: 100 `website` monitors (1-minute interval, Global Notify, no retry) check a local
//    target that goes down at T; each alert's arrival at a local receiver is timed from T
//    (down→arrival: includes the wait for the monitor's next slot, up to one interval) and from the
//    start of the check that saw it (check→arrival: the engine write, the outbox and the delivery);
// 2. throughput: N queued JSON POST alerts delivered by the outbox dispatcher to the receiver,
//    against a bare undici POST loop of the same N bodies at the same concurrency.
// Receiver and target run in their own processes; sitewatch (embedded SQLite) runs in this one.
// BENCH_SMOKE=1 shrinks it to 10 monitors that are made due at once, and 200 deliveries.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import { Agent, request } from 'undici';
import { loadSettings } from '../src/config/settings.ts';
import { createRuntime } from '../src/main.ts';
import { bootstrapFirstAccount } from '../src/accounts/accounts.ts';
import { monitorService } from '../src/monitors/service.ts';
import { recipientService } from '../src/recipients/recipients.ts';
import { notifierGroupService } from '../src/recipients/notifier-groups.ts';
import { startEngineProcess } from '../src/engine/process.ts';
import { createDispatcher } from '../src/outbox/dispatcher.ts';
import { insertOutbox } from '../src/store/alerts.ts';
import { freePort, report } from './lib.ts';

const SMOKE = process.env.BENCH_SMOKE === '1';
const MONITORS = SMOKE ? 10 : 100;
const DELIVERIES = Number(process.env.BENCH_DELIVERIES) || (SMOKE ? 200 : 5000);
const CONCURRENCY = 50;

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;

/** A child process running `code` (an HTTP server on `port`); lines it prints go to `onLine`. */
async function child(code: string, port: number, onLine?: (l: string) => void): Promise<ChildProcess> {
  const p = spawn(process.execPath, ['-e', code], { stdio: ['ignore', 'pipe', 'inherit'] });
  let buf = '';
  p.stdout!.on('data', (d) => {
    buf += d;
    const lines = buf.split('\n');
    buf = lines.pop()!;
    for (const l of lines) onLine?.(l);
  });
  for (let i = 0; i < 100; i++) {
    if (
      await fetch(`http://127.0.0.1:${port}/`).then(
        () => true,
        () => false,
      )
    )
      return p;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error('child server did not come up');
}

// The target answers 200 until GET /down, then 503. The receiver prints "<ms> <device_id>" per POST.
const TARGET = (port: number) => `let down = false; const s = require('node:http').createServer((q, r) => {
  if (q.url === '/down') { down = true; return r.end('ok'); } r.writeHead(down ? 503 : 200); r.end(down ? 'down' : 'up'); });
  s.keepAliveTimeout = 120000; s.listen(${port}, '127.0.0.1');`;
const RECEIVER = (port: number) => `const s = require('node:http').createServer((q, r) => { let b = '';
  q.on('data', (c) => b += c); q.on('end', () => { const t = Date.now(); r.end('ok');
  if (q.method === 'POST') { let id = 0; try { id = JSON.parse(b).device_id } catch {} console.log(t + ' ' + id); } }); });
  s.keepAliveTimeout = 120000; s.listen(${port}, '127.0.0.1');`;

const targetPort = await freePort();
const receiverPort = await freePort();
const arrivals: { t: number; device: number }[] = [];
const target = await child(TARGET(targetPort), targetPort);
const receiver = await child(RECEIVER(receiverPort), receiverPort, (l) => {
  const [t, d] = l.split(' ');
  arrivals.push({ t: Number(t), device: Number(d) });
});
const hook = `http://127.0.0.1:${receiverPort}/hook`;

const settings = loadSettings({
  SITEWATCH_DATA_DIR: mkdtempSync(join(tmpdir(), 'sitewatch-bench-alerts-')),
  LOG_LEVEL: 'warn',
  SITEWATCH_ADMIN_PASSWORD: 'bench admin secret 1',
  SITEWATCH_EGRESS_ALLOW: '127.0.0.0/8',
  SITEWATCH_OUTBOX_CONCURRENCY: String(CONCURRENCY),
});
const rt = await createRuntime(settings);
const { deps } = rt;
await bootstrapFirstAccount(deps);
const user = await deps.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
const admin = {
  userId: user.id,
  userGuid: user.guid,
  accountId: user.account_id,
  role: 'ADMIN' as const,
  email: user.email,
  tokenDigest: '',
};

// 1. Latency.
const ids: number[] = [];
for (let i = 0; i < MONITORS; i++)
  ids.push(
    await monitorService(deps).create(admin, 'website', {
      name: `bench ${i}`,
      url: `http://127.0.0.1:${targetPort}/`,
      interval: 1,
      mode: 'Global Notify',
      retry_on_failure: false,
    }),
  );
const rid = await recipientService(deps).create(admin, {
  name: 'hook',
  method_id: 16,
  recipient: hook,
  stop_threshold: 1,
});
await notifierGroupService(deps).create(admin, {
  name: 'bench',
  monitors: ids.map((id) => ({ id })),
  recipients: [{ id: rid }],
});
const proc = await startEngineProcess(deps, { locations: [10], worker: false });
await fetch(`http://127.0.0.1:${targetPort}/down`);
const downAt = Date.now();
if (SMOKE) await deps.db.updateTable('check_schedules').set({ next_run_at: downAt }).execute();
const deadline = downAt + (SMOKE ? 30_000 : 130_000);
while (new Set(arrivals.map((a) => a.device)).size < MONITORS && Date.now() < deadline)
  await new Promise((r) => setTimeout(r, 50));
await proc.stop();
const firstArrival = new Map<number, number>();
for (const a of arrivals) if (!firstArrival.has(a.device)) firstArrival.set(a.device, a.t);
const checks = await deps.db
  .selectFrom('check_results')
  .select(['monitor_id', 'started_at'])
  .where('status', '!=', 0)
  .where('kind', '=', 'scheduled')
  .orderBy('started_at')
  .execute();
const firstCheck = new Map<number, number>();
for (const c of checks)
  if (c.monitor_id !== null && !firstCheck.has(c.monitor_id)) firstCheck.set(c.monitor_id, c.started_at);
const downToArrival = [...firstArrival.values()].map((t) => t - downAt).sort((a, b) => a - b);
const checkToArrival = [...firstArrival.entries()]
  .filter(([m]) => firstCheck.has(m))
  .map(([m, t]) => t - firstCheck.get(m)!)
  .sort((a, b) => a - b);

// 2. Throughput: queued rows through the dispatcher, then the same POSTs in a bare undici loop.
const sample = JSON.stringify({
  custid: 1,
  device_id: 0,
  notify_type: 'error',
  status: 7,
  info_msg: 'bench',
});
const rows = Array.from({ length: DELIVERIES }, (_, i) => ({
  delivery_id: randomUUID(),
  account_id: admin.accountId,
  monitor_id: ids[0]!,
  location_id: 10,
  recipient_id: rid,
  dedup_key: `bench:${i}`,
  notify_type: 'error',
  status: 7,
  errcount: 1,
  method_id: 16,
  address: hook,
  username: null,
  password_sealed: null,
  template_id: null,
  event: JSON.stringify({
    ...JSON.parse(sample),
    device_name: 'bench',
    location: 'Local',
    timestamp: new Date().toISOString(),
  }),
  state: 'pending',
  attempts: 0,
  next_attempt_at: Date.now(),
  created_at: Date.now(),
}));
await deps.db.transaction().execute((tx) => insertOutbox(tx, rows));
const before = arrivals.length;
const dispatcher = createDispatcher(deps, { concurrency: CONCURRENCY });
let t0 = performance.now();
dispatcher.start();
while (arrivals.length - before < DELIVERIES) await new Promise((r) => setTimeout(r, 10));
const outboxSeconds = (performance.now() - t0) / 1000;
await dispatcher.stop();

const agent = new Agent({ connections: CONCURRENCY });
let next = 0;
t0 = performance.now();
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next++ < DELIVERIES) {
      const r = await request(hook, {
        method: 'POST',
        body: sample,
        headers: { 'content-type': 'application/json' },
        dispatcher: agent,
      });
      await r.body.text();
    }
  }),
);
const bareSeconds = (performance.now() - t0) / 1000;
await agent.close();
await rt.close();
target.kill('SIGTERM');
receiver.kill('SIGTERM');

const outboxRate = DELIVERIES / outboxSeconds;
const bareRate = DELIVERIES / bareSeconds;
report(
  'alerts',
  [
    {
      case: `latency, ${MONITORS} monitors${SMOKE ? ' (smoke: made due at once)' : ''}`,
      alerted: firstArrival.size,
      down_to_arrival_p50_ms: pct(downToArrival, 50),
      down_to_arrival_p99_ms: pct(downToArrival, 99),
      check_to_arrival_p50_ms: pct(checkToArrival, 50),
      check_to_arrival_p99_ms: pct(checkToArrival, 99),
    },
    {
      case: `throughput, ${DELIVERIES} deliveries, concurrency ${CONCURRENCY}`,
      outbox_per_s: Math.round(outboxRate),
      bare_undici_per_s: Math.round(bareRate),
      ratio: Math.round((outboxRate / bareRate) * 100) / 100,
    },
  ],
  { smoke: SMOKE },
);
process.exit(0);
