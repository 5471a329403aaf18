import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { after, before, describe, it } from 'node:test';
import { buildApp } from '../../src/api/app.ts';
import { purgeRetention } from '../../src/engine/maintenance.ts';
import { DIALECTS } from '../helpers/db.ts';
import { startHttpReceiver, type HttpReceiver } from '../channels/receivers.ts';
import { website } from '../engine/helpers.ts';
import { alertWorld, FAIL, MINUTE, type AlertWorld } from './helpers.ts';

const BIN = join(import.meta.dirname, '..', '..', 'bin', 'sitewatch.js');
const DAY = 86_400_000;

for (const dialect of DIALECTS) {
  describe(`outbox depth and retention (${dialect})`, () => {
    let w: AlertWorld;
    let ok: HttpReceiver;
    let broken: HttpReceiver;
    before(async () => {
      w = await alertWorld(dialect);
      ok = await startHttpReceiver();
      broken = await startHttpReceiver((_r, res) => res.writeHead(503).end());
    });
    after(async () => {
      await ok.close();
      await broken.close();
      await w.close();
    });

    it('shows pending depth and age in /readyz and `sitewatch outbox`, and purges settled alerts with the results', async () => {
      w.plans.set('m', () => FAIL);
      const id = await website(w, { name: 'm', mode: 'Global Notify', retry_on_failure: false });
      const good = await w.recipients.create(w.admin, {
        name: 'ok',
        method_id: 16,
        recipient: `${ok.url}/`,
        stop_threshold: 1,
      });
      const bad = await w.recipients.create(w.admin, {
        name: 'bad',
        method_id: 16,
        recipient: `${broken.url}/`,
        stop_threshold: 1,
      });
      await w.groups.create(w.admin, {
        name: 'g',
        monitors: [{ id }],
        recipients: [{ id: good }, { id: bad }],
      });
      await w.tick();
      await w.deliver({ backoffBaseMs: 10 * MINUTE });
      w.clock.advance(90_000);

      const app = await buildApp(w.deps);
      try {
        const r = await app.inject({ method: 'GET', url: '/readyz' });
        assert.equal(r.statusCode, 200);
        assert.deepEqual(r.json(), { status: 'ok', outbox: { pending: 1, oldest_pending_age_seconds: 90 } });
      } finally {
        await app.close();
      }

      const s = w.deps.settings;
      const env: Record<string, string> = {
        PATH: process.env.PATH ?? '',
        LOG_LEVEL: 'silent',
        SITEWATCH_DATA_DIR: s.dataDir,
        SITEWATCH_LOCATIONS: JSON.stringify(s.locations),
        ...(s.databaseUrl ? { DATABASE_URL: s.databaseUrl, SITEWATCH_DB_SCHEMA: s.databaseSchema } : {}),
      };
      const { stdout } = await promisify(execFile)(process.execPath, [BIN, 'outbox'], { env });
      const cli = JSON.parse(stdout);
      assert.equal(cli.pending, 1);
      assert.equal(cli.sent, 1);
      assert.equal(cli.failed, 0);
      assert.equal(typeof cli.oldest_pending_age_seconds, 'number');

      // Past the results' retention: the delivered alert and its attempt go, the pending one stays.
      w.clock.advance((s.engine.resultRetentionDays + 1) * DAY);
      const purged = await purgeRetention(w.deps);
      assert.equal(purged.alerts, 1);
      const left = await w.outbox();
      assert.deepEqual(
        left.map((x) => [x.recipient_id, x.state]),
        [[bad, 'pending']],
      );
      const attempts = await w.deps.db.selectFrom('alert_attempts').select(['outbox_id']).execute();
      assert.deepEqual(
        attempts.map((a) => a.outbox_id),
        [left[0]!.id],
      );
    });
  });
}
