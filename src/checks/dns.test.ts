import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeDns, type DnsObservation } from '../assertions/dns.ts';
import { nameServerPort, recordType } from './dns.ts';

const seen = (over: Partial<DnsObservation>): DnsObservation => ({
  server: 'ns1.example:53',
  name: 'example.com',
  type: 'A',
  ms: 4,
  ...over,
});
const err = (code: string) => Object.assign(new Error(code), { code });

describe('name-server judge', () => {
  it('answers: 0 with the records and the query time', () => {
    const v = judgeDns(seen({ answers: ['10.0.0.1', '10.0.0.3'] }));
    assert.equal(v.status, 0);
    assert.equal(v.info_msg, 'example.com A answered 10.0.0.1, 10.0.0.3');
    assert.equal(v.responseMs, 4);
    assert.deepEqual(v.detail, { server: 'ns1.example:53', record_type: 'A', answers: '10.0.0.1, 10.0.0.3' });
  });

  it('an expected answer must be among the records (case and trailing dot aside)', () => {
    assert.equal(judgeDns(seen({ answers: ['10.0.0.1', '10.0.0.2'] }), ['10.0.0.2']).status, 0);
    assert.equal(
      judgeDns(seen({ type: 'CNAME', answers: ['Web.Example.com'] }), ['web.example.com.']).status,
      0,
    );
    const v = judgeDns(seen({ answers: ['10.0.0.1'] }), ['10.0.0.2']);
    assert.equal(v.status, 15);
    assert.equal(v.info_msg, 'example.com A answered 10.0.0.1, expected 10.0.0.2');
  });

  it('no answer, NXDOMAIN and error answers: 15', () => {
    const cases: [DnsObservation, string][] = [
      [seen({ answers: [] }), 'ns1.example:53 gave no answer for example.com A'],
      [seen({ error: err('ENOTFOUND') }), 'example.com A does not exist (NXDOMAIN) at ns1.example:53'],
      [seen({ type: 'MX', error: err('ENODATA') }), 'ns1.example:53 has no MX record for example.com'],
      [seen({ error: err('ESERVFAIL') }), 'example.com A failed on the server (SERVFAIL) at ns1.example:53'],
      [
        seen({ error: err('EREFUSED') }),
        'example.com A was refused by the server (REFUSED) at ns1.example:53',
      ],
    ];
    for (const [o, info] of cases) {
      const v = judgeDns(o);
      assert.equal(v.status, 15, info);
      assert.equal(v.info_msg, info);
    }
  });

  it('silence is 2, a refused port 1, a garbled answer 3', () => {
    assert.equal(judgeDns(seen({ error: err('ETIMEOUT') })).status, 2);
    assert.equal(
      judgeDns(seen({ error: err('ECANCELLED') })).info_msg,
      'name server ns1.example:53 did not answer example.com A in time',
    );
    assert.equal(judgeDns(seen({ error: err('ECONNREFUSED') })).status, 1);
    assert.equal(judgeDns(seen({ error: err('EBADRESP') })).status, 3);
  });
});

describe('record type from name_to_resolve_id', () => {
  it('reads IANA type numbers; 0 and unknown numbers ask for A', () => {
    assert.equal(recordType(0), 'A');
    assert.equal(recordType(28), 'AAAA');
    assert.equal(recordType(15), 'MX');
    assert.equal(recordType(5), 'CNAME');
    assert.equal(recordType(16), 'TXT');
    assert.equal(recordType(999), 'A');
    assert.equal(recordType(undefined), 'A');
  });
});

describe('name server port', () => {
  it('"" and absent mean 53', () => {
    assert.equal(nameServerPort(''), 53);
    assert.equal(nameServerPort(undefined), 53);
    assert.equal(nameServerPort(5353), 5353);
  });
});
