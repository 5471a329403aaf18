import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { describe, it } from 'node:test';
import { secretBox } from './secret-box.ts';

describe('secret box', () => {
  it('round-trips, never shows the plaintext, and detects tampering or a wrong key', () => {
    const box = secretBox(randomBytes(32));
    const sealed = box.seal('hunter2 secret');
    assert.equal(sealed.includes('hunter2'), false);
    assert.notEqual(box.seal('hunter2 secret'), sealed);
    assert.equal(box.open(sealed), 'hunter2 secret');
    const parts = sealed.split(':');
    parts[3] = Buffer.from('tampered').toString('base64url');
    assert.throws(() => box.open(parts.join(':')));
    assert.throws(() => secretBox(randomBytes(32)).open(sealed));
  });
});
