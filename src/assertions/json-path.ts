// A small JSONPath subset for assertions and variables: `data.items[0].id`, optionally starting
// with `$` / `$.`, bracketed names (`['a.b']`, `["x y"]`) and array indexes (`[2]`, `[-1]` = last).
// No wildcards, filters or recursive descent: a property names exactly one value.

type Segment = string | number;

const TOKEN = /\[\s*(-?\d+)\s*\]|\[\s*'((?:[^'\\]|\\.)*)'\s*\]|\[\s*"((?:[^"\\]|\\.)*)"\s*\]|\.?([^.[\]]+)/gy;

/** The segments of a path, or null when it is not valid in this subset. */
export function parseJsonPath(path: string): Segment[] | null {
  const text = path.trim().replace(/^\$\.?/, '');
  const out: Segment[] = [];
  TOKEN.lastIndex = 0;
  while (TOKEN.lastIndex < text.length) {
    const m = TOKEN.exec(text);
    if (!m) return null;
    if (m[1] !== undefined) out.push(Number(m[1]));
    else out.push((m[2] ?? m[3] ?? m[4]!).replace(/\\(.)/g, '$1'));
  }
  return out;
}

/** The value at `path` in `root`; `found: false` when any step is missing. */
export function jsonPath(root: unknown, path: string): { found: boolean; value?: unknown } {
  const segments = parseJsonPath(path);
  if (!segments) return { found: false };
  let value: unknown = root;
  for (const seg of segments) {
    if (typeof seg === 'number') {
      if (!Array.isArray(value)) return { found: false };
      const i = seg < 0 ? value.length + seg : seg;
      if (i < 0 || i >= value.length) return { found: false };
      value = value[i];
    } else {
      if (value === null || typeof value !== 'object' || !Object.hasOwn(value, seg)) return { found: false };
      value = (value as Record<string, unknown>)[seg];
    }
  }
  return { found: true, value };
}
