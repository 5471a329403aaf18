import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { createServer, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import pino from 'pino';
import { bootstrapFirstAccount } from '../../src/accounts/accounts.ts';
import type { Principal } from '../../src/domain/principal.ts';
import { createRuntime, type Runtime } from '../../src/main.ts';
import { monitorService } from '../../src/monitors/service.ts';
import { notifierGroupService } from '../../src/recipients/notifier-groups.ts';
import { recipientService } from '../../src/recipients/recipients.ts';
import { DIALECTS, dropSchema, isolatedSettings } from '../helpers/db.ts';
import { listenOnPortZero, type Listening } from '../helpers/listen.ts';
import { startHttpReceiver, type HttpReceiver } from '../channels/receivers.ts';

// Exactly-once under kill -9, with real processes: the engine commits the outbox row with the
// result; a process killed before delivering leaves it for the next one; a delivery that
// succeeded is never repeated; one killed during delivery is repeated under the same
// X-Sitewatch-Delivery id, so the receiver processes it once.

const CHILD = join(import.meta.dirname, 'crash-child.ts');
const ENV = {
  SITEWATCH_LOCATIONS: JSON.stringify([{ id: 10, name: 'Local' }]),
  SITEWATCH_EGRESS_ALLOW: '127.0.0.0/8,::1/128',
  SITEWATCH_ENGINE_POLL_MS: '20',
  SITEWATCH_ENGINE_FLUSH_MS: '5',
  SITEWATCH_OUTBOX_POLL_MS: '50',
  SITEWATCH_OUTBOX_ATTEMPT_TIMEOUT_SECONDS: '1',
  SITEWATCH_OUTBOX_BACKOFF_BASE_MS: '100',
};

async function until<T>(what: string, probe: () => Promise<T | undefined | false>, ms = 20_000): Promise<T> {
  const end = Date.now() + ms;
  for (;;) {
    const v = await probe();
    if (v) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 25));
  }
}

for (const dialect of DIALECTS) {
  describe(`exactly-once delivery across kill -9 (${dialect})`, () => {
    const settings = isolatedSettings(dialect, ENV);
    let rt: Runtime;
    let target: Listening;
    let plain: HttpReceiver;
    let holding: HttpReceiver;
    const held: ServerResponse[] = [];
    const children = new Set<ChildProcess>();
    let childEnv: Record<string, string>;

    before(async () => {
      target = await listenOnPortZero(createServer((_q, res) => res.writeHead(503).end('down')));
      plain = await startHttpReceiver();
      // The first request is never answered (the sender dies holding it); later ones are.
      holding = await startHttpReceiver((_r, res) => {
        if (holding.received.length === 1) held.push(res);
        else res.end('ok');
      });
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
      const id = await monitorService(rt.deps).create(admin, 'website', {
        name: 'crashy',
        url: `http://127.0.0.1:${target.port}/`,
        interval: 60,
        mode: 'Global Notify',
        retry_on_failure: false,
        locations: [{ id: 10 }],
      });
      const recipients = recipientService(rt.deps);
      const a = await recipients.create(admin, { name: 'plain', method_id: 16, recipient: `${plain.url}/a` });
      const b = await recipients.create(admin, {
        name: 'holding',
        method_id: 16,
        recipient: `${holding.url}/b`,
      });
      await notifierGroupService(rt.deps).create(admin, {
        name: 'g',
        monitors: [{ id }],
        recipients: [{ id: a }, { id: b }],
      });
      // Due now rather than somewhere in the next hour.
      await rt.deps.db.updateTable('check_schedules').set({ next_run_at: Date.now() }).execute();
      childEnv = {
        PATH: process.env.PATH ?? '',
        LOG_LEVEL: 'silent',
        SITEWATCH_DATA_DIR: settings.dataDir,
        ...ENV,
        ...(settings.databaseUrl
          ? { DATABASE_URL: settings.databaseUrl, SITEWATCH_DB_SCHEMA: settings.databaseSchema }
          : {}),
      };
    });
    after(async () => {
      for (const c of children) c.kill('SIGKILL');
      for (const r of held) r.destroy();
      await plain.close();
      await holding.close();
      await target.close();
      await rt.close();
      await dropSchema(settings);
    });

    async function start(mode: 'engine' | 'all'): Promise<ChildProcess> {
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, mode], {
        env: childEnv,
        stdio: ['ignore', 'pipe', 'pipe'],
      });
      children.add(child);
      let err = '';
      child.stderr!.on('data', (c) => (err += c));
      await new Promise<void>((resolve, reject) => {
        child.stdout!.on('data', (c) => String(c).includes('ready') && resolve());
        child.on('exit', (code) => reject(new Error(`child exited ${code}: ${err}`)));
      });
      return child;
    }
    async function kill9(child: ChildProcess) {
      const gone = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await gone;
      children.delete(child);
    }
    const rows = () => rt.deps.db.selectFrom('alert_outbox').selectAll().orderBy('id').execute();

    it('delivers each alert exactly once through two kills', async () => {
      // 1. The engine commits the result and both outbox rows, then dies before any delivery.
      let child = await start('engine');
      await until('the outbox rows', async () => (await rows()).length === 2);
      await kill9(child);
      assert.equal(plain.received.length + holding.received.length, 0, 'nothing delivered yet');
      assert.deepEqual(
        (await rows()).map((r) => r.state),
        ['pending', 'pending'],
      );

      // 2. A new process delivers them; it is killed while the second receiver holds its request.
      child = await start('all');
      await until('the plain delivery to settle', async () => (await rows())[0]!.state === 'sent');
      await until('the held request', async () => holding.received.length === 1);
      await kill9(child);

      // 3. The next process repeats only the unfinished delivery, once its lease has run out.
      child = await start('all');
      await until('the held delivery to settle', async () => (await rows())[1]!.state === 'sent');
      await new Promise((r) => setTimeout(r, 2500)); // longer than a lease: nothing more may come
      await kill9(child);

      assert.equal(plain.received.length, 1, 'the delivery that succeeded was never sent again');
      const ids = new Set(holding.received.map((r) => r.headers['x-sitewatch-delivery']));
      assert.equal(holding.received.length, 2, 'the interrupted delivery was repeated once');
      assert.equal(ids.size, 1, 'under the same delivery id: the receiver processes it once');
      const [a, b] = await rows();
      assert.equal(b!.delivery_id, [...ids][0]);
      const attempts = await rt.deps.db.selectFrom('alert_attempts').selectAll().orderBy('id').execute();
      assert.deepEqual(
        attempts.map((x) => [x.outbox_id, x.outcome]),
        [
          [a!.id, 'sent'],
          [b!.id, 'sent'],
        ],
      );
      const results = await rt.deps.db.selectFrom('check_results').select('id').execute();
      assert.equal(results.length, 1, 'one result: the killed engine had committed it with its alerts');
    });
  });
}
