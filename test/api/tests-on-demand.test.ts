import assert from 'node:assert/strict';
import { createServer as createHttpServer } from 'node:http';
import { createServer, type Server } from 'node:net';
import { after, before, describe, it } from 'node:test';
import { createAccountWithAdmin } from '../../src/accounts/accounts.ts';
import { DIALECTS } from '../helpers/db.ts';
import { addUser, startTestServer, type TestServer } from '../helpers/server.ts';
import { addLocation, addMonitor, addResult, firstAccount } from './report-sitestatus.fixtures.ts';

const DT = /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}$/;

/** Every field of docs/compatibility.md §11 with its JSON type. */
function assertShape(body: Record<string, unknown>): void {
  assert.deepEqual(Object.keys(body).sort(), [
    'dt',
    'id',
    'info_msg',
    'link',
    'location_id',
    'monitor_id',
    'response_time',
    'status',
    'status_desc',
    'steps',
  ]);
  assert.equal(typeof body.id, 'string');
  assert.ok(body.monitor_id === null || Number.isInteger(body.monitor_id));
  assert.ok(Number.isInteger(body.location_id));
  assert.ok(Number.isInteger(body.status));
  assert.equal(typeof body.status_desc, 'string');
  assert.equal(typeof body.info_msg, 'string');
  assert.ok(body.response_time === null || typeof body.response_time === 'number');
  assert.match(String(body.dt), DT);
  assert.ok(Array.isArray(body.steps));
  assert.equal(body.link, `/api/v3/tests/${String(body.id)}`);
}

