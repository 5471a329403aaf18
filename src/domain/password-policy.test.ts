import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { passwordProblem } from './password-policy.ts';

describe('password policy', () => {
  it('wants 8 to 256 characters and refuses common passwords', () => {
    assert.match(passwordProblem('1234567')!, /at least 8/);
    assert.match(passwordProblem('x'.repeat(257))!, /at most 256/);
    assert.match(passwordProblem('password')!, /too common/);
    assert.match(passwordProblem('Iloveyou1')!, /too common/);
    assert.equal(passwordProblem('correct horse battery staple'), null);
    assert.equal(passwordProblem('x'.repeat(256)), null);
  });
});
