import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { unzipSync } from 'fflate';
import { DIALECTS } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import { addProperty, adminAccountId, createMonitor, getMonitor, MINIMAL } from './monitors-helpers.ts';

// Scripts, downloads, clone, convert-api, Selenium, and secrets kept sealed.

const SOAP = '<?xml version="1.0"?>\n<con:soapui-project name="Pet store"><!-- é --></con:soapui-project>';

for (const dialect of DIALECTS) {
  describe(`monitors: scripts, clone, convert, secrets (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    before(async () => {
      srv = await startTestServer({ dialect });
      token = await srv.login();
    });
    after(() => srv.close());

    async function download(id: number) {
      const res = await fetch(`${srv.url}/api/v3/monitors/${id}?download_script=true&select=name`, {
        headers: { authorization: `Bearer ${token}` },
      });
      return {
        status: res.status,
        type: res.headers.get('content-type'),
        bytes: new Uint8Array(await res.arrayBuffer()),
      };
    }

    it('shows scripts only with show_scripts=true, in lists and single GETs', async () => {
      const id = await createMonitor(srv, token, 'api', { script: SOAP });
      assert.equal('script' in (await getMonitor(srv, token, id)), false);
      assert.equal((await getMonitor(srv, token, id, '?show_scripts=true')).script, SOAP);
      const list = await srv.request('GET', '/api/v3/monitors?type=api&show_scripts=true', { token });
      assert.equal(list.json.results[0].script, SOAP);
      const plain = await srv.request('GET', '/api/v3/monitors?type=api', { token });
      assert.equal('script' in plain.json.results[0], false);
    });

    it('download_script answers a zip with the one stored script; no script answers 404', async () => {
      const id = await createMonitor(srv, token, 'api', { name: 'Pet store', script: SOAP });
      const d = await download(id);
      assert.equal(d.status, 200);
      assert.equal(d.type, 'application/zip');
      const files = unzipSync(d.bytes);
      assert.deepEqual(Object.keys(files), ['Pet_store-soapui-project.xml']);
      assert.equal(new TextDecoder().decode(files['Pet_store-soapui-project.xml']), SOAP);

      const web = await createMonitor(srv, token, 'website');
      assert.equal((await download(web)).status, 404);
      const urlOnly = await createMonitor(srv, token, 'dejaclick');
      assert.equal((await download(urlOnly)).status, 404);
    });

    it('Selenium: no create (400), PATCH works, the JAR downloads decoded, script is read-only', async () => {
      const r = await srv.request('POST', '/api/v3/monitors/selenium', {
        token,
        body: { name: 'S', script: 'AAAA' },
      });
      assert.equal(r.status, 400);
      assert.match(r.json.errors[0].message, /cannot be created/);
      const accountId = await adminAccountId(srv);
      const jar = Buffer.from('PK\x03\x04 fake jar bytes');
      const row = await srv.runtime.deps.db
        .insertInto('monitors')
        .values({
          account_id: accountId,
          type: 'selenium',
          name: 'Checkout',
          enabled: 1,
          billing_plancode: '',
          interval: 5,
          timeout: 30,
          mode: 'Primary',
          home_location: 10,
          config: '{"step_timeout":30}',
          script: jar.toString('base64'),
          created_at: 0,
          updated_at: 0,
        })
        .returning('id')
        .executeTakeFirstOrThrow();
      const p = await srv.request('PATCH', `/api/v3/monitors/selenium/${row.id}`, {
        token,
        body: { interval: 20, step_timeout: 90, timeout: 45, script: 'replaced' },
      });
      assert.equal(p.status, 200, p.text);
      const m = await getMonitor(srv, token, row.id, '?show_scripts=true');
      assert.equal(m.interval, 20);
      assert.equal(m.step_timeout, 90);
      assert.equal(m.script, jar.toString('base64'));
      const files = unzipSync((await download(row.id)).bytes);
      assert.deepEqual(Buffer.from(files['Checkout.jar']!), jar);
    });

    it('clone copies the monitor, its locations and properties, not blackouts or SLA', async () => {
      const accountId = await adminAccountId(srv);
      const prop = await addProperty(srv, accountId, 'Tier', ['Gold']);
      const id = await createMonitor(srv, token, 'api', {
        script: SOAP,
        project_password: 'petst0re',
        interval: 60,
        custom_properties: [{ id: prop.id, value_id: prop.values[0] }],
      });
      const db = srv.runtime.deps.db;
      await db
        .insertInto('blackouts')
        .values({ account_id: accountId, type: 'Monitor', assoc_id: id, persistent: 1, date_added: 0 })
        .execute();
      await db
        .insertInto('slas')
        .values({
          account_id: accountId,
          monitor_id: id,
          name: 'S',
          description: '',
          availability: 99,
          response_time: 1,
          use_fullpage_time: 0,
          created_at: 0,
        })
        .execute();
      const r = await srv.request('POST', `/api/v3/monitors/${id}/clone`, { token, body: { name: 'Copy' } });
      assert.equal(r.status, 200, r.text);
      assert.deepEqual(Object.keys(r.json), ['id']);
      assert.notEqual(r.json.id, String(id));
      const original = await getMonitor(srv, token, id, '?show_scripts=true');
      const copy = await getMonitor(srv, token, Number(r.json.id), '?show_scripts=true');
      assert.equal(copy.name, 'Copy');
      assert.equal(copy.script, SOAP);
      assert.equal(copy.interval, 60);
      assert.deepEqual(copy.locations, original.locations);
      assert.deepEqual(copy.custom_properties, original.custom_properties);
      assert.deepEqual(copy.blackout_ids, []);
      assert.equal(copy.has_sla, false);
      assert.equal(original.blackout_ids.length, 1);
      const sealed = await db
        .selectFrom('monitors')
        .select('config')
        .where('id', '=', Number(r.json.id))
        .executeTakeFirstOrThrow();
      assert.equal(srv.runtime.deps.secrets.open(JSON.parse(sealed.config).project_password), 'petst0re');

      for (const body of [{}, { name: '' }]) {
        assert.equal(
          (await srv.request('POST', `/api/v3/monitors/${id}/clone`, { token, body })).status,
          400,
        );
      }
      assert.equal(
        (await srv.request('POST', '/api/v3/monitors/987654/clone', { token, body: { name: 'x' } })).status,
        404,
      );
    });

    for (const method of ['PATCH', 'POST']) {
      it(`convert-api by ${method} turns an API endpoint monitor into SoapUI, one way`, async () => {
        for (const type of ['website-api', 'website-ssl-api']) {
          const id = await createMonitor(srv, token, type, {
            name: `Conv ${method}`,
            api_steps: [
              {
                step_name: 'Get <user>',
                url: 'https://api.example.com/users?id=1&x=2',
                head: { http_basic_auth_username: 'u', http_basic_auth_password: 'hunter2' },
                assertions: [{ source: 'Status Code', comparison: 'equals', value: '200' }],
              },
            ],
          });
          const r = await srv.request(method, `/api/v3/monitors/${type}/${id}/convert-api`, {
            token,
            body: {},
          });
          assert.equal(r.status, 200, r.text);
          assert.deepEqual(r.json, { id: String(id) });
          const m = await getMonitor(srv, token, id, '?show_scripts=true');
          assert.equal(m.type, 'api');
          assert.equal('api_steps' in m, false);
          assert.match(m.script, /^<\?xml/);
          assert.match(m.script, /https:\/\/api\.example\.com\/users\?id=1&amp;x=2/);
          assert.match(m.script, /Get &lt;user&gt;/);
          assert.doesNotMatch(m.script, /hunter2/);
          assert.ok(m.test_suite && m.test_case);
          // One way: it is no longer an API endpoint monitor.
          const again = await srv.request(method, `/api/v3/monitors/${type}/${id}/convert-api`, {
            token,
            body: {},
          });
          assert.equal(again.status, 404);
        }
      });
    }

    it('convert-api with no body at all works', async () => {
      const id = await createMonitor(srv, token, 'website-api');
      const r = await srv.request('PATCH', `/api/v3/monitors/website-api/${id}/convert-api`, { token });
      assert.equal(r.status, 200, r.text);
      const other = await createMonitor(srv, token, 'website');
      assert.equal(
        (await srv.request('PATCH', `/api/v3/monitors/website-api/${other}/convert-api`, { token })).status,
        404,
      );
    });

    it('stores secrets sealed, never returns them, keeps them when sent back as null', async () => {
      const db = srv.runtime.deps.db;
      const raw = async (id: number) =>
        JSON.parse(
          (await db.selectFrom('monitors').select('config').where('id', '=', id).executeTakeFirstOrThrow())
            .config,
        );
      const ftp = await createMonitor(srv, token, 'ftp', { username: 'bob', password: 'ftp-secret' });
      assert.equal((await getMonitor(srv, token, ftp)).password, null);
      assert.doesNotMatch(JSON.stringify(await raw(ftp)), /ftp-secret/);
      assert.equal(srv.runtime.deps.secrets.open((await raw(ftp)).password), 'ftp-secret');
      await srv.request('PATCH', `/api/v3/monitors/ftp/${ftp}`, {
        token,
        body: { port: 2121, password: null },
      });
      assert.equal(srv.runtime.deps.secrets.open((await raw(ftp)).password), 'ftp-secret');
      await srv.request('PATCH', `/api/v3/monitors/ftp/${ftp}`, { token, body: { password: '' } });
      assert.equal((await raw(ftp)).password, null);

      const api = await createMonitor(srv, token, 'website-api', {
        api_steps: [
          {
            url: 'https://a.example.com/',
            head: { http_basic_auth_username: 'u', http_basic_auth_password: 'step-secret' },
          },
        ],
      });
      const shown = await getMonitor(srv, token, api);
      assert.equal(shown.api_steps[0].head.http_basic_auth_password, null);
      assert.equal(shown.api_steps[0].head.http_basic_auth_username, 'u');
      assert.doesNotMatch(JSON.stringify(await raw(api)), /step-secret/);
      // Sending back what GET showed keeps the stored password.
      await srv.request('PATCH', `/api/v3/monitors/website-api/${api}`, {
        token,
        body: { api_steps: shown.api_steps },
      });
      const step = (await raw(api)).api_steps[0];
      assert.equal(srv.runtime.deps.secrets.open(step.head.http_basic_auth_password), 'step-secret');

      for (const [type, field] of [
        ['api', 'project_password'],
        ['email-pop', 'password'],
        ['website', 'http_basic_auth_password'],
      ] as const) {
        const id = await createMonitor(srv, token, type, { ...MINIMAL[type], [field]: 'pw-123' });
        assert.equal((await getMonitor(srv, token, id))[field], null);
        assert.doesNotMatch(JSON.stringify(await raw(id)), /pw-123/);
      }
    });
  });
}