for (const dialect of DIALECTS) {
  describe(`GET /tests: test on demand (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    let accountId: number;
    let monitor: number;
    before(async () => {
      srv = await startTestServer({ dialect });
      token = await srv.login();
      accountId = await firstAccount(srv);
      await addLocation(srv, 20, 'Atlanta, GA');
      await addLocation(srv, 30, 'Fremont, CA');
      // A type no executor runs: the verdict is 98 whatever executors have landed.
      monitor = await addMonitor(srv, accountId, { type: 'serveragent', config: {}, locations: [10, 20] });
    });
    after(() => srv.close());
    const get = (path: string, t = token) => srv.request('GET', `/api/v3${path}`, { token: t });

    it('runs a monitor at its home location, stores the result and answers it; the link gives it again', async () => {
      const r = await get(`/tests?monitor_id=${monitor}`);
      assert.equal(r.status, 200, r.text);
      assertShape(r.json);
      assert.equal(r.json.monitor_id, monitor);
      assert.equal(r.json.location_id, 10);
      assert.equal(r.json.status, 98);
      assert.equal(r.json.status_desc, 'Monitor type not supported by this server');
      const again = await get(r.json.link.replace('/api/v3', ''));
      assert.equal(again.status, 200);
      assert.deepEqual(again.json, r.json);
      const stored = await srv.runtime.deps.db
        .selectFrom('check_results')
        .selectAll()
        .where('id', '=', Number(r.json.id))
        .executeTakeFirstOrThrow();
      assert.equal(stored.kind, 'test');
      assert.equal(stored.account_id, accountId);
      assert.equal(stored.target, 'serveragent Shop home page');
    });

    it('leaves the alert state alone: no monitor_status, no rollup', async () => {
      await get(`/tests?monitor_id=${monitor}`);
      const db = srv.runtime.deps.db;
      assert.equal((await db.selectFrom('monitor_status').selectAll().execute()).length, 0);
      assert.equal((await db.selectFrom('check_rollups').selectAll().execute()).length, 0);
    });

    it("runs at another of the monitor's locations; one it does not use is 400", async () => {
      const r = await get(`/tests?monitor_id=${monitor}&location_id=20`);
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.location_id, 20);
      const bad = await get(`/tests?monitor_id=${monitor}&location_id=30`);
      assert.equal(bad.status, 400);
      assert.deepEqual(bad.json.errors[0].fields, ['location_id']);
    });

    it('defaults to the home location when the monitor names one', async () => {
      const m = await addMonitor(srv, accountId, {
        type: 'serveragent',
        config: {},
        locations: [10, 20],
        homeLocation: 20,
      });
      const r = await get(`/tests?monitor_id=${m}`);
      assert.equal(r.json.location_id, 20);
    });

    it('refuses bad input with 400 and the fields at fault', async () => {
      const cases: [string, string[]][] = [
        ['/tests', ['monitor_id', 'url', 'hostname']],
        [`/tests?monitor_id=${monitor}&url=http://a.example/`, ['monitor_id', 'url']],
        ['/tests?url=http://a.example/&hostname=a.example', ['url', 'hostname']],
        ['/tests?monitor_id=abc', ['monitor_id']],
        ['/tests?url=ftp://a.example/', ['url']],
        ['/tests?url=not%20a%20url', ['url']],
        ['/tests?url=http://a.example/&test_type=bogus', ['test_type']],
        ['/tests?hostname=a.example&test_type=Fullpage', ['test_type']],
        ['/tests?url=http://a.example/&test_type=ping', ['test_type']],
        ['/tests?hostname=bad_host!', ['hostname']],
        ['/tests?url=http://a.example/&location_id=999', ['location_id']],
      ];
      for (const [path, fields] of cases) {
        const r = await get(path);
        assert.equal(r.status, 400, `${path}: ${r.text}`);
        assert.deepEqual(
          r.json.errors.flatMap((e: { fields: string[] }) => e.fields),
          fields,
          path,
        );
      }
    });

    it('tests an ad-hoc URL; a loopback URL is refused by the egress policy (status 20)', async () => {
      const r = await get('/tests?url=http://127.0.0.1:9/');
      assert.equal(r.status, 200, r.text);
      assertShape(r.json);
      assert.equal(r.json.monitor_id, null);
      assert.equal(r.json.location_id, 10);
      assert.equal(r.json.status, 20, r.json.info_msg);
      const stored = await srv.runtime.deps.db
        .selectFrom('check_results')
        .select(['monitor_id', 'target'])
        .where('id', '=', Number(r.json.id))
        .executeTakeFirstOrThrow();
      assert.deepEqual(stored, { monitor_id: null, target: 'website http://127.0.0.1:9/' });
      const ssl = await get('/tests?url=https://127.0.0.1:9/&location_id=20');
      assert.equal(ssl.json.location_id, 20);
    });

    it('pings a hostname (test_type=ping)', async () => {
      const r = await get('/tests?hostname=127.0.0.1&test_type=ping');
      assert.equal(r.status, 200, r.text);
      assertShape(r.json);
      assert.equal(r.json.monitor_id, null);
      assert.equal(r.json.status, 20, r.json.info_msg);
    });

    it('READONLY and REPORTONLY get 403 on GET /tests but may read a result', async () => {
      const made = await get(`/tests?monitor_id=${monitor}`);
      for (const role of ['READONLY', 'REPORTONLY']) {
        const user = await addUser(srv, token, role);
        const r = await get(`/tests?monitor_id=${monitor}`, user.token);
        assert.equal(r.status, 403, role);
        const read = await get(`/tests/${made.json.id}`, user.token);
        assert.equal(read.status, 200, role);
      }
      const power = await addUser(srv, token, 'POWER-USER');
      assert.equal((await get(`/tests?monitor_id=${monitor}`, power.token)).status, 200);
    });

    it("answers 404 for another account's monitor and results, and for ids that are not test results", async () => {
      await createAccountWithAdmin(srv.runtime.deps, {
        name: 'Other',
        parentId: null,
        adminEmail: 'other-tod@example.com',
        adminPassword: 'other admin secret 77',
      });
      const other = await srv.login('other-tod@example.com', 'other admin secret 77');
      const mine = await get(`/tests?monitor_id=${monitor}`);
      assert.equal((await get(`/tests?monitor_id=${monitor}`, other)).status, 404);
      assert.equal((await get(`/tests/${mine.json.id}`, other)).status, 404);
      const scheduled = await addResult(srv, {
        accountId,
        monitorId: monitor,
        at: srv.runtime.deps.clock.now(),
      });
      assert.equal((await get(`/tests/${scheduled}`)).status, 404);
      assert.equal((await get('/tests/99999999999')).status, 404);
      assert.equal((await get('/tests?monitor_id=99999999999')).status, 404);
    });
  });

  describe(`GET /tests against a real local target (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    let listener: Server;
    let port: number;
    before(async () => {
      srv = await startTestServer({ dialect, env: { SITEWATCH_EGRESS_ALLOW: '127.0.0.0/8,::1/128' } });
      token = await srv.login();
      listener = createServer((socket) => {
        // The check may hang up first: a reset is the client's business, not a test failure.
        socket.on('error', () => {});
        socket.end('220 hello\r\n');
      });
      await new Promise<void>((resolve) => listener.listen(0, '127.0.0.1', resolve));
      port = (listener.address() as { port: number }).port;
    });
    after(async () => {
      listener.close();
      await srv.close();
    });

    it('connects to a TCP listener on loopback when the egress policy allows it', async () => {
      const accountId = await firstAccount(srv);
      const m = await addMonitor(srv, accountId, { type: 'tcp', config: { hostname: '127.0.0.1', port } });
      const r = await srv.request('GET', `/api/v3/tests?monitor_id=${m}`, { token });
      assert.equal(r.status, 200, r.text);
      assertShape(r.json);
      assert.equal(r.json.status, 0, r.json.info_msg);
      assert.equal(typeof r.json.response_time, 'number');
    });

    it('tests an ad-hoc URL against a local HTTP server: 200 is OK, 503 is status 7', async () => {
      const web = createHttpServer((req, res) => {
        res.statusCode = req.url === '/down' ? 503 : 200;
        res.end('hello');
      });
      await new Promise<void>((resolve) => web.listen(0, '127.0.0.1', resolve));
      const base = `http://127.0.0.1:${(web.address() as { port: number }).port}`;
      try {
        const ok = await srv.request('GET', `/api/v3/tests?url=${encodeURIComponent(`${base}/`)}`, { token });
        assert.equal(ok.status, 200, ok.text);
        assert.equal(ok.json.status, 0, ok.json.info_msg);
        assert.equal(ok.json.status_desc, 'OK');
        assert.equal(typeof ok.json.response_time, 'number');
        const down = await srv.request('GET', `/api/v3/tests?url=${encodeURIComponent(`${base}/down`)}`, {
          token,
        });
        assert.equal(down.json.status, 7, down.json.info_msg);
        assert.match(down.json.info_msg, /503/);
        const again = await srv.request('GET', down.json.link, { token });
        assert.deepEqual(again.json, down.json);
      } finally {
        web.closeAllConnections();
        web.close();
      }
    });

    it('a closed port is a failed connection, not an error of the API', async () => {
      const closed = createServer();
      await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
      const gone = (closed.address() as { port: number }).port;
      await new Promise((resolve) => closed.close(resolve));
      const r = await srv.request('GET', `/api/v3/tests?url=http://127.0.0.1:${gone}/`, { token });
      assert.equal(r.status, 200, r.text);
      assert.equal(r.json.status, 1, r.json.info_msg);
    });
  });
}
