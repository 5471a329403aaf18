import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgePage, nameSome, type PageObservation } from './judge.ts';

const base: PageObservation = {
  url: 'https://shop.example/',
  finalHost: 'shop.example',
  mainStatus: 200,
  mainStatusText: 'OK',
  mainError: null,
  mainRefused: false,
  timedOut: false,
  timeoutMs: 30_000,
  loadMs: 1234,
  requests: 7,
  failed: [],
  blocked: [],
  pending: [],
  phases: { firstByte: 20 },
};

describe('browser judge', () => {
  it('passes a loaded page with its load time', () => {
    const v = judgePage(base);
    assert.equal(v.status, 0);
    assert.equal(v.responseMs, 1234);
    assert.equal(v.info_msg, 'page https://shop.example/ loaded in 1.23 s (7 requests)');
  });

  it('names failed and blocked requests without failing the page', () => {
    const failed = ['a', 'b', 'c', 'd', 'e'].map((x) => ({
      url: `https://cdn/${x}.png`,
      reason: 'HTTP 404',
    }));
    const v = judgePage({ ...base, failed, blocked: [{ url: 'http://10.0.0.1/x', reason: 'refused' }] });
    assert.equal(v.status, 0);
    assert.match(
      v.info_msg,
      /; 5 requests failed: https:\/\/cdn\/a\.png \(HTTP 404\), .* and 2 more; 1 request blocked by the egress policy: http:\/\/10\.0\.0\.1\/x$/,
    );
    assert.equal(v.detail?.failed_requests, 5);
    assert.equal(v.detail?.blocked_requests, 1);
  });

  it('orders the failures: refused, timeout, navigation error, HTTP error', () => {
    assert.equal(judgePage({ ...base, mainRefused: true, timedOut: true }).status, 20);
    const t = judgePage({
      ...base,
      timedOut: true,
      mainError: 'Timeout',
      pending: ['https://shop.example/slow.js'],
    });
    assert.equal(t.status, 2);
    assert.equal(
      t.info_msg,
      'page https://shop.example/ did not finish loading within 30 s; still waiting for https://shop.example/slow.js',
    );
    assert.equal(
      judgePage({ ...base, mainStatus: null, mainError: 'net::ERR_NAME_NOT_RESOLVED' }).status,
      19,
    );
    const http = judgePage({ ...base, mainStatus: 503, mainStatusText: 'Service Unavailable' });
    assert.equal(http.status, 19);
    assert.equal(http.info_msg, 'page https://shop.example/ answered HTTP 503 Service Unavailable');
  });

  it('names a few items', () => {
    assert.equal(nameSome(['a']), 'a');
    assert.equal(nameSome(['a', 'b', 'c', 'd']), 'a, b, c and 1 more');
  });
});
