import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DnsFailedError, EgressRefusedError } from './egress.ts';
import { judgeTcp } from '../assertions/tcp.ts';
import { networkHost } from './tcp.ts';

describe('tcp judge', () => {
  it('is OK with the connect time as the response time', () => {
    const v = judgeTcp({ ok: true, target: 'db:5432', address: '10.0.0.5', phases: { dns: 1, connect: 3 } });
    assert.equal(v.status, 0);
    assert.equal(v.responseMs, 3);
    assert.equal(v.info_msg, 'connected to db:5432 (10.0.0.5) in 3 ms');
    assert.deepEqual(v.detail, { address: '10.0.0.5' });
  });

  it('maps refused, unreachable, timeouts and egress refusals to their statuses', () => {
    const err = (code: string) => Object.assign(new Error(code), { code });
    const cases: [unknown, number, string][] = [
      [err('ECONNREFUSED'), 1, 'connection refused by db:5432'],
      [err('EHOSTUNREACH'), 1, 'db:5432 is unreachable'],
      [new DOMException('timed out', 'TimeoutError'), 2, 'db:5432 did not answer in time'],
      [new DnsFailedError('db', 'ENOTFOUND'), 4, 'host name db could not be resolved (ENOTFOUND)'],
      [new EgressRefusedError('10.0.0.5'), 20, 'destination 10.0.0.5 is refused by the egress policy'],
    ];
    for (const [error, status, info] of cases) {
      const v = judgeTcp({ ok: false, target: 'db:5432', error });
      assert.equal(v.status, status);
      assert.equal(v.info_msg, info);
      assert.equal(v.responseMs, null);
    }
  });
});

describe('networkHost', () => {
  it('uses ipv4 only when resolve_dns is off', () => {
    assert.equal(networkHost({ hostname: 'db.example', ipv4: '10.0.0.5', resolve_dns: false }), '10.0.0.5');
    assert.equal(networkHost({ hostname: 'db.example', ipv4: '10.0.0.5', resolve_dns: true }), 'db.example');
    assert.equal(networkHost({ hostname: 'db.example', ipv4: '', resolve_dns: false }), 'db.example');
  });
});
