// Embedded objects of a page for full-page checks: what a browser would fetch before the page is
// complete, found without a browser. Deliberately small: img src, script src, and link href
// when rel names a stylesheet (or an icon); <base href> is honoured; comments, data:, javascript:
// and other non-http(s) URLs are skipped; duplicates count once. Not handled (documented in the
// README): srcset, CSS url(), objects added by scripts.

/** At most this many objects are fetched per page (a runaway page must not fan out without limit). */
export const MAX_OBJECTS = 100;

const TAG = /<(img|script|link|base)\b([^>]*)>/gi;
const ATTR = /([a-zA-Z_:][-a-zA-Z0-9_:.]*)\s*(?:=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?/g;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'", '#39': "'" };

function decodeEntities(value: string): string {
  return value.replace(/&(amp|lt|gt|quot|apos|#39);/g, (_m, name: string) => ENTITIES[name] ?? _m);
}

function attributes(raw: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of raw.matchAll(ATTR)) {
    const name = m[1]!.toLowerCase();
    if (!out.has(name)) out.set(name, decodeEntities((m[2] ?? m[3] ?? m[4] ?? '').trim()));
  }
  return out;
}

/** Which attribute of this tag names an object to fetch, if any. */
function objectRef(tag: string, attrs: Map<string, string>): string | undefined {
  if (tag === 'img' || tag === 'script') return attrs.get('src');
  if (tag === 'link') {
    const rel = (attrs.get('rel') ?? '').toLowerCase().split(/\s+/);
    return rel.includes('stylesheet') || rel.includes('icon') ? attrs.get('href') : undefined;
  }
  return undefined;
}

/** Absolute http(s) URLs of the page's embedded objects, in document order, at most MAX_OBJECTS. */
export function extractObjects(html: string, pageUrl: string | URL): URL[] {
  const text = html.replace(/<!--[\s\S]*?-->/g, '');
  let base: URL = new URL(pageUrl);
  const seen = new Set<string>();
  const out: URL[] = [];
  for (const m of text.matchAll(TAG)) {
    const tag = m[1]!.toLowerCase();
    const attrs = attributes(m[2] ?? '');
    if (tag === 'base') {
      const href = attrs.get('href');
      // Only the first <base> counts (HTML spec).
      if (href && out.length === 0 && base.href === new URL(pageUrl).href) base = safeUrl(href, base) ?? base;
      continue;
    }
    const ref = objectRef(tag, attrs);
    if (!ref) continue;
    const url = safeUrl(ref, base);
    if (!url || (url.protocol !== 'http:' && url.protocol !== 'https:')) continue;
    url.hash = '';
    if (seen.has(url.href)) continue;
    seen.add(url.href);
    out.push(url);
    if (out.length === MAX_OBJECTS) break;
  }
  return out;
}

function safeUrl(ref: string, base: URL): URL | undefined {
  try {
    return new URL(ref, base);
  } catch {
    return undefined;
  }
}
