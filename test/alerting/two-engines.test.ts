import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { bootstrapFirstAccount } from '../../src/accounts/accounts.ts';
import type { Principal } from '../../src/domain/principal.ts';
import { createRuntime, type Runtime } from '../../src/main.ts';
import { monitorService } from '../../src/monitors/service.ts';
import { notifierGroupService } from '../../src/recipients/notifier-groups.ts';
import { recipientService } from '../../src/recipients/recipients.ts';
import { dropSchema, isolatedSettings, POSTGRES_AVAILABLE } from '../helpers/db.ts';
import { listenOnPortZero, type Listening } from '../helpers/listen.ts';

// Two engine processes on one PostgreSQL database share the checks of 30 Primary-mode monitors
// (home failures verified at the other location, often by the other process): every transition
// is alerted exactly once per recipient.

const CHILD = join(import.meta.dirname, 'crash-child.ts');
const MONITORS = 30;
const ROUNDS = 3;
const ENV = {
  SITEWATCH_LOCATIONS: JSON.stringify([
    { id: 10, name: 'Local' },
    { id: 20, name: 'Remote' },
  ]),
  SITEWATCH_EGRESS_ALLOW: '127.0.0.0/8,::1/128',
  SITEWATCH_ENGINE_POLL_MS: '10',
  SITEWATCH_ENGINE_FLUSH_MS: '5',
  SITEWATCH_ENGINE_CLAIM_BATCH: '4',
  SITEWATCH_ENGINE_COMPLETE_BATCH: '4',
};

describe(
  'two engine processes on PostgreSQL',
  { skip: !POSTGRES_AVAILABLE && 'PostgreSQL not reachable' },
  () => {
    const settings = isolatedSettings('postgres', ENV);
    let rt: Runtime;
    let target: Listening;
    const children: ChildProcess[] = [];
    let recipients: number[] = [];
    let stderr = '';

    before(async () => {
      target = await listenOnPortZero(createServer((_q, res) => res.writeHead(503).end('down')));
      rt = await createRuntime(settings, { log: pino({ level: 'silent' }) });
      await bootstrapFirstAccount(rt.deps);
      const user = await rt.deps.db.selectFrom('users').selectAll().executeTakeFirstOrThrow();
      const admin: Principal = {
        userId: user.id,
        userGuid: user.guid,
        accountId: user.account_id,
        role: 'ADMIN',
        email: user.email,
        tokenDigest: '',
      };
      const ids: number[] = [];
      for (let i = 0; i < MONITORS; i++)
        ids.push(
          await monitorService(rt.deps).create(admin, 'website', {
            name: `m${i}`,
            url: `http://127.0.0.1:${target.port}/`,
            interval: 60,
            mode: 'Primary',
            retry_on_failure: false,
            locations: [{ id: 10 }, { id: 20 }],
            home_location: 10,
          }),
        );
      const svc = recipientService(rt.deps);
      // Nobody listens there: only the outbox rows matter (no dispatcher runs).
      recipients = [
        await svc.create(admin, { name: 'r1', method_id: 16, recipient: 'http://127.0.0.1:9/a' }),
        await svc.create(admin, {
          name: 'r2',
          method_id: 16,
          recipient: 'http://127.0.0.1:9/b',
          notify_on_clear: true,
        }),
      ];
      await notifierGroupService(rt.deps).create(admin, {
        name: 'g',
        monitors: ids.map((id) => ({ id })),
        recipients: recipients.map((id) => ({ id })),
      });
      const env = {
        PATH: process.env.PATH ?? '',
        LOG_LEVEL: 'error',
        SITEWATCH_DATA_DIR: settings.dataDir,
        DATABASE_URL: settings.databaseUrl!,
        SITEWATCH_DB_SCHEMA: settings.databaseSchema,
        ...ENV,
      };
      for (let i = 0; i < 2; i++) {
        const child = spawn(process.execPath, ['--import', 'tsx', CHILD, 'engine'], {
          env,
          stdio: ['ignore', 'pipe', 'pipe'],
        });
        children.push(child);
        child.stderr!.on('data', (c) => (stderr += c));
        await new Promise<void>((resolve) =>
          child.stdout!.on('data', (c) => String(c).includes('ready') && resolve()),
        );
      }
    });
    after(async () => {
      for (const c of children) c.kill('SIGKILL');
      await target.close();
      await rt.close();
      await dropSchema(settings);
    });

    it('queues exactly one alert per transition and recipient', async () => {
      const db = rt.deps.db;
      for (let round = 1; round <= ROUNDS; round++) {
        await db
          .updateTable('check_schedules')
          .set({ next_run_at: Date.now() })
          .where('location_id', '=', 10)
          .execute();
        const end = Date.now() + 30_000;
        for (;;) {
          const done = await db
            .selectFrom('monitor_status')
            .select((eb) => eb.fn.countAll<number>().as('n'))
            .where('location_id', '=', 10)
            .where('consecutive_errors', '=', round)
            .where('confirmed', '=', 1)
            .executeTakeFirstOrThrow();
          if (Number(done.n) === MONITORS) break;
          assert.ok(Date.now() < end, `round ${round} did not complete: ${stderr.slice(0, 3000)}`);
          await new Promise((r) => setTimeout(r, 50));
        }
      }
      // Let any straggling verification batch commit before counting.
      await new Promise((r) => setTimeout(r, 300));
      const rows = await db
        .selectFrom('alert_outbox')
        .select(['monitor_id', 'location_id', 'recipient_id', 'errcount'])
        .execute();
      assert.ok(
        rows.every((r) => r.location_id === 10),
        'Primary: only the home location alerts',
      );
      const seen = new Map<string, number[]>();
      for (const r of rows) {
        const k = `${r.monitor_id}:${r.recipient_id}`;
        seen.set(k, [...(seen.get(k) ?? []), r.errcount].sort());
      }
      assert.equal(seen.size, MONITORS * recipients.length);
      for (const [k, errcounts] of seen) assert.deepEqual(errcounts, [1, 2, 3], k);
      const state = await db.selectFrom('alert_state').selectAll().where('recipient_id', '>', 0).execute();
      assert.ok(state.every((s) => s.notified === ROUNDS && s.last_errcount === ROUNDS));
    });
  },
);
