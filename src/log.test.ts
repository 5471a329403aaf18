import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { describe, it } from 'node:test';
import { createLogger, redactUrls } from './log.ts';

function capture() {
  const lines: string[] = [];
  const sink = new Writable({
    write(chunk, _enc, done) {
      lines.push(String(chunk));
      done();
    },
  });
  return { log: createLogger('debug', sink), lines };
}

const SECRET_URL = 'http://alice:s3cr3t-pw@example.com/path?api_key=AKIA123&page=2&Token=tok-9&x_sig=zz';

describe('log redaction', () => {
  it('masks userinfo passwords and secret-looking query values, keeps the rest', () => {
    assert.equal(
      redactUrls(SECRET_URL),
      'http://alice:***@example.com/path?api_key=***&page=2&Token=***&x_sig=***',
    );
    assert.equal(redactUrls('ftp://only-token@host/'), 'ftp://only-token:***@host/');
    assert.equal(
      redactUrls('/tests?url=http://u:p@h/?password=pw'),
      '/tests?url=http://u:***@h/?password=***',
    );
    assert.equal(redactUrls('mail me at a@b.c, 1=1'), 'mail me at a@b.c, 1=1');
  });

  it('redacts URLs in messages, fields, nested fields, errors and request lines', () => {
    const { log, lines } = capture();
    log.info(`fetching ${SECRET_URL}`);
    log.debug({ target: SECRET_URL, nested: { list: [SECRET_URL] }, url: new URL(SECRET_URL) }, 'x');
    log.error({ err: new Error(`could not reach ${SECRET_URL}`) }, 'failed');
    log.info({
      req: { method: 'GET', url: `/api/v3/tests?url=${encodeURIComponent(SECRET_URL)}&token=abc` },
    });
    const text = lines.join('');
    for (const secret of ['s3cr3t-pw', 'AKIA123', 'tok-9', 'token=abc'])
      assert.ok(!text.includes(secret), secret);
    assert.match(text, /could not reach http:\/\/alice:\*\*\*@example\.com/);
    assert.match(text, /"stack":"Error: could not reach/);
  });
});
