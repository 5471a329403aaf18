import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccountWithAdmin } from '../../src/accounts/accounts.ts';
import type { Principal } from '../../src/api/plugins/auth.ts';
import { siteStatusReport } from '../../src/reports/site-status.ts';
import { DIALECTS } from '../helpers/db.ts';
import { countStatements } from '../helpers/statements.ts';
import { addUser, startTestServer, type TestServer } from '../helpers/server.ts';
import { addLocation, addMonitor, firstAccount, setStatus } from './report-sitestatus.fixtures.ts';

const AT = Date.UTC(2026, 10, 28, 8, 30, 15);
const FIELDS = [
  'customer_id',
  'device_name',
  'device_typ',
  'dt_last_status',
  'info_msg',
  'last_status',
  'last_status_desc',
  'location_name',
  'monitor',
  'monitor_interval',
  'obj_device',
  'obj_location',
  'resptime_last',
];

for (const dialect of DIALECTS) {
  describe(`GET /report-sitestatus (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    let me: number;
    let web: number; // two locations: OK at 10, error at 20
    let tcp: number; // disabled, internal error at 10
    let fresh: number; // never ran
    let subMonitor: number;
    let sub: number;
    let group: string;
    const report = async (query = '', t = token) => {
      const r = await srv.request('GET', `/api/v3/report-sitestatus${query}`, { token: t });
      return r;
    };
    const devices = (r: { json: { results: { obj_device: string; obj_location: string | null }[] } }) =>
      r.json.results.map((x) => `${x.obj_device}@${x.obj_location}`);

    // Recipient groups straight in the database: these tests are about the report.
    async function addGroup(name: string, monitorIds: number[]): Promise<string> {
      const { db, clock } = srv.runtime.deps;
      const g = await db
        .insertInto('notifier_groups')
        .values({ account_id: me, name, is_default: 0, created_at: clock.now() })
        .returning('id')
        .executeTakeFirstOrThrow();
      await db
        .insertInto('notifier_group_monitors')
        .values(
          monitorIds.flatMap((monitor_id) =>
            [0, 1].map((step_number) => ({ group_id: g.id, monitor_id, step_number })),
          ),
        )
        .execute();
      return String(g.id);
    }

    before(async () => {
      srv = await startTestServer({ dialect });
      token = await srv.login();
      me = await firstAccount(srv);
      await addLocation(srv, 20, 'Atlanta, GA');
      web = await addMonitor(srv, me, { name: 'Shop', locations: [10, 20], interval: 10 });
      tcp = await addMonitor(srv, me, {
        name: 'DB port',
        type: 'tcp',
        enabled: false,
        config: { hostname: 'db', port: 5432 },
      });
      fresh = await addMonitor(srv, me, { name: 'New' });
      await setStatus(srv, { accountId: me, monitorId: web, locationId: 10, status: 0, at: AT, ms: 412 });
      await setStatus(srv, {
        accountId: me,
        monitorId: web,
        locationId: 20,
        status: 7,
        at: AT - 60_000,
        ms: 1234,
      });
      await setStatus(srv, {
        accountId: me,
        monitorId: tcp,
        locationId: 10,
        status: 21,
        at: AT,
        ms: null,
        info: 'agent failed',
      });
      const made = await createAccountWithAdmin(srv.runtime.deps, {
        name: 'Branch',
        parentId: me,
        adminEmail: 'branch@example.com',
        adminPassword: 'branch admin secret 5',
      });
      sub = made.account.id;
      subMonitor = await addMonitor(srv, sub, { name: 'Branch site' });
      await setStatus(srv, { accountId: sub, monitorId: subMonitor, status: 0, at: AT });
      group = await addGroup('Web team', [web, fresh]);
    });
    after(() => srv.close());

    it('answers one row per monitor and location, every field a string (or null) as listed', async () => {
      const r = await report();
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(r.json.metadata, {
        __permissions: { acl: 7 },
        resultset: { count: 4, limit: null, offset: null },
      });
      assert.deepEqual(devices(r), [`${web}@10`, `${web}@20`, `${tcp}@10`, `${fresh}@10`]);
      for (const row of r.json.results) {
        assert.deepEqual(Object.keys(row).sort(), FIELDS);
        for (const [k, v] of Object.entries(row))
          assert.ok(v === null || typeof v === 'string', `${k}: ${typeof v}`);
      }
      assert.deepEqual(r.json.results[0], {
        obj_device: String(web),
        device_name: 'Shop',
        device_typ: 'website',
        monitor: 'y',
        monitor_interval: '10',
        last_status: '0',
        last_status_desc: 'OK',
        dt_last_status: '2026-11-28 08:30:15',
        resptime_last: '0.412',
        info_msg: 'HTTP 200 OK',
        obj_location: '10',
        location_name: 'Local',
        customer_id: String(me),
      });
      assert.equal(r.json.results[1].last_status, '7');
      assert.equal(r.json.results[1].resptime_last, '1.234');
      assert.equal(r.json.results[1].dt_last_status, '2026-11-28 08:29:15');
      const internal = r.json.results[2];
      assert.deepEqual(
        [internal.monitor, internal.last_status, internal.resptime_last, internal.info_msg],
        ['n', '21', null, 'agent failed'],
      );
    });

    it('shows a monitor that never ran with null status fields', async () => {
      const row = (await report(`?monitors=${fresh}`)).json.results[0];
      assert.deepEqual(
        [row.last_status, row.last_status_desc, row.dt_last_status, row.resptime_last, row.info_msg],
        [null, null, null, null, null],
      );
      assert.equal(row.obj_location, '10');
    });

    it('summarize: one row per monitor, the worst location (the latest among equals)', async () => {
      const r = await report('?summarize=true');
      assert.deepEqual(devices(r), [`${web}@20`, `${tcp}@10`, `${fresh}@10`]);
      assert.equal(r.json.results[0].last_status, '7');
      const one = await report(`?summarize=1&monitors=${web}`);
      assert.equal(one.json.results.length, 1);
      // Two OK locations: the latest wins.
      const twin = await addMonitor(srv, me, { name: 'Twin', locations: [10, 20] });
      await setStatus(srv, { accountId: me, monitorId: twin, locationId: 10, status: 0, at: AT - 5000 });
      await setStatus(srv, { accountId: me, monitorId: twin, locationId: 20, status: 0, at: AT });
      assert.deepEqual(devices(await report(`?summarize=true&monitors=${twin}`)), [`${twin}@20`]);
      await srv.runtime.deps.db.deleteFrom('monitors').where('id', '=', twin).execute();
    });

    it('monitors: an id or a list; an id of another account or unknown is 404; junk is 400', async () => {
      assert.deepEqual(devices(await report(`?monitors=${tcp}`)), [`${tcp}@10`]);
      assert.deepEqual(devices(await report(`?monitors=${fresh},${tcp}`)), [`${tcp}@10`, `${fresh}@10`]);
      assert.equal((await report(`?monitors=${subMonitor}`)).status, 404);
      assert.equal((await report('?monitors=99999999999')).status, 404);
      const bad = await report('?monitors=1,x');
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.json.errors[0].fields, ['monitors']);
    });

    it('monitor_groups: only monitors inside the groups, once per group; with monitors, narrowed', async () => {
      const g2 = { json: { id: await addGroup('Ops', [web]) } };
      assert.deepEqual(devices(await report(`?monitor_groups=${group}&summarize=true`)), [
        `${web}@20`,
        `${fresh}@10`,
      ]);
      assert.deepEqual(devices(await report(`?monitor_groups=${group},${g2.json.id}&summarize=true`)), [
        `${web}@20`,
        `${fresh}@10`,
        `${web}@20`,
      ]);
      assert.deepEqual(devices(await report(`?monitor_groups=${group}&monitors=${fresh},${tcp}`)), [
        `${fresh}@10`,
      ]);
      assert.equal((await report('?monitor_groups=99999')).status, 404);
    });

    it("showsubaccounts / sub_accounts: the caller's sub-accounts only", async () => {
      assert.ok(!devices(await report()).includes(`${subMonitor}@10`));
      const all = await report('?showsubaccounts=true&summarize=true');
      assert.deepEqual(devices(all), [`${web}@20`, `${tcp}@10`, `${fresh}@10`, `${subMonitor}@10`]);
      assert.equal(all.json.results[3].customer_id, String(sub));
      assert.deepEqual(devices(await report(`?showsubaccounts=1&sub_accounts=${sub}`)), [`${subMonitor}@10`]);
      // The sub-account sees its own monitors only; its parent is not its sub-account.
      const branch = await srv.login('branch@example.com', 'branch admin secret 5');
      assert.deepEqual(devices(await report('?showsubaccounts=true', branch)), [`${subMonitor}@10`]);
      assert.equal((await report(`?showsubaccounts=true&sub_accounts=${me}`, branch)).status, 404);
      assert.equal((await report('?sub_accounts=x')).status, 400);
    });

    it('enabledonly, showrecs (err includes internal codes) and type', async () => {
      assert.deepEqual(devices(await report('?enabledonly=true')), [`${web}@10`, `${web}@20`, `${fresh}@10`]);
      assert.deepEqual(devices(await report('?showrecs=ok')), [`${web}@10`]);
      assert.deepEqual(devices(await report('?showrecs=err')), [`${web}@20`, `${tcp}@10`]);
      assert.deepEqual(devices(await report('?type=tcp')), [`${tcp}@10`]);
      assert.deepEqual(devices(await report('?type=tcp,website&enabledonly=0&summarize=true')).length, 3);
      for (const q of ['?type=website,nonsense', '?showrecs=all', '?summarize=maybe']) {
        const r = await report(q);
        assert.equal(r.status, 400, q);
        assert.deepEqual(r.json.errors[0].fields, [q.slice(1).split('=')[0]], q);
      }
    });

    it('every role may read it; another account sees none of these monitors; 401 without a token', async () => {
      for (const role of ['READONLY', 'REPORTONLY']) {
        const user = await addUser(srv, token, role);
        const r = await report('', user.token);
        assert.equal(r.status, 200, role);
        assert.equal(r.json.metadata.__permissions.acl, 1);
      }
      await createAccountWithAdmin(srv.runtime.deps, {
        name: 'Stranger',
        parentId: null,
        adminEmail: 'stranger@example.com',
        adminPassword: 'stranger secret 88',
      });
      const stranger = await srv.login('stranger@example.com', 'stranger secret 88');
      assert.deepEqual((await report('?showsubaccounts=true', stranger)).json.results, []);
      assert.equal((await report(`?sub_accounts=${sub}`, stranger)).status, 404);
      assert.equal((await srv.request('GET', '/api/v3/report-sitestatus')).status, 401);
    });

    it('runs a fixed number of queries whatever the monitor count', async () => {
      const statements = countStatements(srv.runtime.deps.db);
      const run = siteStatusReport(srv.runtime.deps);
      const p: Principal = {
        userId: 1,
        userGuid: '',
        accountId: me,
        role: 'ADMIN',
        email: '',
        tokenDigest: '',
      };
      const count = async (q: object) => {
        statements.reset();
        await run(p, q);
        return statements.n;
      };
      const before = [
        await count({}),
        await count({ showsubaccounts: 'true' }),
        await count({ monitor_groups: group }),
      ];
      for (let i = 0; i < 25; i++) {
        const m = await addMonitor(srv, me, { name: `Bulk ${i}`, locations: [10, 20] });
        await setStatus(srv, { accountId: me, monitorId: m, status: i % 3, at: AT });
      }
      const afterAdd = [
        await count({}),
        await count({ showsubaccounts: 'true' }),
        await count({ monitor_groups: group }),
      ];
      assert.deepEqual(afterAdd, before);
      assert.deepEqual(before, [1, 2, 2]);
    });
  });
}
