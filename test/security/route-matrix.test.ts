import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { createAccountWithAdmin } from '../../src/accounts/accounts.ts';
import { DIALECTS } from '../helpers/db.ts';
import { addUser, startTestServer, type TestServer } from '../helpers/server.ts';

// The route table drives this test: every operation the server documents in its OpenAPI spec is
// checked, so a new route cannot escape tenant isolation or the role rules.

const FORBIDDEN =
  '{"errors":[{"code":403,"message":"forbidden - Your role does not allow this operation."}]}';
const NOT_FOUND = '{"errors":[{"code":404,"message":"Record not found"}]}';
// /metrics is outside the API's tokens by design (README "Running in production"): open, or behind
// SITEWATCH_METRICS_TOKEN (test/scale/cluster.test.ts covers the token).
const PUBLIC = new Set([
  'GET /healthz',
  'GET /readyz',
  'POST /api/v3/access-tokens',
  'POST /api/token',
  'GET /metrics',
  // Public status pages show what an ADMIN published, to anyone (docs/compatibility.md §16).
  'GET /status/{slug}/data',
]);
// Any role may log itself out.
const ANY_ROLE = new Set(['DELETE /api/v3/access-tokens']);
// A body every PATCH/POST-by-id accepts (unknown fields are dropped), so the answer is about the id.
const BODY = { name: 'Matrix', note: 'matrix', first_name: 'Matrix' };

type Fixtures = Record<string, string | number>;

