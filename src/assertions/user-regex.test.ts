import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { RegexTimeoutError, testUserRegex } from './user-regex.ts';

describe('user regular expressions', () => {
  it('match like RegExp.test', () => {
    assert.equal(testUserRegex('ab+c', 'xxabbbcxx'), true);
    assert.equal(testUserRegex('^ab+c$', 'xxabbbcxx'), false);
  });

  it('are interrupted when they backtrack catastrophically', () => {
    const t0 = performance.now();
    assert.throws(() => testUserRegex('^(a+)+$', `${'a'.repeat(40)}b`, 50), RegexTimeoutError);
    assert.ok(performance.now() - t0 < 1000);
  });
});

describe('keyword judging with a runaway pattern', () => {
  it('fails the check with a readable message instead of stalling the process', async () => {
    const { judgeKeyword } = await import('./keyword.ts');
    const problem = judgeKeyword(`${'a'.repeat(40)}b`, {
      keyword_string: '^(a+)+$',
      keyword_match_type: 'Regular Expression',
      keyword_match_invert: false,
    });
    assert.equal(problem?.code, 'KEYWORD_MISSING');
    assert.match(problem!.message, /ran longer than 100 ms/);
  });
});
