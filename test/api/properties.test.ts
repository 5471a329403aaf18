import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { accountOf, insertMonitor } from './slas.fixtures.ts';

for (const dialect of DIALECTS) {
  describe(`custom properties (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    let account: number;
    const api = (method: string, path: string, body?: unknown) =>
      srv.request(method, `/api/v3${path}`, { token, body });
    let seq = 0;
    async function create(values: string[], name = `Prop ${++seq}`): Promise<number> {
      const r = await api('POST', '/properties', { name, values: values.map((v) => ({ name: v })) });
      assert.equal(r.status, 200, r.text);
      return Number(r.json.id);
    }
    const get = async (id: number) => (await api('GET', `/properties/${id}`)).json;

    /** Sets a monitor's value of a property the way the monitors resource stores it. */
    async function choose(monitor: number, property: number, value: number) {
      await srv.runtime.deps.db
        .insertInto('monitor_properties')
        .values({ monitor_id: monitor, property_id: property, value_id: value })
        .execute();
    }
    const choices = (property: number) =>
      srv.runtime.deps.db
        .selectFrom('monitor_properties')
        .select(['monitor_id', 'value_id'])
        .where('property_id', '=', property)
        .orderBy('monitor_id')
        .execute();

    before(async () => {
      srv = await startTestServer({ dialect });
      token = await srv.login();
      account = await accountOf(srv);
    });
    after(() => srv.close());

    it('creates with POST /properties and the /property alias, and reads values in list order', async () => {
      const r = await api('POST', '/properties', {
        name: 'Environment',
        values: [{ name: 'Production' }, { name: 'Staging' }],
      });
      assert.equal(r.status, 200);
      assert.match(r.json.id, /^\d+$/);
      const got = await get(Number(r.json.id));
      assert.equal(got.id, Number(r.json.id));
      assert.equal(got.name, 'Environment');
      assert.deepEqual(
        got.values.map((v: { name: string }) => v.name),
        ['Production', 'Staging'],
      );
      assert.ok(got.values.every((v: { id: unknown }) => Number.isInteger(v.id)));

      const alias = await api('POST', '/property', { name: 'Application', values: [{ name: 'App1' }] });
      assert.equal(alias.status, 200);
      assert.equal((await get(Number(alias.json.id))).values[0].name, 'App1');
      const bare = await api('POST', '/property', { name: 'No values' });
      assert.equal(bare.status, 200);
      assert.deepEqual((await get(Number(bare.json.id))).values, []);
    });

    it('validates names: non-empty, max 255, unique per account and unique values', async () => {
      await create([], 'Region');
      const cases: [unknown, string][] = [
        [{ values: [] }, 'name'],
        [{ name: '' }, 'name'],
        [{ name: '  ' }, 'name'],
        [{ name: 'x'.repeat(256) }, 'name'],
        [{ name: 7 }, 'name'],
        [{ name: ' region ' }, 'name'],
        [{ name: 'Ok', values: [{ name: '' }] }, 'values[0].name'],
        [{ name: 'Ok', values: [{}] }, 'values[0].name'],
        [{ name: 'Ok', values: [{ name: 'a' }, { name: 'A' }] }, 'values'],
        [{ name: 'Ok', values: 'a,b' }, 'values'],
      ];
      for (const [body, field] of cases) {
        for (const path of ['/properties', '/property']) {
          const r = await api('POST', path, body);
          assert.equal(r.status, 400, `${path} ${JSON.stringify(body)}`);
          assert.deepEqual(r.json.errors[0].fields, [field], JSON.stringify(body));
        }
      }
      const names = (await api('GET', '/properties?select=name')).json.results.map(
        (p: { name: string }) => p.name,
      );
      assert.ok(!names.includes('Ok'), 'nothing was created');
    });

    it('PATCH replaces values by id: kept (and renamed), added with id 0 or none, others deleted', async () => {
      const id = await create(['Gold', 'Silver', 'Bronze']);
      const [gold, silver, bronze] = (await get(id)).values;
      const [m1, m2, m3] = [
        await insertMonitor(srv, account),
        await insertMonitor(srv, account),
        await insertMonitor(srv, account),
      ];
      await choose(m1, id, gold.id);
      await choose(m2, id, silver.id);
      await choose(m3, id, bronze.id);

      const r = await api('PATCH', `/properties/${id}`, {
        values: [
          { id: 0, name: 'Platinum' },
          { id: silver.id, name: 'Silver+' },
          { name: 'Tin' },
          { id: gold.id, name: 'Gold' },
        ],
      });
      assert.equal(r.status, 200);
      assert.deepEqual(r.json, { id: String(id) });
      const got = await get(id);
      assert.deepEqual(
        got.values.map((v: { name: string }) => v.name),
        ['Platinum', 'Silver+', 'Tin', 'Gold'],
      );
      assert.equal(got.values[1].id, silver.id);
      assert.equal(got.values[3].id, gold.id);
      assert.ok(!got.values.some((v: { id: number }) => v.id === bronze.id));
      assert.deepEqual(await choices(id), [
        { monitor_id: m1, value_id: gold.id },
        { monitor_id: m2, value_id: silver.id },
      ]);

      assert.equal((await api('PATCH', `/properties/${id}`, { name: 'Tier' })).status, 200);
      const renamed = await get(id);
      assert.equal(renamed.name, 'Tier');
      assert.deepEqual(renamed.values, got.values, 'values untouched without `values`');

      assert.equal((await api('PATCH', `/properties/${id}`, { values: [] })).status, 200);
      assert.deepEqual((await get(id)).values, []);
      assert.deepEqual(await choices(id), []);
    });

    it('PATCH refuses unknown or repeated value ids and bad names, changing nothing', async () => {
      const id = await create(['One', 'Two']);
      const other = await create(['Elsewhere']);
      const foreignValue = (await get(other)).values[0].id;
      const before = await get(id);
      const [one, two] = before.values;
      const cases: [unknown, string][] = [
        [{ name: 'Changed', values: [{ id: foreignValue, name: 'X' }] }, 'values'],
        [{ name: 'Changed', values: [{ id: 99999999, name: 'X' }] }, 'values'],
        [
          {
            values: [
              { id: one.id, name: 'A' },
              { id: one.id, name: 'B' },
            ],
          },
          'values',
        ],
        [
          {
            values: [
              { id: one.id, name: 'Same' },
              { id: two.id, name: 'same' },
            ],
          },
          'values',
        ],
        [{ values: [{ id: -1, name: 'X' }] }, 'values[0].id'],
        [{ values: [{ id: '1', name: 'X' }] }, 'values[0].id'],
        [{ values: [{ id: one.id }] }, 'values[0].name'],
        [{ name: '' }, 'name'],
        [{ name: (await get(other)).name.toUpperCase() }, 'name'],
      ];
      for (const [body, field] of cases) {
        const r = await api('PATCH', `/properties/${id}`, body);
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.deepEqual(r.json.errors[0].fields, [field], JSON.stringify(body));
        assert.deepEqual(await get(id), before, JSON.stringify(body));
      }
      const swap = await api('PATCH', `/properties/${id}`, {
        values: [
          { id: one.id, name: 'Two' },
          { id: two.id, name: 'One' },
        ],
      });
      assert.equal(swap.status, 200, 'names may move between kept values');
      assert.equal((await api('PATCH', '/properties/999999', { name: 'x' })).status, 404);
      assert.equal((await api('PATCH', '/properties/abc', { name: 'x' })).status, 404);
    });

    it('DELETE answers 204 and removes the values and every monitor use; then 404', async () => {
      const id = await create(['On', 'Off']);
      const keep = await create(['Kept']);
      const m = await insertMonitor(srv, account);
      await choose(m, id, (await get(id)).values[0].id);
      await choose(m, keep, (await get(keep)).values[0].id);
      const r = await api('DELETE', `/properties/${id}`);
      assert.equal(r.status, 204);
      assert.equal(r.text, '');
      assert.equal((await api('GET', `/properties/${id}`)).status, 404);
      assert.equal((await api('DELETE', `/properties/${id}`)).status, 404);
      assert.deepEqual(await choices(id), []);
      assert.equal((await choices(keep)).length, 1, "other properties' uses stay");
      const values = await srv.runtime.deps.db
        .selectFrom('property_values')
        .select('id')
        .where('property_id', '=', id)
        .execute();
      assert.deepEqual(values, []);
    });

    it('lists in the envelope with limit, offset and select (empty select → empty objects)', async () => {
      const all = await api('GET', '/properties');
      assert.equal(all.status, 200);
      const count = all.json.metadata.resultset.count;
      assert.ok(count >= 3);
      assert.deepEqual(all.json.metadata, {
        __permissions: { acl: 7 },
        resultset: { count, limit: null, offset: null },
      });
      const page = await api('GET', '/properties?limit=2&offset=1&select=id,values');
      assert.deepEqual(page.json.metadata.resultset, { count, limit: 2, offset: 1 });
      assert.deepEqual(
        page.json.results,
        all.json.results
          .slice(1, 3)
          .map((p: { id: number; values: unknown }) => ({ id: p.id, values: p.values })),
      );
      const empty = await api('GET', '/properties?select=');
      assert.deepEqual(
        empty.json.results,
        Array.from({ length: count }, () => ({})),
      );
      assert.deepEqual((await api('GET', `/properties/${all.json.results[0].id}?select=name`)).json, {
        name: all.json.results[0].name,
      });
      assert.equal((await api('GET', '/properties?limit=-1')).status, 400);
    });
  });
}
