import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { extractObjects, MAX_OBJECTS } from './objects.ts';

const hrefs = (html: string, base = 'https://shop.example/catalog/page.html') =>
  extractObjects(html, base).map((u) => u.href);

describe('extractObjects', () => {
  it('finds img/script src and stylesheet/icon links, resolved against the page, in order', () => {
    const html = `
      <LINK REL="Stylesheet" HREF="/css/site.css">
      <link rel="preload" href="/font.woff2"><link rel="alternate" href="/feed.xml">
      <link rel="shortcut icon" href=favicon.ico>
      <script src='app.js?v=1&amp;x=2' defer></script><script>inline()</script>
      <img alt="logo" src="//cdn.example/logo.png#frag"><img data-src="/lazy.png">`;
    assert.deepEqual(hrefs(html), [
      'https://shop.example/css/site.css',
      'https://shop.example/catalog/favicon.ico',
      'https://shop.example/catalog/app.js?v=1&x=2',
      'https://cdn.example/logo.png',
    ]);
  });

  it('skips comments, data:/javascript: URLs and duplicates', () => {
    const html = `<!-- <img src="/commented.png"> --><img src="data:image/png;base64,AAAA">
      <script src="javascript:void(0)"></script><img src="/a.png"><img src="/a.png#x"><img src="">`;
    assert.deepEqual(hrefs(html), ['https://shop.example/a.png']);
  });

  it('honours the first <base href>', () => {
    const html = '<base href="https://static.example/v2/"><base href="/ignored/"><img src="i.png">';
    assert.deepEqual(hrefs(html), ['https://static.example/v2/i.png']);
  });

  it(`stops at ${MAX_OBJECTS} objects`, () => {
    const html = Array.from({ length: MAX_OBJECTS + 20 }, (_, i) => `<img src="/${i}.png">`).join('');
    assert.equal(hrefs(html).length, MAX_OBJECTS);
  });

  it('survives malformed markup', () => {
    const got = hrefs('<img src="/ok.png"<script src=<img src="http://[bad/x.png"><img src="http://[bad]/">');
    assert.ok(
      got.every((h) => !h.includes('bad')),
      got.join(),
    );
    assert.deepEqual(hrefs('<img src="/ok.png">'), ['https://shop.example/ok.png']);
  });
});
