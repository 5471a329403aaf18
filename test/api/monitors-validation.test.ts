import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DIALECTS } from '../helpers/db.ts';
import { startTestServer, type TestServer } from '../helpers/server.ts';
import {
  addLocation,
  addProperty,
  adminAccountId,
  createMonitor,
  getMonitor,
  MINIMAL,
  otherAccount,
  REQUIRED,
} from './monitors-helpers.ts';

// Per-type required fields and every validation rule: 400 with `fields`, and nothing written.

for (const dialect of DIALECTS) {
  describe(`monitors: validation (${dialect})`, () => {
    let srv: TestServer;
    let token: string;
    const count = async () =>
      (await srv.runtime.deps.db.selectFrom('monitors').select('id').execute()).length;

    /** POSTs `body` to `type`, expects 400 naming `field`, and checks no monitor was added. */
    async function rejects(type: string, body: Record<string, unknown>, field: string, message?: RegExp) {
      const before = await count();
      const r = await srv.request('POST', `/api/v3/monitors/${type}`, { token, body });
      assert.equal(r.status, 400, `${type} ${JSON.stringify(body)}: ${r.text}`);
      const fields = r.json.errors.flatMap((e: { fields?: string[] }) => e.fields ?? []);
      assert.ok(fields.includes(field), `${field} not in ${JSON.stringify(r.json)}`);
      if (message) assert.match(r.json.errors[0].message, message);
      assert.equal(await count(), before);
    }

    before(async () => {
      srv = await startTestServer({ dialect });
      token = await srv.login();
    });
    after(() => srv.close());

    it('names each missing required field, per type', async () => {
      for (const [type, required] of Object.entries(REQUIRED)) {
        for (const field of ['name', ...required]) {
          const body = { ...MINIMAL[type] };
          delete body[field];
          await rejects(type, body, field, /required and is empty/);
        }
      }
    });

    it('needs a url or a script on dejaclick', async () => {
      await rejects('dejaclick', { ...MINIMAL.dejaclick, url: '' }, 'url', /required/);
      await createMonitor(srv, token, 'dejaclick', { url: undefined, script: '<script/>' });
    });

    it('checks the URL scheme against the type', async () => {
      await rejects('website', { name: 'x', url: 'https://example.com/' }, 'url', /http:\/\//);
      await rejects('website-ssl', { name: 'x', url: 'http://example.com/' }, 'url', /https:\/\//);
      await rejects('website', { name: 'x', url: 'not a url' }, 'url');
      await rejects('website', { name: 'x', url: 'ftp://example.com/' }, 'url');
    });

    it('validates api_steps with field paths; steps may mix http and https', async () => {
      const step = { url: 'https://api.example.com/' };
      await rejects('website-api', { name: 'x', api_steps: [] }, 'api_steps');
      await rejects(
        'website-api',
        { name: 'x', api_steps: [step, { url: 'gopher://x' }] },
        'api_steps[1].url',
      );
      await rejects('website-api', { name: 'x', api_steps: [{ step_name: 'no url' }] }, 'api_steps[0].url');
      await rejects(
        'website-api',
        { name: 'x', api_steps: [{ ...step, http_method: 'FETCH' }] },
        'api_steps[0].http_method',
        /must be one of/,
      );
      const assertion = { source: 'JSON Response', property: 'uuid', comparison: 'exists', value: '' };
      await rejects(
        'website-api',
        { name: 'x', api_steps: [{ ...step, assertions: [assertion, { ...assertion, source: 'Body' }] }] },
        'api_steps[0].assertions[1].source',
      );
      await rejects(
        'website-api',
        { name: 'x', api_steps: [{ ...step, assertions: [{ ...assertion, comparison: 'resembles' }] }] },
        'api_steps[0].assertions[0].comparison',
      );
      await rejects(
        'website-api',
        {
          name: 'x',
          api_steps: [{ ...step, assertions: [{ ...assertion, comparison: 'matches regex', value: '([' }] }],
        },
        'api_steps[0].assertions[0].value',
      );
      await rejects(
        'website-api',
        { name: 'x', api_steps: [{ ...step, variables: [{ name: 'v' }] }] },
        'api_steps[0].variables[0].property',
      );
      await rejects(
        'website-api',
        { name: 'x', api_steps: [{ ...step, head: { preemptive_authentication: 'yes' } }] },
        'api_steps[0].head.preemptive_authentication',
      );
      await rejects(
        'website-api',
        { name: 'x', api_steps: [step, { ...step, step_number: 1 }] },
        'api_steps[1].step_number',
      );
      const id = await createMonitor(srv, token, 'website-api', {
        api_steps: [
          {
            url: 'http://a.example.com/',
            assertions: [{ source: 'Status Code', comparison: 'equals', value: 200 }],
          },
          {
            url: 'https://b.example.com/',
            http_method: 'POST',
            post: '{"a":1}',
            variables: [{ name: 'tok', property: 'token' }],
          },
        ],
      });
      const m = await getMonitor(srv, token, id);
      assert.deepEqual(m.api_steps[0].assertions, [
        { source: 'Status Code', property: '', comparison: 'equals', value: '200' },
      ]);
      assert.equal(m.api_steps[1].step_number, 2);
      assert.equal(m.api_steps[1].http_method, 'POST');
      assert.deepEqual(m.api_steps[1].variables, [{ name: 'tok', property: 'token' }]);
    });

    it('checks interval, timeout, mode and types without coercion', async () => {
      const base = MINIMAL.website!;
      await rejects(
        'website',
        { ...base, interval: 7 },
        'interval',
        /must be one of: 1, 2, 3, 5, 10, 15, 20, 30, 60, 120/,
      );
      await rejects('website', { ...base, interval: '5' }, 'interval');
      await rejects('website', { ...base, timeout: 0 }, 'timeout', /at least 1/);
      await rejects('website', { ...base, timeout: 121 }, 'timeout', /at most 120/);
      await rejects('website', { ...base, mode: 'Everywhere' }, 'mode', /must be one of/);
      await rejects('website', { ...base, enabled: 'true' }, 'enabled', /boolean/);
      for (const mode of ['Primary', 'Global Notify', 'Global Verify', 'Round Robin', 'SLA']) {
        await createMonitor(srv, token, 'website', { mode });
      }
    });

    it('refuses locations the account cannot use, and a home_location outside them', async () => {
      const other = await otherAccount(srv, 'Private');
      await addLocation(srv, 500, other.accountId);
      await addLocation(srv, 20, null, 'Atlanta');
      const base = MINIMAL.website!;
      await rejects('website', { ...base, locations: [{ id: 999 }] }, 'locations', /999/);
      await rejects('website', { ...base, locations: [{ id: 500 }] }, 'locations');
      await rejects('website', { ...base, locations: [] }, 'locations');
      await rejects('website', { ...base, locations: [{ id: 10 }, { id: 10 }] }, 'locations');
      await rejects('website', { ...base, locations: [{ id: 10 }], home_location: 20 }, 'home_location');
      const id = await createMonitor(srv, token, 'website', {
        locations: [{ id: 20, name: 'ignored' }, { id: 10 }],
      });
      const m = await getMonitor(srv, token, id);
      assert.deepEqual(m.locations, [
        { id: 20, name: 'Atlanta', region: 2 },
        { id: 10, name: 'Local', region: 1 },
      ]);
      assert.equal(m.home_location, 20);
      assert.equal(m.monitor_location_count, 2);
    });

    it('cuts alert_note to 1000 characters instead of refusing it', async () => {
      const id = await createMonitor(srv, token, 'ping', { alert_note: 'n'.repeat(1500) });
      assert.equal((await getMonitor(srv, token, id)).alert_note, 'n'.repeat(1000));
    });

    it('checks keyword match types and compiles regular expressions', async () => {
      const base = MINIMAL.website!;
      await rejects('website', { ...base, keyword_match_type: 'Glob' }, 'keyword_match_type');
      await rejects(
        'website',
        { ...base, keyword_match_type: 'Regular Expression', keyword_string: '(a' },
        'keyword_string',
      );
      await createMonitor(srv, token, 'website', {
        keyword_match_type: 'Regular Expression',
        keyword_string: '^Wel+come',
      });
      await rejects(
        'website-ssl',
        { ...MINIMAL['website-ssl'], check_ssl_expiration_dates: 'Soon' },
        'check_ssl_expiration_dates',
      );
      await createMonitor(srv, token, 'website-ssl', {
        check_ssl_expiration_dates: '30 Days',
        use_ssl_version: 2,
      });
    });

    it('checks ports, host names and IP addresses; name-server takes "" as port', async () => {
      await rejects('tcp', { ...MINIMAL.tcp, port: 0 }, 'port');
      await rejects('tcp', { ...MINIMAL.tcp, port: 70000 }, 'port');
      await rejects('tcp', { ...MINIMAL.tcp, port: '' }, 'port');
      await rejects('tcp', { ...MINIMAL.tcp, hostname: 'bad host!' }, 'hostname');
      await rejects('ping', { ...MINIMAL.ping, ipv4: '300.1.1.1' }, 'ipv4');
      await rejects('name-server', { ...MINIMAL['name-server'], port: 'x' }, 'port');
      await createMonitor(srv, token, 'ping', { hostname: '2001:db8::1' });
      const id = await createMonitor(srv, token, 'name-server', { port: '' });
      const m = await getMonitor(srv, token, id);
      assert.equal(m.port, '');
      assert.equal(m.name_to_resolve, 'example.com');
      await createMonitor(srv, token, 'tcp', {
        hostname: '192.0.2.7',
        ipv4: '192.0.2.7',
        resolve_dns: false,
      });
    });

    it('checks the round-trip address and mail server URLs', async () => {
      const base = MINIMAL['email-round-trip']!;
      await rejects('email-round-trip', { ...base, email: 'not-an-address' }, 'email');
      await rejects(
        'email-round-trip',
        { ...base, smtp_hostname: 'http://smtp.example.com' },
        'smtp_hostname',
      );
      await rejects(
        'email-round-trip',
        { ...base, pop3_hostname: 'smtps://mail.example.com:995' },
        'pop3_hostname',
      );
      await rejects('email-round-trip', { ...base, smtp_hostname: 'smtps://bad host:465' }, 'smtp_hostname');
      await createMonitor(srv, token, 'email-round-trip', { smtp_hostname: 'smtp.example.com:587' });
      await rejects('email-imap', { ...MINIMAL['email-imap'], hostname: '' }, 'hostname');
    });

    it('checks custom_properties against the account', async () => {
      const accountId = await adminAccountId(srv);
      const mine = await addProperty(srv, accountId, 'Team', ['Web', 'Ops']);
      const other = await otherAccount(srv, 'Props');
      const theirs = await addProperty(srv, other.accountId, 'Team', ['X']);
      const base = MINIMAL.website!;
      await rejects(
        'website',
        { ...base, custom_properties: [{ id: theirs.id, value_id: theirs.values[0] }] },
        'custom_properties',
      );
      await rejects(
        'website',
        { ...base, custom_properties: [{ id: mine.id, value_id: theirs.values[0] }] },
        'custom_properties',
      );
      await rejects(
        'website',
        { ...base, custom_properties: [{ id: mine.id, value_id: 999999 }] },
        'custom_properties',
      );
      const id = await createMonitor(srv, token, 'website', {
        custom_properties: [{ id: mine.id, value_id: mine.values[1] }],
      });
      assert.deepEqual((await getMonitor(srv, token, id)).custom_properties, [
        { id: mine.id, name: 'Team', value: 'Ops', value_id: mine.values[1] },
      ]);
      // PATCH replaces the set; [] clears it.
      const r = await srv.request('PATCH', `/api/v3/monitors/website/${id}`, {
        token,
        body: { custom_properties: [] },
      });
      assert.equal(r.status, 200);
      assert.deepEqual((await getMonitor(srv, token, id)).custom_properties, []);
    });

    it('refuses what the database could not hold (NUL text, ids beyond 32 bits) with 400, not 500', async () => {
      await rejects('website', { ...MINIMAL.website, name: 'a\u0000b' }, 'name', /NUL/);
      await rejects('api', { ...MINIMAL.api, script: '<x>\u0000</x>' }, 'script', /NUL/);
      await rejects('website', { ...MINIMAL.website, locations: [{ id: 1e15 }] }, 'locations[0].id');
      await rejects('website', { ...MINIMAL.website, home_location: 1e15 }, 'home_location');
      await rejects(
        'website',
        { ...MINIMAL.website, custom_properties: [{ id: 1e15, value_id: 1 }] },
        'custom_properties[0].id',
      );
      const r = await srv.request('GET', '/api/v3/monitors/999999999999999', { token });
      assert.equal(r.status, 404);
    });

    it('a PATCH that fails validation changes nothing', async () => {
      const id = await createMonitor(srv, token, 'website', { keyword_string: 'keep' });
      const before = await getMonitor(srv, token, id);
      const bad = [
        { name: 'new', interval: 4 },
        { name: 'new', url: 'https://wrong.example.com/' },
        { name: 'new', locations: [{ id: 424242 }] },
        { name: 'new', home_location: 424242 },
        { name: 'new', keyword_match_type: 'Regular Expression', keyword_string: '[' },
        { name: '' },
      ];
      for (const body of bad) {
        const r = await srv.request('PATCH', `/api/v3/monitors/website/${id}`, { token, body });
        assert.equal(r.status, 400, JSON.stringify(body));
        assert.ok(r.json.errors[0].fields.length > 0);
      }
      assert.deepEqual(await getMonitor(srv, token, id), before);
    });

    it('PATCH of locations moves home to the first new location unless home is sent', async () => {
      await addLocation(srv, 30, null, 'Fremont');
      const id = await createMonitor(srv, token, 'ping');
      await srv.request('PATCH', `/api/v3/monitors/ping/${id}`, { token, body: { locations: [{ id: 30 }] } });
      let m = await getMonitor(srv, token, id);
      assert.equal(m.home_location, 30);
      await srv.request('PATCH', `/api/v3/monitors/ping/${id}`, {
        token,
        body: { locations: [{ id: 30 }, { id: 10 }], home_location: 10 },
      });
      m = await getMonitor(srv, token, id);
      assert.equal(m.home_location, 10);
      assert.deepEqual(
        m.locations.map((l: { id: number }) => l.id),
        [30, 10],
      );
    });
  });
}
