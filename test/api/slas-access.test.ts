import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import { addUser, startTestServer, type TestServer } from '../helpers/server.ts';
import { accountOf, insertMonitor, otherAccount } from './slas.fixtures.ts';

// Account isolation and role checks of /slas and /properties: another account's ids look missing
// (404 on paths, 400 in bodies) and read-only roles cannot write.

const SLA_BODY = { name: 'S', availability: 99, response_time: 1 };

for (const dialect of DIALECTS) {
  describe(`SLA and property access (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    let mine: { monitor: number; sla: number; property: number };
    let theirs: { token: string; monitor: number; sla: number; property: number };
    const api = (method: string, path: string, body?: unknown, t = token) =>
      srv.request(method, `/api/v3${path}`, { token: t, body });

    async function seed(t: string, accountId: number) {
      const monitor = await insertMonitor(srv, accountId);
      const sla = await api('POST', '/slas', { ...SLA_BODY, monitor_id: monitor }, t);
      const property = await api('POST', '/properties', { name: 'Tier', values: [{ name: 'A' }] }, t);
      assert.equal(sla.status, 200, sla.text);
      assert.equal(property.status, 200, property.text);
      return { monitor, sla: Number(sla.json.id), property: Number(property.json.id) };
    }

    before(async () => {
      srv = await startTestServer({ dialect });
      token = await srv.login();
      mine = await seed(token, await accountOf(srv));
      const other = await otherAccount(srv, `access-${dialect}`);
      theirs = { token: other.token, ...(await seed(other.token, other.accountId)) };
    });
    after(() => srv.close());

    it("answers 404 Record not found for another account's SLA or property on every id route", async () => {
      const routes: [string, string, unknown?][] = [
        ['GET', `/slas/${theirs.sla}`],
        ['PATCH', `/slas/${theirs.sla}`, { name: 'mine now' }],
        ['DELETE', `/slas/${theirs.sla}`],
        ['GET', `/slas?monitor_id=${theirs.monitor}`],
        ['GET', `/properties/${theirs.property}`],
        ['PATCH', `/properties/${theirs.property}`, { name: 'mine now' }],
        ['DELETE', `/properties/${theirs.property}`],
      ];
      for (const [method, path, body] of routes) {
        const r = await api(method, path, body);
        assert.equal(r.status, 404, `${method} ${path}`);
        assert.deepEqual(r.json, { errors: [{ code: 404, message: 'Record not found' }] });
      }
      const sla = await api('GET', `/slas/${theirs.sla}`, undefined, theirs.token);
      assert.equal(sla.json.name, 'S', 'untouched');
      const prop = await api('GET', `/properties/${theirs.property}`, undefined, theirs.token);
      assert.equal(prop.json.name, 'Tier', 'untouched');
    });

    it('answers ids beyond the integer column like missing ones (404 on paths, 400 in bodies)', async () => {
      const huge = '99999999999';
      for (const [method, path, body] of [
        ['GET', `/slas/${huge}`],
        ['PATCH', `/slas/${huge}`, { name: 'x' }],
        ['DELETE', `/slas/${huge}`],
        ['GET', `/slas?monitor_id=${huge}`],
        ['GET', `/properties/${huge}`],
        ['PATCH', `/properties/${huge}`, { name: 'x' }],
        ['DELETE', `/properties/${huge}`],
      ] as [string, string, unknown?][]) {
        assert.equal((await api(method, path, body)).status, 404, `${method} ${path}`);
      }
      const bodies: [string, string, unknown, string][] = [
        ['POST', '/slas', { ...SLA_BODY, monitor_id: 1e300 }, 'monitor_id'],
        [
          'POST',
          '/slas/bulk-edit',
          { monitors: [Number(huge)], update_sla_objectives: true, availability: 1 },
          'monitors',
        ],
        ['PATCH', `/properties/${mine.property}`, { values: [{ id: Number(huge), name: 'x' }] }, 'values'],
        [
          'PATCH',
          `/slas/${mine.sla}`,
          {
            exclusions: [
              { from_date: '2024-01-01 00:00:00', thru_date: '2024-01-02 00:00:00', location_id: 1e300 },
            ],
          },
          'exclusions[0].location_id',
        ],
      ];
      for (const [method, path, body, field] of bodies) {
        const r = await api(method, path, body);
        assert.equal(r.status, 400, `${method} ${path}: ${r.text}`);
        assert.deepEqual(r.json.errors[0].fields, [field]);
      }
    });

    it("lists only the caller's rows", async () => {
      const slas = await api('GET', '/slas');
      assert.deepEqual(
        slas.json.results.map((s: { id: number }) => s.id),
        [mine.sla],
      );
      const props = await api('GET', '/properties');
      assert.deepEqual(
        props.json.results.map((p: { id: number }) => p.id),
        [mine.property],
      );
    });

    it("answers 400 for another account's monitor in a body", async () => {
      const create = await api('POST', '/slas', { ...SLA_BODY, monitor_id: theirs.monitor });
      assert.equal(create.status, 400);
      assert.deepEqual(create.json.errors[0].fields, ['monitor_id']);
      const bulk = await api('POST', '/slas/bulk-edit', {
        monitors: [theirs.monitor],
        update_sla_objectives: true,
        availability: 1,
      });
      assert.equal(bulk.status, 400);
      assert.deepEqual(bulk.json.errors[0].fields, ['monitors']);
      const theirValue = (await api('GET', `/properties/${theirs.property}`, undefined, theirs.token)).json
        .values[0].id;
      const steal = await api('PATCH', `/properties/${mine.property}`, {
        values: [{ id: theirValue, name: 'X' }],
      });
      assert.equal(steal.status, 400);
      assert.deepEqual(steal.json.errors[0].fields, ['values']);
      const after = await api('GET', `/properties/${theirs.property}`, undefined, theirs.token);
      assert.deepEqual(after.json.values, [{ id: theirValue, name: 'A' }]);
    });

    for (const role of ['READONLY', 'REPORTONLY']) {
      it(`gives ${role} read access and 403 on every write`, async () => {
        const user = await addUser(srv, token, role);
        const writes: [string, string, unknown][] = [
          ['POST', '/slas', { ...SLA_BODY, monitor_id: await insertMonitor(srv, await accountOf(srv)) }],
          ['PATCH', `/slas/${mine.sla}`, { name: 'x' }],
          ['DELETE', `/slas/${mine.sla}`, undefined],
          [
            'POST',
            '/slas/bulk-edit',
            { monitors: [mine.monitor], update_sla_objectives: true, availability: 1 },
          ],
          ['POST', '/properties', { name: `P-${role}` }],
          ['POST', '/property', { name: `Q-${role}` }],
          ['PATCH', `/properties/${mine.property}`, { name: 'x' }],
          ['DELETE', `/properties/${mine.property}`, undefined],
        ];
        for (const [method, path, body] of writes) {
          const r = await api(method, path, body, user.token);
          assert.equal(r.status, 403, `${method} ${path}`);
          assert.equal(r.json.errors[0].message, 'forbidden - Your role does not allow this operation.');
        }
        for (const path of [
          '/slas',
          `/slas/${mine.sla}`,
          `/slas?monitor_id=${mine.monitor}`,
          '/properties',
          `/properties/${mine.property}`,
        ]) {
          assert.equal((await api('GET', path, undefined, user.token)).status, 200, path);
        }
        const list = await api('GET', '/slas', undefined, user.token);
        assert.equal(list.json.metadata.__permissions.acl, 1);
        assert.equal((await api('GET', `/slas/${mine.sla}`)).json.name, 'S', 'nothing changed');
      });
    }
  });
}