/** Which fixture fills the {id} of a path; a path with no entry fails the test. */
const ID_OF: [RegExp, string][] = [
  [/^\/api\/v3\/users\//, 'user'],
  [/^\/api\/v3\/monitors\//, 'monitor'],
  [/^\/api\/v3\/locations\//, 'location'],
  [/^\/api\/v3\/blackouts\//, 'blackout'],
  [/^\/api\/v3\/recipients\//, 'recipient'],
  [/^\/api\/v3\/notifier-groups\//, 'group'],
  [/^\/api\/v3\/slas\//, 'sla'],
  [/^\/api\/v3\/properties\//, 'property'],
  [/^\/api\/v3\/tests\//, 'test'],
  [/^\/api\/v3\/status-pages\//, 'statusPage'],
];

function fill(path: string, f: Fixtures): string {
  if (!path.includes('{id}')) return path;
  const entry = ID_OF.find(([re]) => re.test(path));
  assert.ok(entry, `no fixture for ${path}: add one to the security matrix`);
  return path.replace('{id}', String(f[entry[1]])).replace('{alert_id}', String(f.performanceAlert));
}

async function fixtures(srv: TestServer, token: string, accountId: number): Promise<Fixtures> {
  const post = async (path: string, body: unknown) => {
    const r = await srv.request('POST', path, { token, body });
    assert.equal(r.status, 200, `${path}: ${r.text}`);
    return r.json.id as string;
  };
  const monitor = await post('/api/v3/monitors/website', { name: 'Home', url: 'http://example.com/' });
  const recipient = await post('/api/v3/recipients', {
    name: 'Ops',
    method_id: 12,
    recipient: 'ops@example.com',
  });
  const group = await post('/api/v3/notifier-groups', {
    name: 'Ops group',
    monitors: [{ id: Number(monitor) }],
    recipients: [{ id: Number(recipient) }],
  });
  const blackout = await post('/api/v3/blackouts', {
    assoc_id: Number(monitor),
    type: 'Monitor',
    start_day: 1,
    start_time: '01:00',
    end_day: 1,
    end_time: '02:00',
  });
  const sla = await post('/api/v3/slas', {
    monitor_id: Number(monitor),
    name: 'Gold',
    availability: 99.9,
    response_time: 2,
  });
  const property = await post('/api/v3/properties', { name: 'Env', values: [{ name: 'Prod' }] });
  const user = await post('/api/v3/users', {
    email: `matrix-${accountId}@example.com`,
    first_name: 'M',
    last_name: 'X',
    password: 'matrix user secret 1',
    role: 'READONLY',
  });
  // A private location of this account.
  const location = 900_000 + accountId;
  await srv.runtime.deps.db
    .insertInto('locations')
    .values({
      id: location,
      account_id: accountId,
      name: 'Private',
      region: 1,
      country: '',
      is_private: 1,
      online: 1,
      last_seen: null,
      capabilities: '[]',
      source: 'worker',
    })
    .execute();
  // A stored test-on-demand result (GET /tests/{id}).
  const now = srv.runtime.deps.clock.now();
  const test = await srv.runtime.deps.db
    .insertInto('check_results')
    .values({
      account_id: accountId,
      monitor_id: Number(monitor),
      location_id: 10,
      kind: 'test',
      scheduled_at: now,
      started_at: now,
      status: 0,
      info_msg: 'OK',
      response_ms: 1,
      phases: '{}',
      steps: '[]',
      detail: '{}',
      warning: 0,
      target: 'website http://example.com/',
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  const statusPage = await post('/api/v3/status-pages', {
    slug: `matrix-${accountId}`,
    title: 'Matrix',
    monitors: [Number(monitor)],
  });
  const performanceAlert = await post(`/api/v3/monitors/${monitor}/performance-alerts`, {
    type: 'static',
    threshold_seconds: 3,
    window_minutes: 30,
    min_locations: 1,
  });
  return {
    monitor,
    recipient,
    group,
    blackout,
    sla,
    property,
    user,
    location,
    test: test.id,
    statusPage,
    performanceAlert,
  };
}

for (const dialect of DIALECTS) {
  describe(`security matrix over every route (${dialect})`, () => {
    let srv: TestServer;
    let ops: [string, string][];
    let owner: string;
    let f: Fixtures;
    before(async () => {
      srv = await startTestServer({ dialect, env: { SITEWATCH_LOGIN_IP_PER_MINUTE: '100000' } });
      owner = await srv.login();
      const accountId = (
        await srv.runtime.deps.db.selectFrom('accounts').select('id').executeTakeFirstOrThrow()
      ).id;
      f = await fixtures(srv, owner, accountId);
      const spec = (await srv.request('GET', '/api/v3/openapi.json')).json;
      ops = Object.entries<Record<string, unknown>>(spec.paths).flatMap(([path, item]) =>
        Object.keys(item).map((m): [string, string] => [m.toUpperCase(), path]),
      );
      assert.ok(ops.length > 50, `only ${ops.length} operations documented`);
    });
    after(() => srv.close());

    it("answers 404 Record not found for another account's ids on every id route", async () => {
      await createAccountWithAdmin(srv.runtime.deps, {
        name: 'Intruder',
        parentId: null,
        adminEmail: 'intruder@example.com',
        adminPassword: 'intruder secret 99',
      });
      const intruder = await srv.login('intruder@example.com', 'intruder secret 99');
      const idRoutes = ops.filter(([, path]) => path.includes('{id}'));
      assert.ok(idRoutes.length >= 30);
      // Deletes last, so every other call still finds the owner's rows in place.
      idRoutes.sort((a, b) => Number(a[0] === 'DELETE') - Number(b[0] === 'DELETE'));
      for (const [method, path] of idRoutes) {
        const url = fill(path, f);
        const r = await srv.request(method, url, {
          token: intruder,
          body: method === 'GET' || method === 'DELETE' ? undefined : BODY,
        });
        assert.equal(r.status, 404, `${method} ${url}: ${r.text}`);
        assert.equal(r.text, NOT_FOUND, `${method} ${url}`);
      }
      // Nothing of the owner's changed.
      for (const [, path] of idRoutes.filter(([m, p]) => m === 'GET' && !p.includes('download'))) {
        const r = await srv.request('GET', fill(path, f), { token: owner });
        assert.equal(r.status, 200, `${path} after the intrusion attempts`);
        if ('name' in r.json) assert.notEqual(r.json.name, BODY.name, path);
      }
    });

    it('answers 403 to READONLY and REPORTONLY on every write, and to non-managers on /users', async () => {
      const tokens = {
        READONLY: (await addUser(srv, owner, 'READONLY')).token,
        REPORTONLY: (await addUser(srv, owner, 'REPORTONLY')).token,
        'POWER-USER': (await addUser(srv, owner, 'POWER-USER')).token,
      };
      let writes = 0;
      for (const [method, path] of ops) {
        const key = `${method} ${path}`;
        if (PUBLIC.has(key) || ANY_ROLE.has(key) || path.startsWith('/api/v3/docs')) continue;
        const users = path.startsWith('/api/v3/users');
        const write = method !== 'GET' || path === '/api/v3/tests';
        const roles = users
          ? (['READONLY', 'REPORTONLY', 'POWER-USER'] as const)
          : write
            ? (['READONLY', 'REPORTONLY'] as const)
            : [];
        if (write) writes++;
        for (const role of roles) {
          const r = await srv.request(method, fill(path, f), {
            token: tokens[role],
            body: method === 'GET' ? undefined : BODY,
          });
          assert.equal(r.status, 403, `${role} ${key}: ${r.text}`);
          assert.equal(r.text, FORBIDDEN);
        }
        if (!users && !write) {
          const r = await srv.request('GET', fill(path, f), { token: tokens.REPORTONLY });
          assert.notEqual(r.status, 403, `REPORTONLY may read ${path}`);
        }
      }
      assert.ok(writes >= 40, `only ${writes} write operations checked`);
    });

    it('answers 401 without a token on every non-public route', async () => {
      for (const [method, path] of ops) {
        if (PUBLIC.has(`${method} ${path}`)) continue;
        const r = await srv.request(method, fill(path, f), { body: method === 'GET' ? undefined : BODY });
        assert.equal(r.status, 401, `${method} ${path}`);
      }
    });
  });
}
