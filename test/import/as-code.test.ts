import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { Ajv } from 'ajv';
import { parse, stringify } from 'yaml';
import { MONITORS_SCHEMA } from '../../src/as-code/schema.ts';
import { DIALECTS } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import {
  api,
  byName,
  cli,
  localInstance,
  seedSource,
  snapshot,
  type LocalInstance,
  type Obj,
} from './helpers.ts';

const remote = (srv: TestServer) => [
  '--url',
  `${srv.url}/api/v3`,
  '--username',
  'admin@example.com',
  '--password',
  'first admin secret 1',
];

for (const dialect of DIALECTS)
  describe(`sitewatch export and apply (monitors as code, local ${dialect})`, () => {
    let source: TestServer;
    let sourceToken: string;
    let local: LocalInstance;
    let dir: string;
    let exported: string;
    before(async () => {
      source = await startTestServer();
      sourceToken = await source.login();
      const seeded = await seedSource(source, sourceToken);
      // The target instance has no location 77: leave that monitor out of the round trip.
      await api(source, sourceToken)('DELETE', `/monitors/${seeded.unmappedMonitor}`);
      local = await localInstance(dialect);
      dir = local.env.SITEWATCH_DATA_DIR!;
    });
    after(async () => {
      await source.close();
      await local.drop();
    });

    it('exports a readable, schema-valid document without secrets', async () => {
      const r = await cli(['export', ...remote(source)], {});
      assert.equal(r.code, 0, r.stderr);
      exported = r.stdout;
      assert.match(exported, /^# sitewatch monitors as code/);
      assert.match(exported, /docs\/monitors\.schema\.json/);
      assert.doesNotMatch(exported, /probe secret/);
      assert.doesNotMatch(exported, /password: p\b/);
      const doc = parse(exported) as Obj;
      const validate = new Ajv({ strict: false }).compile(MONITORS_SCHEMA);
      assert.ok(validate(parse(exported)), JSON.stringify(validate.errors));
      const published = JSON.parse(
        readFileSync(join(import.meta.dirname, '..', '..', 'docs', 'monitors.schema.json'), 'utf8'),
      );
      assert.deepEqual(published, JSON.parse(JSON.stringify(MONITORS_SCHEMA)), 'run npm run gen:client');
      assert.deepEqual(doc.groups[0].monitors, ['Home', 'Port 80']);
      assert.equal(doc.slas[0].monitor, 'Home');
      assert.deepEqual(doc.monitors.find((m: Obj) => m.name === 'Home').custom_properties, { Team: 'Web' });
      // Stable: a second export is byte-identical.
      assert.equal((await cli(['export', ...remote(source)], {})).stdout, exported);
    });

    it('apply reproduces the account on another instance; a second apply changes nothing', async () => {
      const file = join(dir, 'monitors.yaml');
      writeFileSync(file, exported);
      const dry = await cli(['apply', file, '--dry-run'], local.env);
      assert.equal(dry.code, 0, dry.stderr);
      assert.match(dry.stdout, /^\+ monitor "Home"$/m);
      const first = await cli(['apply', file], local.env);
      assert.equal(first.code, 0, first.stderr);
      assert.match(first.stdout, /applied: \d+ created, 0 changed, 0 deleted/);
      const target = await local.serve();
      try {
        const token = await target.login(local.email, local.password);
        const want = await snapshot(source, sourceToken);
        const got = await snapshot(target, token);
        for (const kind of Object.keys(want) as (keyof typeof want)[])
          assert.deepEqual(got[kind], want[kind], kind);
      } finally {
        await target.close({ keepData: true });
      }
      const again = await cli(['apply', file], local.env);
      assert.equal(again.code, 0, again.stderr);
      assert.equal(again.stdout.trim(), '0 to create, 0 to change, 0 to delete');
    });

    it('refuses a file with an error as a whole, naming the line and field', async () => {
      const doc = parse(exported) as Obj;
      doc.monitors.push({ name: 'New one', type: 'ping', hostname: '192.0.2.99', locations: [10] });
      doc.monitors.find((m: Obj) => m.name === 'Port 80').timeout = 99999;
      const file = join(dir, 'bad.yaml');
      const text = stringify(doc, { lineWidth: 0 });
      writeFileSync(file, text);
      const r = await cli(['apply', file], local.env);
      assert.equal(r.code, 1);
      const line = text.split('\n').findIndex((l) => l.includes('timeout: 99999')) + 1;
      assert.match(
        r.stderr,
        new RegExp(
          `^${file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:${line}: monitors\\[\\d+\\]\\.timeout: change monitor "Port 80": `,
          'm',
        ),
      );
      // Nothing was written: the valid new monitor was rolled back with the bad change.
      const target = await local.serve();
      try {
        const token = await target.login(local.email, local.password);
        const monitors = byName((await api(target, token)('GET', '/monitors')).results);
        assert.ok(!monitors.has('New one'));
        assert.notEqual(monitors.get('Port 80')!.timeout, 99999);
      } finally {
        await target.close({ keepData: true });
      }
      // Schema errors are found before anything is read, with their line too.
      writeFileSync(file, 'monitors:\n  - name: X\n    type: ping\n    interval: often\n');
      const schema = await cli(['apply', file], local.env);
      assert.equal(schema.code, 1);
      assert.match(schema.stderr, /bad\.yaml:4: monitors\[0\]\.interval: must be integer/);
    });

    it('--prune deletes only what the file no longer lists; a change costs one write', async () => {
      const doc = parse(exported) as Obj;
      doc.recipients = doc.recipients.filter((r: Obj) => r.name !== 'NMS');
      doc.monitors.find((m: Obj) => m.name === 'Port 80').interval = 60;
      const file = join(dir, 'pruned.yaml');
      writeFileSync(file, stringify(doc, { lineWidth: 0 }));
      const r = await cli(['apply', file, '--prune'], local.env);
      assert.equal(r.code, 0, r.stderr);
      assert.match(r.stdout, /^- recipient "NMS"$/m);
      assert.match(r.stdout, /^~ monitor "Port 80"\n {4}interval: 5 → 60$/m);
      assert.match(r.stdout, /applied: 0 created, 1 changed, 1 deleted/);
      const target = await local.serve();
      try {
        const token = await target.login(local.email, local.password);
        const call = api(target, token);
        const recipients = byName((await call('GET', '/recipients')).results);
        assert.deepEqual([...recipients.keys()].sort(), ['Hook', 'On call', 'Ops mail']);
        assert.equal(byName((await call('GET', '/monitors')).results).get('Port 80')!.interval, 60);
      } finally {
        await target.close({ keepData: true });
      }
    });
  });
