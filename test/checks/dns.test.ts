import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { dnsExecutor } from '../../src/checks/dns.ts';
import { testContext, testInput } from '../helpers/check-context.ts';
import { dnsServer, silentDnsServer } from '../fakes/dns.ts';
import { UNRESOLVABLE_HOST, type Fake } from '../fakes/tcp.ts';

const lookup = (port: number | '', name: string, typeId = 0, hostname = '127.0.0.1') =>
  testInput('name-server', {
    hostname,
    ipv4: '',
    resolve_dns: true,
    port,
    name_to_resolve: name,
    name_to_resolve_id: typeId,
  });

describe('name-server executor against a dns2 server on loopback', () => {
  let server: Fake;
  before(async () => {
    server = await dnsServer(
      {
        'example.test': [
          { type: 'A', address: '10.0.0.1' },
          { type: 'AAAA', address: '2001:db8::1' },
          { type: 'MX', exchange: 'mail.example.test', priority: 10 },
          { type: 'TXT', data: 'v=spf1 -all' },
        ],
        'www.example.test': [{ type: 'CNAME', domain: 'example.test' }],
        'empty.example.test': [],
        '': [{ type: 'NS', ns: 'a.root.test' }],
      },
      ['broken.example.test'],
    );
  });
  after(() => server.close());

  it('A (type 0 = default): 0 with the address', async () => {
    const v = await dnsExecutor.run(lookup(server.port, 'example.test'), testContext());
    assert.equal(v.status, 0, v.info_msg);
    assert.equal(v.info_msg, 'example.test A answered 10.0.0.1');
    assert.equal(typeof v.responseMs, 'number');
  });

  it('AAAA, MX, CNAME and TXT by their type numbers', async () => {
    const cases: [string, number, string][] = [
      ['example.test', 28, 'example.test AAAA answered 2001:db8::1'],
      ['example.test', 15, 'example.test MX answered 10 mail.example.test'],
      ['www.example.test', 5, 'www.example.test CNAME answered example.test'],
      ['example.test', 16, 'example.test TXT answered v=spf1 -all'],
    ];
    for (const [name, id, info] of cases) {
      const v = await dnsExecutor.run(lookup(server.port, name, id), testContext());
      assert.equal(v.status, 0, v.info_msg);
      assert.equal(v.info_msg, info);
    }
  });

  it('an empty name asks the root zone for NS', async () => {
    const v = await dnsExecutor.run(lookup(server.port, ''), testContext());
    assert.equal(v.status, 0, v.info_msg);
    assert.equal(v.info_msg, '. NS answered a.root.test');
  });

  it('NXDOMAIN, no records of the type, SERVFAIL: 15', async () => {
    const cases: [string, string][] = [
      [
        'missing.example.test',
        `missing.example.test A does not exist (NXDOMAIN) at 127.0.0.1:${server.port}`,
      ],
      ['empty.example.test', `127.0.0.1:${server.port} has no A record for empty.example.test`],
      [
        'broken.example.test',
        `broken.example.test A failed on the server (SERVFAIL) at 127.0.0.1:${server.port}`,
      ],
    ];
    for (const [name, info] of cases) {
      const v = await dnsExecutor.run(lookup(server.port, name), testContext());
      assert.equal(v.status, 15, v.info_msg);
      assert.equal(v.info_msg, info);
    }
  });

  it('a name server that never answers: 2 at the deadline', async () => {
    const silent = await silentDnsServer();
    try {
      const started = Date.now();
      const input = { ...lookup(silent.port, 'example.test'), timeoutMs: 400 };
      const v = await dnsExecutor.run(input, testContext({ timeoutMs: 400 }));
      assert.equal(v.status, 2, v.info_msg);
      assert.equal(v.info_msg, `name server 127.0.0.1:${silent.port} did not answer example.test A in time`);
      assert.ok(Date.now() - started < 1500);
    } finally {
      await silent.close();
    }
  });

  it('nothing listening on the name server port: 1', async () => {
    const gone = await silentDnsServer();
    await gone.close();
    const v = await dnsExecutor.run(lookup(gone.port, 'example.test'), testContext());
    assert.equal(v.status, 1, v.info_msg);
    assert.equal(v.info_msg, `connection refused by name server 127.0.0.1:${gone.port}`);
  });

  it('loopback name server refused by the egress policy: 20', async () => {
    const v = await dnsExecutor.run(lookup(server.port, 'example.test'), testContext({ allow: [] }));
    assert.equal(v.status, 20);
    assert.equal(
      v.info_msg,
      'destination 127.0.0.1 is refused by the egress policy (loopback or an address of this host; SITEWATCH_EGRESS_ALLOW can allow it)',
    );
  });

  it('a name server name that does not resolve: 4', async () => {
    const v = await dnsExecutor.run(lookup(server.port, 'example.test', 0, UNRESOLVABLE_HOST), testContext());
    assert.equal(v.status, 4);
  });
});
