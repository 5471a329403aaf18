// A small XML reader for assertions and variables. A path names elements from the root down,
// separated by `/` (a leading `/` is optional), each optionally indexed from 1 as in XPath
// (`order/items/item[2]/id`); a final `@name` reads an attribute (`order/@status`). Namespace
// prefixes are ignored (`soap:Body` matches `Body`). The value is the element's text content.
// No DTDs, no entities beyond the five predefined ones and numeric references.

/** One element of a parsed document. */
export interface XmlElement {
  name: string;
  attrs: Record<string, string>;
  children: XmlElement[];
  text: string;
}

const TAG =
  /<!--[\s\S]*?-->|<\?[\s\S]*?\?>|<!\[CDATA\[([\s\S]*?)\]\]>|<!DOCTYPE[^>]*>|<(\/?)([\w:.-]+)((?:\s+[\w:.-]+\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>|([^<]+)/g;
const ATTR = /([\w:.-]+)\s*=\s*(?:"([^"]*)"|'([^']*)')/g;

const local = (name: string) => name.slice(name.indexOf(':') + 1);

function decode(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#\d+|#x[0-9a-f]+);/gi, (_m, e: string) => {
    const named: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
    if (e[0] !== '#') return named[e.toLowerCase()]!;
    return String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : Number(e.slice(1)));
  });
}

/** Parses a document into its root element; null when it is not well-formed enough to read. */
export function parseXml(xml: string): XmlElement | null {
  const root: XmlElement = { name: '#document', attrs: {}, children: [], text: '' };
  const stack = [root];
  for (const m of xml.matchAll(TAG)) {
    const top = stack[stack.length - 1]!;
    if (m[1] !== undefined) top.text += m[1];
    else if (m[6] !== undefined) top.text += decode(m[6]);
    else if (m[3] !== undefined) {
      if (m[2]) {
        if (stack.length === 1 || local(top.name) !== local(m[3])) return null;
        const done = stack.pop()!;
        stack[stack.length - 1]!.text += done.text;
        continue;
      }
      const attrs: Record<string, string> = {};
      for (const a of (m[4] ?? '').matchAll(ATTR)) attrs[local(a[1]!)] = decode(a[2] ?? a[3] ?? '');
      const el: XmlElement = { name: m[3], attrs, children: [], text: '' };
      top.children.push(el);
      if (!m[5]) stack.push(el);
    }
  }
  return stack.length === 1 && root.children.length === 1 ? root.children[0]! : null;
}

/** The text (or attribute) at `path`; `found: false` when the document or the path has no such node. */
export function xmlPath(xml: string | XmlElement | null, path: string): { found: boolean; value?: string } {
  const root = typeof xml === 'string' ? parseXml(xml) : xml;
  if (!root) return { found: false };
  const parts = path.trim().replace(/^\/+/, '').split('/').filter(Boolean);
  const attr = parts.at(-1)?.startsWith('@') ? parts.pop()!.slice(1) : undefined;
  const [first, ...rest] = parts;
  const rootName = first?.replace(/\[1\]$/, '');
  let node: XmlElement | undefined = rootName && local(rootName) === local(root.name) ? root : undefined;
  for (const part of rest) {
    const m = /^([\w:.-]+)(?:\[(\d+)\])?$/.exec(part);
    if (!m || !node) return { found: false };
    const matches: XmlElement[] = node.children.filter((c) => local(c.name) === local(m[1]!));
    node = matches[(m[2] ? Number(m[2]) : 1) - 1];
  }
  if (!node) return { found: false };
  if (attr === undefined) return { found: true, value: node.text.trim() };
  return Object.hasOwn(node.attrs, attr) ? { found: true, value: node.attrs[attr] } : { found: false };
}
