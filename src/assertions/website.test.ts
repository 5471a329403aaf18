import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { judgeWebsite, type PageFacts, type WebRules } from './website.ts';

// The website judge needs no network: observations are plain data.

const page = (over: Partial<PageFacts> = {}): PageFacts => ({
  url: 'https://shop.example/',
  host: 'shop.example',
  status: 200,
  statusText: 'OK',
  text: '<h1>Featured products</h1>',
  bodyBytes: 120,
  decodedBytes: 300,
  encoding: 'gzip',
  truncated: false,
  limitBytes: 4 * 1024 * 1024,
  redirects: 0,
  target: '192.0.2.1:443',
  totalMs: 80,
  phases: { dns: 1, connect: 2, tls: 3, firstByte: 70, download: 4 },
  ...over,
});
const rules: WebRules = {
  keyword_string: 'Featured products',
  keyword_match_type: 'Plain Text',
  keyword_match_invert: false,
};
const NOW = Date.parse('2026-11-29T00:00:00Z');

describe('judgeWebsite', () => {
  it('0 with both sizes and the encoding in detail', () => {
    const v = judgeWebsite({ ok: true, page: page() }, rules, false, NOW);
    assert.equal(v.status, 0);
    assert.equal(v.info_msg, 'HTTP 200 OK');
    assert.equal(v.detail?.page_bytes, 120);
    assert.equal(v.detail?.decoded_bytes, 300);
    assert.equal(v.detail?.content_encoding, 'gzip');
  });

  it('a page read only in part says so, passing or missing its keyword', () => {
    const cut = page({ truncated: true });
    assert.equal(
      judgeWebsite({ ok: true, page: cut }, rules, false, NOW).info_msg,
      'HTTP 200 OK (read the first 4 MiB of a longer body)',
    );
    const missing = judgeWebsite({ ok: true, page: cut }, { ...rules, keyword_string: 'gone' }, false, NOW);
    assert.equal(missing.status, 5);
    assert.equal(missing.info_msg, 'keyword "gone" not found in the first 4 MiB of the page');
  });

  it('status before keyword before certificate window; transport failures pass through', () => {
    const cert = { notAfter: NOW + 3 * 86_400_000, subject: 'CN=shop', issuer: 'CN=ca' };
    const soon = judgeWebsite(
      { ok: true, page: page({ cert }) },
      { ...rules, check_ssl_expiration_dates: '30 Days' },
      true,
      NOW,
    );
    assert.equal(soon.status, 13);
    const down = judgeWebsite(
      { ok: true, page: page({ cert, status: 503, statusText: '' }) },
      rules,
      true,
      NOW,
    );
    assert.equal(down.info_msg, 'HTTP 503 Service Unavailable');
    const reset = judgeWebsite(
      {
        ok: false,
        failure: {
          code: 'CONNECTION_RESET',
          message: 'connection to x was closed or reset',
          elapsedMs: 5,
          phases: {},
        },
      },
      rules,
      false,
      NOW,
    );
    assert.deepEqual([reset.status, reset.responseMs], [6, 5]);
  });

  it('full page: objects that timed out against the deadline are 2; a missing object is 7121 when asked', () => {
    const late = judgeWebsite(
      { ok: true, page: page(), objectsTimedOutAfterS: 30, fullpageMs: 30_100 },
      rules,
      false,
      NOW,
    );
    assert.deepEqual([late.status, late.info_msg], [2, "the page's objects did not all load within 30 s"]);
    const objects = [
      {
        url: 'https://shop.example/a.png',
        status: 404,
        statusText: '',
        bytes: 0,
        declaredLength: null,
        ms: 3,
      },
    ];
    const missing = judgeWebsite(
      { ok: true, page: page(), objects, fullpageMs: 90 },
      { ...rules, check_fullpage_missing_objects: true },
      false,
      NOW,
    );
    assert.equal(missing.status, 7121);
    assert.equal(missing.detail?.fullpage_ms, 90);
  });
});
