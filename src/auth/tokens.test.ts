import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { bearerToken, newToken, tokenDigest } from './tokens.ts';

describe('tokens', () => {
  it('are 32 lowercase hex characters and never repeat', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 1000; i++) {
      const t = newToken();
      assert.match(t, /^[0-9a-f]{32}$/);
      seen.add(t);
    }
    assert.equal(seen.size, 1000);
  });

  it('are stored as a SHA-256 digest', () => {
    assert.equal(tokenDigest('abc'), 'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad');
  });

  it('parse from Authorization headers leniently but only for the Bearer scheme', () => {
    assert.equal(bearerToken('Bearer abc'), 'abc');
    assert.equal(bearerToken('  bearer\tabc  '), 'abc');
    assert.equal(bearerToken('BEARER abc'), 'abc');
    assert.equal(bearerToken('Basic abc'), null);
    assert.equal(bearerToken('Bearer'), null);
    assert.equal(bearerToken('Bearer a b'), null);
    assert.equal(bearerToken(undefined), null);
  });
});
