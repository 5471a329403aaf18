import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { expiryWindowDays, judgeCertExpiry } from './cert-expiry.ts';
import { judgeObjects, type ObjectResult } from './fullpage.ts';
import { judgeStatus, statusLine } from './http-status.ts';
import { judgeKeyword } from './keyword.ts';

const DAY = 86_400_000;

describe('judgeStatus', () => {
  it('fails 4xx/5xx with the status line and passes the rest', () => {
    assert.deepEqual(judgeStatus(503, 'Service Unavailable'), {
      code: 'HTTP_ERROR',
      message: 'HTTP 503 Service Unavailable',
    });
    assert.equal(judgeStatus(404, '')?.message, 'HTTP 404 Not Found');
    assert.equal(statusLine(599, ''), 'HTTP 599');
    for (const s of [200, 204, 301, 399]) assert.equal(judgeStatus(s, ''), null);
  });
});

describe('judgeKeyword', () => {
  const rule = (keyword_string: string, over: Partial<Parameters<typeof judgeKeyword>[1]> = {}) => ({
    keyword_string,
    keyword_match_type: 'Plain Text',
    keyword_match_invert: false,
    ...over,
  });
  it('plain text is a case-sensitive substring; empty checks nothing', () => {
    assert.equal(judgeKeyword('Hello World', rule('World')), null);
    assert.equal(judgeKeyword('Hello World', rule('world'))?.code, 'KEYWORD_MISSING');
    assert.equal(judgeKeyword('anything', rule('')), null);
    // Regex characters are literal in plain text.
    assert.equal(judgeKeyword('price: $5 (net)', rule('$5 (net)')), null);
  });
  it('regular expressions, and inversion', () => {
    const re = { keyword_match_type: 'Regular Expression' };
    assert.equal(judgeKeyword('order #123 ok', rule('#\\d+ ok', re)), null);
    assert.equal(
      judgeKeyword('order # ok', rule('#\\d+ ok', re))?.message,
      'text matching "#\\d+ ok" not found on the page',
    );
    const inv = { keyword_match_invert: true };
    assert.deepEqual(judgeKeyword('Fatal error', rule('error', inv)), {
      code: 'KEYWORD_PRESENT',
      message: 'forbidden keyword "error" is present on the page',
    });
    assert.equal(judgeKeyword('all good', rule('error', inv)), null);
  });
  it('quotes a long keyword shortened', () => {
    assert.ok(judgeKeyword('x', rule('k'.repeat(200)))!.message.includes('…'));
  });
});

describe('judgeCertExpiry', () => {
  const now = Date.UTC(2026, 0, 1);
  it('parses the setting', () => {
    assert.equal(expiryWindowDays('Off'), null);
    assert.equal(expiryWindowDays('Expired'), 0);
    assert.equal(expiryWindowDays('30 Days'), 30);
    assert.equal(expiryWindowDays('1 Day'), 1);
  });
  it('"Off" never fails, "Expired" only past notAfter, "<N> Days" inside the window', () => {
    assert.equal(judgeCertExpiry('Off', now - DAY, now, 'h'), null);
    assert.equal(judgeCertExpiry('Expired', now + DAY, now, 'h'), null);
    assert.equal(
      judgeCertExpiry('Expired', now - DAY, now, 'h')?.message,
      'the TLS certificate of h expired on 2025-12-31',
    );
    assert.equal(judgeCertExpiry('30 Days', now + 31 * DAY, now, 'h'), null);
    assert.equal(
      judgeCertExpiry('30 Days', now + 1.5 * DAY, now, 'h')?.message,
      'the TLS certificate of h expires in 1 day (2026-01-02), inside the 30-day warning window',
    );
    assert.match(judgeCertExpiry('30 Days', now + 3_600_000, now, 'h')!.message, /expires today/);
    assert.equal(judgeCertExpiry('30 Days', now + DAY, now, 'h')?.code, 'TLS_EXPIRED');
  });
});

describe('judgeObjects', () => {
  const ok = (url: string, bytes = 10): ObjectResult => ({
    url,
    status: 200,
    bytes,
    declaredLength: bytes,
    ms: 5,
  });
  const flags = { missing: true, sizes: true, timeoutS: 10 };
  it('passes when every object loaded whole', () => {
    assert.equal(judgeObjects([ok('a'), ok('b')], flags), null);
    assert.equal(judgeObjects([], flags), null);
  });
  it('missing before timed out before resized; lists at most three', () => {
    const gone = (u: string): ObjectResult => ({ ...ok(u), status: 404, statusText: 'Not Found' });
    const slow: ObjectResult = {
      url: 's',
      bytes: 0,
      declaredLength: null,
      ms: 10_000,
      failure: { code: 'TIMEOUT', message: 't' },
    };
    const short: ObjectResult = {
      ...ok('z'),
      bytes: 4,
      declaredLength: 10,
      failure: { code: 'CONNECTION_RESET', message: 'r' },
    };
    const all = [gone('1'), gone('2'), gone('3'), gone('4'), slow, short];
    assert.deepEqual(judgeObjects(all, flags), {
      code: 'FULLPAGE_MISSING',
      message:
        '4 of 6 embedded objects are missing: 1 (HTTP 404 Not Found); 2 (HTTP 404 Not Found); 3 (HTTP 404 Not Found) and 1 more',
    });
    assert.equal(judgeObjects(all, { ...flags, missing: false })?.code, 'FULLPAGE_TIMEOUT');
    assert.equal(judgeObjects([slow], { ...flags, missing: false, sizes: false })?.code, 'FULLPAGE_TIMEOUT');
    assert.equal(
      judgeObjects([short, ok('a')], flags)?.message,
      'embedded object size changed: z (4 of 10 declared bytes)',
    );
    assert.equal(judgeObjects([short], { ...flags, sizes: false }), null);
  });
});
