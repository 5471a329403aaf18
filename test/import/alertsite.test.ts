import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import {
  api,
  snapshot,
  byName,
  type Obj,
  cli,
  faultProxy,
  localInstance,
  seedSource,
  type FaultProxy,
  type LocalInstance,
  type Seeded,
} from './helpers.ts';

const importArgs = (url: string, extra: string[] = []) => [
  'import',
  'alertsite',
  '--url',
  `${url}/api/v3`,
  '--username',
  'admin@example.com',
  '--password',
  'first admin secret 1',
  '--json',
  ...extra,
];

const counts = (report: Obj, kind?: string) => {
  const out: Record<string, number> = {};
  for (const i of report.items) if (!kind || i.kind === kind) out[i.outcome] = (out[i.outcome] ?? 0) + 1;
  return out;
};

for (const dialect of DIALECTS) {
  describe(`sitewatch import alertsite (${dialect})`, () => {
    let source: TestServer;
    let sourceToken: string;
    let seeded: Seeded;
    let local: LocalInstance;
    let proxy: FaultProxy;
    before(async () => {
      source = await startTestServer({ dialect });
      sourceToken = await source.login();
      seeded = await seedSource(source, sourceToken);
      local = await localInstance(dialect);
      // Every run goes through the proxy: import_sources keys rows by the source's URL.
      proxy = await faultProxy(source.url);
    });
    after(async () => {
      await proxy.close();
      await source.close();
      await local.drop();
    });

    it('copies the account through a faulty source, then a second run changes nothing', async () => {
      const first = await cli(importArgs(proxy.url), local.env);
      assert.equal(first.code, 0, first.stderr + first.stdout);
      // Each fault fired and was survived: 500 and 429 retried, the revoked token renewed.
      assert.deepEqual([proxy.hits.error500, proxy.hits.throttled, proxy.hits.revoked], [1, 1, 1]);
      assert.match(first.stderr, /source answered 500 .*retrying/);
      assert.match(first.stderr, /source answered 429 .*retrying in 1000 ms/);
      const report = JSON.parse(first.stdout);
      assert.equal(counts(report).failed, undefined, first.stdout);
      assert.deepEqual(counts(report, 'monitor'), {
        created: Object.keys(seeded.monitors).length,
        skipped: 1,
      });
      // The monitor on location 77 is reported with the location; its passwords are listed to re-enter.
      assert.deepEqual(report.unmapped, [
        { monitor: 'Far ping (ping)', sourceId: String(seeded.unmappedMonitor), locations: [77] },
      ]);
      assert.ok(
        report.reenter.some(
          (r: Obj) => r.kind === 'monitor' && r.fields.includes('http_basic_auth_password'),
        ),
      );
      assert.ok(report.reenter.some((r: Obj) => r.kind === 'recipient' && r.name.startsWith('Hook')));

      const target = await local.serve();
      try {
        const token = await target.login(local.email, local.password);
        const want = await snapshot(source, sourceToken);
        want.monitors = want.monitors.filter((m) => m.name !== 'Far ping');
        const got = await snapshot(target, token);
        for (const kind of Object.keys(want) as (keyof typeof want)[])
          assert.deepEqual(got[kind], want[kind], kind);
      } finally {
        await target.close({ keepData: true });
      }

      const second = await cli(importArgs(proxy.url), local.env);
      assert.equal(second.code, 0, second.stderr);
      const again = JSON.parse(second.stdout);
      assert.deepEqual(counts(again), { unchanged: report.items.length - 1, skipped: 1 });
    });

    // The later runs exercise the import logic, not the database: once is enough (SQLite).
    if (dialect !== 'sqlite') return;

    it('updates a changed source monitor, maps a location by file, reports deletions without deleting', async () => {
      const call = api(source, sourceToken);
      await call('PATCH', `/monitors/tcp/${seeded.monitors.tcp}`, { port: 8443, interval: 30 });
      await call('DELETE', `/monitors/${seeded.monitors.ping}`);
      const mapFile = join(local.env.SITEWATCH_DATA_DIR!, 'locations.json');
      writeFileSync(mapFile, JSON.stringify({ 77: 10 }));
      const dry = await cli(importArgs(proxy.url, ['--dry-run', '--location-map', mapFile]), local.env);
      assert.equal(dry.code, 0, dry.stderr);
      const planned = JSON.parse(dry.stdout);
      assert.deepEqual(counts(planned, 'monitor'), {
        unchanged: Object.keys(seeded.monitors).length - 2,
        updated: 1,
        created: 1,
      });

      const run = await cli(importArgs(proxy.url, ['--location-map', mapFile]), local.env);
      assert.equal(run.code, 0, run.stderr);
      const report = JSON.parse(run.stdout);
      const tcp = report.items.find(
        (i: Obj) => i.kind === 'monitor' && i.sourceId === String(seeded.monitors.tcp),
      );
      assert.equal(tcp.outcome, 'updated');
      assert.equal(
        report.items.find((i: Obj) => i.sourceId === String(seeded.unmappedMonitor)).outcome,
        'created',
      );
      assert.deepEqual(
        report.deletedAtSource.map((d: Obj) => [d.kind, d.sourceId]),
        [['monitor', String(seeded.monitors.ping)]],
      );
      // Only the tcp monitor (and the newly mapped one) were written.
      assert.deepEqual(counts(report, 'monitor'), {
        unchanged: Object.keys(seeded.monitors).length - 2,
        updated: 1,
        created: 1,
      });

      const target = await local.serve();
      try {
        const token = await target.login(local.email, local.password);
        const monitors = byName((await api(target, token)('GET', '/monitors')).results);
        assert.equal(monitors.get('Port 80')!.port, 8443);
        assert.equal(monitors.get('Port 80')!.interval, 30);
        assert.equal(monitors.get('Far ping')!.locations[0].id, 10);
        assert.ok(monitors.has('Ping'), 'a monitor deleted at the source is kept locally');
      } finally {
        await target.close({ keepData: true });
      }
    });

    it('prints a summary table and fails with exit status 1 on bad source credentials', async () => {
      const table = await cli(
        importArgs(proxy.url).filter((a) => a !== '--json'),
        local.env,
      );
      assert.equal(table.code, 0, table.stderr);
      assert.match(table.stdout, /^kind +created +updated +unchanged +skipped +failed$/m);
      assert.match(table.stdout, /^monitor +0 +0 +\d+ +1 +0$/m);
      const bad = await cli([...importArgs(proxy.url).slice(0, 7), 'wrong password'], local.env);
      assert.equal(bad.code, 1);
      assert.match(bad.stderr, /login to .* failed: 400/);
    });
  });
}
