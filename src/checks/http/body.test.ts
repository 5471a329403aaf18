import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { gzipSync } from 'node:zlib';
import { BodyDecoder, BodyDecodeError, sniffCharset } from './body.ts';

describe('sniffCharset: as a browser picks it', () => {
  const latin = (s: string) => Buffer.from(s, 'latin1');
  it('BOM, then the header, then meta (both forms) in the first 1024 bytes, then UTF-8', () => {
    assert.equal(
      sniffCharset(Buffer.from([0xef, 0xbb, 0xbf, 0x41]), 'text/html; charset=iso-8859-1'),
      'utf-8',
    );
    assert.equal(
      sniffCharset(latin('<meta charset="utf-8">'), 'text/html; charset=ISO-8859-1'),
      'windows-1252',
    );
    assert.equal(sniffCharset(latin('<meta charset=iso-8859-1>'), 'text/html'), 'windows-1252');
    assert.equal(
      sniffCharset(latin('<meta http-equiv="content-type" content="text/html; charset=koi8-r">'), ''),
      'koi8-r',
    );
    assert.equal(sniffCharset(latin(`${' '.repeat(1100)}<meta charset="koi8-r">`), 'text/html'), 'utf-8');
    assert.equal(sniffCharset(latin('<meta charset="utf-16">'), 'text/html'), 'utf-8');
    assert.equal(sniffCharset(latin('<meta charset="bogus">'), 'text/html'), 'utf-8');
    // Not HTML: meta is not looked for.
    assert.equal(sniffCharset(latin('<meta charset="koi8-r">'), 'application/json'), 'utf-8');
  });
});

describe('BodyDecoder', () => {
  it('stops decoding at its bound: a compression bomb costs no more than that', async () => {
    const bomb = gzipSync(Buffer.alloc(64 * 1024 * 1024));
    const d = new BodyDecoder('gzip', 1024 * 1024);
    for (let i = 0; i < bomb.length && !d.full; i += 16 * 1024) {
      d.push(bomb.subarray(i, i + 16 * 1024));
      await new Promise((resolve) => setImmediate(resolve));
    }
    const out = await d.finish(true);
    assert.equal(out.length, 1024 * 1024);
    assert.ok(d.decodedBytes < 8 * 1024 * 1024, `decoded ${d.decodedBytes}`);
  });

  it('identity passes through; a cut-off gzip stream decodes as far as it goes (as browsers do); garbage is an error', async () => {
    const plain = new BodyDecoder(undefined, 10);
    plain.push(Buffer.from('hello world'));
    assert.equal((await plain.finish(true)).toString(), 'hello worl');
    const gz = gzipSync(Buffer.from('x'.repeat(10_000)));
    const cut = new BodyDecoder('gzip', 100_000);
    cut.push(gz.subarray(0, 20));
    await cut.finish(false);
    const short = new BodyDecoder('gzip', 100_000);
    short.push(gz.subarray(0, gz.length - 8));
    assert.equal((await short.finish(true)).toString(), 'x'.repeat(10_000));
    const bad = new BodyDecoder('gzip', 100_000);
    bad.push(Buffer.from('this is not gzip'));
    await assert.rejects(bad.finish(true), BodyDecodeError);
    assert.throws(
      () => new BodyDecoder('compress', 10).push(Buffer.from('x')),
      /unsupported Content-Encoding "compress"/,
    );
  });
});
