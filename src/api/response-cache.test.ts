import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ResponseCache } from './response-cache.ts';

const bytes = (n: number, c = 'x') => Buffer.from(c.repeat(n));

describe('ResponseCache', () => {
  it('keeps answers within its byte bound, least recently used out first', () => {
    const cache = new ResponseCache(100);
    cache.set('a', bytes(20, 'a'));
    cache.set('b', bytes(20, 'b'));
    cache.set('c', bytes(20, 'c'));
    cache.set('d', bytes(20, 'd'));
    assert.equal(cache.get('a')?.toString()[0], 'a'); // a is now the most recently used
    cache.set('e', bytes(25, 'e')); // 105 bytes: the least recently used (b) goes
    assert.equal(cache.get('b'), undefined);
    for (const k of ['a', 'c', 'd', 'e']) assert.ok(cache.get(k), k);
  });

  it('replaces an entry under the same key without counting it twice', () => {
    const cache = new ResponseCache(100);
    for (let i = 0; i < 10; i++) cache.set('same', bytes(25));
    cache.set('other', bytes(25));
    cache.set('third', bytes(25));
    for (const k of ['same', 'other', 'third']) assert.ok(cache.get(k), k);
  });

  it('does not keep an answer larger than a quarter of the bound, nor anything when off', () => {
    const cache = new ResponseCache(100);
    cache.set('small', bytes(10));
    cache.set('big', bytes(26));
    assert.equal(cache.get('big'), undefined);
    assert.ok(cache.get('small'));
    assert.equal(new ResponseCache(0).enabled, false);
  });
});
