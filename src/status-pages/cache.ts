// The public status page answer, cached in process per slug: while an entry is fresh a request
// costs a Map lookup and no database statement, so heavy traffic on a page cannot load the
// database (one rebuild per slug per TTL, concurrent misses share it). Unknown slugs are cached
// too, or random slugs would each cost a query. Edits through this process drop the entry at
// once; other API processes see them within the TTL.

/** A built public answer: the HTTP status and the serialized JSON body. */
export interface CachedAnswer {
  status: 200 | 404;
  /** JSON text, serialized once per rebuild. */
  body: string;
}

/** The cache the public route reads and the management service invalidates. */
export interface PublicPageCache {
  /** The fresh answer for `slug`, building it with `build` when missing or stale. */
  get(slug: string, build: () => Promise<CachedAnswer>): Promise<CachedAnswer>;
  /** Forgets `slug` (after an edit). */
  drop(slug: string): void;
}

interface Entry {
  until: number;
  answer: Promise<CachedAnswer>;
}

/** A TTL cache bounded to `maxEntries` slugs (the oldest goes first when full). */
export function publicPageCache(ttlMs: number, now: () => number, maxEntries = 10_000): PublicPageCache {
  const entries = new Map<string, Entry>();
  return {
    get(slug, build) {
      const t = now();
      const hit = entries.get(slug);
      if (hit && hit.until > t) return hit.answer;
      const answer = build();
      const entry = { until: t + ttlMs, answer };
      entries.delete(slug);
      if (entries.size >= maxEntries) entries.delete(entries.keys().next().value!);
      entries.set(slug, entry);
      // A failed build (database down) is not remembered.
      answer.catch(() => {
        if (entries.get(slug) === entry) entries.delete(slug);
      });
      return answer;
    },
    drop(slug) {
      entries.delete(slug);
    },
  };
}
